package runtime

import (
	"errors"
	"log/slog"
	stdruntime "runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// An idle worker takes one job: more jobs than idle workers start more
// workers, up to the bound, so jobs that wait for each other all run at
// once (asyncio's ThreadPoolExecutor takes its idle semaphore once per
// idle thread).
func TestToThreadIdleWorkerCountedOnce(t *testing.T) {
	l := NewLoop(WithExecutorWorkers(4))
	defer l.Close()
	// One job leaves an idle worker behind.
	if _, err := RunUntilComplete(l, script(await(func() Awaitable[int] {
		return ToThread(func() (int, error) { return 0, nil })
	}, nil))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		l.exec.mu.Lock()
		idle := l.exec.idle
		l.exec.mu.Unlock()
		if idle == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the worker never went idle")
		}
		time.Sleep(time.Millisecond)
	}
	// Four jobs that each wait until all four run: with one worker
	// taking them in turn, none would return.
	var arrived atomic.Int32
	all := make(chan struct{})
	job := func() (bool, error) {
		if arrived.Add(1) == 4 {
			close(all)
		}
		select {
		case <-all:
			return true, nil
		case <-time.After(2 * time.Second):
			return false, nil
		}
	}
	var got []bool
	if _, err := RunUntilComplete(l, script(await(func() Awaitable[[]bool] {
		return Gather(ToThread(job), ToThread(job), ToThread(job), ToThread(job))
	}, func(v []bool, _ error) { got = v }))); err != nil {
		t.Fatal(err)
	}
	for i, ok := range got {
		if !ok {
			t.Errorf("job %d gave up waiting for the others: the jobs did not run at once (%v)", i, got)
		}
	}
}

// A job that calls runtime.Goexit (as testing's FailNow does) still ends
// its await, with an error, and its worker is replaced.
func TestToThreadGoexit(t *testing.T) {
	l := NewLoop(WithExecutorWorkers(1))
	var errs [2]error
	var second int
	_, err := runOn(l, script(
		await(func() Awaitable[int] {
			return ToThread(func() (int, error) { stdruntime.Goexit(); return 1, nil })
		}, func(_ int, err error) { errs[0] = err }),
		await(func() Awaitable[int] {
			return ToThread(func() (int, error) { return 2, nil })
		}, func(v int, err error) { second, errs[1] = v, err }),
	))
	if err != nil {
		t.Fatal(err)
	}
	if errs[0] == nil || !strings.Contains(errs[0].Error(), "runtime.Goexit") {
		t.Errorf("the Goexit job's await returned %v, want an error naming runtime.Goexit", errs[0])
	}
	if second != 2 || errs[1] != nil {
		t.Errorf("the next job on the one-worker pool returned %d, %v; want 2, nil", second, errs[1])
	}
}

// Run shuts the executor down while the loop still runs, as asyncio.run's
// shutdown_default_executor: a job abandoned by a timeout that hands work
// to the loop and waits for its answer gets it, and Run returns.
func TestRunShutdownRunsLoopForExecutor(t *testing.T) {
	var l *Loop
	gate, answered := make(chan struct{}), make(chan int, 1)
	job := func() (int, error) {
		<-gate
		reply := make(chan int, 1)
		if err := l.CallSoonThreadsafe(func() { reply <- 42 }); err != nil {
			return 0, err
		}
		answered <- <-reply
		return 0, nil
	}
	l = NewLoop()
	var waitErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		runOn(l, script(
			await(func() Awaitable[int] { return WaitFor(ToThread(job), time.Millisecond) },
				func(_ int, err error) { waitErr = err }),
			do(func() { close(gate) }),
		))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return: the job's callback was never run")
	}
	if !errors.Is(waitErr, ErrTimeout) {
		t.Errorf("WaitFor returned %v, want ErrTimeout", waitErr)
	}
	select {
	case v := <-answered:
		if v != 42 {
			t.Errorf("the job got %d, want 42", v)
		}
	default:
		t.Error("the job got no answer from the loop")
	}
}

// A callback handed over by another goroutine in the pass that stops the
// loop still runs before Run closes the loop.
func TestRunShutdownRunsInbox(t *testing.T) {
	var l *Loop
	ran := false
	l = NewLoop()
	_, err := runOn(l, script(do(func() {
		// Runs in the pass that stops the loop.
		l.CallSoon(func() {
			done := make(chan error)
			go func() { done <- l.CallSoonThreadsafe(func() { ran = true }) }()
			if err := <-done; err != nil {
				t.Error(err)
			}
		})
	})))
	if err != nil {
		t.Fatal(err)
	}
	if !ran {
		t.Error("a callback accepted by CallSoonThreadsafe before Run returned never ran")
	}
}

// After Run's shutdown of the executor, ToThread is refused with an error
// rather than queued for no worker.
func TestToThreadAfterShutdown(t *testing.T) {
	l2 := NewLoop()
	l2.executor().shutdown(false)
	var err error
	if _, e := RunUntilComplete(l2, script(await(func() Awaitable[int] {
		return ToThread(func() (int, error) { return 1, nil })
	}, func(_ int, e error) { err = e }))); e != nil {
		t.Fatal(e)
	}
	l2.Close()
	if !errors.Is(err, errExecutorShutDown) {
		t.Errorf("ToThread after the executor's shutdown returned %v, want %v", err, errExecutorShutDown)
	}
}

// While a ToThread call is out, a virtual clock follows real time: a
// call of a millisecond ends before a timeout of ten minutes, as on the
// real clock, and a call longer than its timeout still times out.
func TestVirtualClockWaitsForThreads(t *testing.T) {
	for range 20 {
		var v int
		var err error
		if _, e := Run(script(await(func() Awaitable[int] {
			return WaitFor(ToThread(func() (int, error) { time.Sleep(time.Millisecond); return 1, nil }), 10*time.Minute)
		}, func(x int, e error) { v, err = x, e })), WithClock(NewVirtualClock())); e != nil {
			t.Fatal(e)
		}
		if v != 1 || err != nil {
			t.Fatalf("WaitFor(a 1ms call, 10min) on a virtual clock returned %d, %v; want 1, nil", v, err)
		}
	}
	release := make(chan struct{})
	vc := NewVirtualClock()
	var err error
	if _, e := Run(script(
		await(func() Awaitable[int] {
			return WaitFor(ToThread(func() (int, error) { <-release; return 1, nil }), 5*time.Millisecond)
		}, func(_ int, e error) { err = e }),
		do(func() { close(release) }),
	), WithClock(vc)); e != nil {
		t.Fatal(e)
	}
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("WaitFor(a call that outlasts it, 5ms) returned %v, want ErrTimeout", err)
	}
	if now := vc.Now(); now < 5*time.Millisecond {
		t.Errorf("the clock read %v after the timeout, want at least 5ms", now)
	}
}

// Nil callbacks are refused where they are given (asyncio: TypeError),
// not when the loop would call them.
func TestNilCallbacks(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	if _, err := l.CallSoon(nil); err == nil || !strings.Contains(err.Error(), "nil func") {
		t.Errorf("CallSoon(nil): %v, want an error", err)
	}
	if _, err := l.CallLater(time.Second, nil); err == nil || !strings.Contains(err.Error(), "nil func") {
		t.Errorf("CallLater(nil): %v, want an error", err)
	}
	if _, err := l.CallAt(time.Second, nil); err == nil {
		t.Errorf("CallAt(nil): %v, want an error", err)
	}
	if err := l.CallSoonThreadsafe(nil); err == nil || !strings.Contains(err.Error(), "nil func") {
		t.Errorf("CallSoonThreadsafe(nil): %v, want an error", err)
	}
}

// A callback from another goroutine keeps its place among the callbacks
// and tasks scheduled after it, as asyncio's call_soon_threadsafe appends
// to the ready queue at once (CPython 3.11 prints 1 2 3 step 5 6).
func TestCallSoonThreadsafeOrder(t *testing.T) {
	var log []string
	note := func(s string) func() { return func() { log = append(log, s) } }
	l := NewLoop()
	fromGoroutine := func(s string) {
		done := make(chan struct{})
		go func() {
			if err := l.CallSoonThreadsafe(note(s)); err != nil {
				t.Error(err)
			}
			close(done)
		}()
		<-done
	}
	l.CallSoon(note("1 soon"))
	fromGoroutine("2 threadsafe")
	l.CallSoon(note("3 soon"))
	if _, err := RunUntilComplete(l, script(do(note("step")))); err != nil {
		t.Fatal(err)
	}
	l.CallSoon(func() {
		fromGoroutine("5 threadsafe")
		l.CallSoon(func() { note("6 soon")(); l.Stop() })
	})
	if err := l.RunForever(); err != nil {
		t.Fatal(err)
	}
	l.Close()
	want := []string{"1 soon", "2 threadsafe", "3 soon", "step", "5 threadsafe", "6 soon"}
	if !slices.Equal(log, want) {
		t.Errorf("ran %q, want %q", log, want)
	}
}

// Two loops may use one VirtualClock in turn, not at once: the clock
// would race and move back.
// A task woken on the loop while a callback from another goroutine waits in
// the inbox runs after that callback: the wake-up takes the inbox in
// first, as asyncio's call_soon_threadsafe appends to the ready queue at
// once.
func TestWakeAfterThreadsafeCallback(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var log []string
	f := NewFuture[int]()
	_, err := runOn(l, script(
		do(func() {
			SpawnOn(l, script(await(func() Awaitable[int] { return f }, func(int, error) { log = append(log, "task") })))
		}),
		sleep(0), // the task waits
		do(func() {
			done := make(chan struct{})
			go func() { l.CallSoonThreadsafe(func() { log = append(log, "threadsafe") }); close(done) }()
			<-done
			f.SetResult(1)
		}),
		sleep(0), sleep(0),
	))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(log, " "); got != "threadsafe task" {
		t.Fatalf("ran %s, want threadsafe, then task", got)
	}
}

func TestVirtualClockOneLoopAtATime(t *testing.T) {
	vc := NewVirtualClock()
	a, b := NewLoop(WithClock(vc)), NewLoop(WithClock(vc))
	defer a.Close()
	defer b.Close()
	var errB error
	if _, err := RunUntilComplete(a, script(
		sleep(time.Second),
		do(func() {
			done := make(chan struct{})
			go func() {
				defer close(done)
				_, errB = RunUntilComplete(b, script(sleep(time.Second)))
			}()
			<-done
		}),
	)); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(errB, errClockInUse) {
		t.Errorf("running a second loop on the clock of a running one: %v, want %v", errB, errClockInUse)
	}
	// In turn is fine: the clock goes on from where the first left it.
	if _, err := RunUntilComplete(b, script(sleep(time.Second))); err != nil {
		t.Fatal(err)
	}
	if vc.Now() != 2*time.Second {
		t.Errorf("the shared clock reads %v, want 2s", vc.Now())
	}
}

// Debug mode catches a Future completed on another goroutine while a task
// of the running loop awaits it (asyncio's debug mode: "Non-thread-safe
// operation invoked on an event loop other than the current one").
func TestDebugWakeOffLoop(t *testing.T) {
	type offLoopWake struct {
		name string
		wait func() step // what the task awaits
		wake func()      // what the other goroutine does
	}
	fut, q, q2 := NewFuture[int](), NewQueue[int](0), NewQueue[int](0)
	q2.PutNowait(0)
	q2.GetNowait() // the ring exists: PutNowait hands off to a getter itself
	for _, tc := range []offLoopWake{
		{"Future", func() step { return await(func() Awaitable[int] { return fut }, nil) }, func() { fut.SetResult(1) }},
		{"Queue", func() step { return await(func() Awaitable[int] { return q.Get() }, nil) }, func() { q.PutNowait(1) }},
		{"QueueHandOff", func() step { return await(func() Awaitable[int] { return q2.Get() }, nil) }, func() { q2.PutNowait(1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := NewLoop(WithDebug(), WithLogger(slog.New(slog.DiscardHandler)))
			var recovered any
			var waiter *Task[struct{}]
			var flags uint8
			_, err := runOn(l, script(
				do(func() { waiter = SpawnOn(l, script(tc.wait())) }),
				sleep(0), // the task waits
				do(func() {
					done := make(chan struct{})
					go func() {
						defer close(done)
						defer func() { recovered = recover() }()
						tc.wake()
					}()
					<-done
					flags = waiter.flags
					// Were the check late, the flags would say woken with
					// the task not queued, and the cancellation of Run's
					// exit would never wake it: the test would hang
					// instead of failing.
					waiter.flags &^= woken | queued
				}),
			))
			if err != nil {
				t.Fatal(err)
			}
			if s, _ := recovered.(string); !strings.Contains(s, "woken or spawned on another goroutine") {
				t.Errorf("woken on another goroutine, in debug mode: recovered %v, want the check's panic", recovered)
			}
			if flags&(woken|queued) != 0 {
				t.Errorf("the waiter's flags after the refused wake-up: %b, want neither woken nor queued (the check comes first)", flags)
			}
		})
	}
}

// Close does not wait for the executor's calls, as asyncio's loop.close
// shuts its executor down with wait=False: a call still running, and one
// still queued behind it, finish afterwards, with their results dropped.
func TestCloseDoesNotWaitForThreads(t *testing.T) {
	l := NewLoop(WithExecutorWorkers(1))
	started, release := make(chan struct{}), make(chan struct{})
	var ran atomic.Int32
	job := func() (int, error) {
		if ran.Add(1) == 1 {
			close(started)
			<-release
		}
		return 0, nil
	}
	for range 2 {
		SpawnOn(l, script(await(func() Awaitable[int] { return ToThread(job) }, nil)))
	}
	if _, err := RunUntilComplete(l, script(sleep(0), do(func() { <-started }))); err != nil {
		t.Fatal(err)
	}
	closed := make(chan error)
	go func() { closed <- l.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		close(release)
		t.Fatal("Close waited for a running ToThread call")
	}
	close(release)
	l.exec.wg.Wait()
	if n := ran.Load(); n != 2 {
		t.Errorf("%d calls ran after Close; want 2: the running one and the queued one", n)
	}
}

// A Stop that comes while Run shuts down (from a callback, a signal
// handler) does not end the wait for the executor: Run returns once the
// calls running have finished, as its doc says.
func TestRunShutdownOutlastsStop(t *testing.T) {
	var l *Loop
	started, stopped, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var finished atomic.Bool
	job := func() (int, error) {
		close(started)
		<-release
		finished.Store(true)
		return 0, nil
	}
	go func() {
		<-started
		l.CallSoonThreadsafe(func() { l.Stop(); close(stopped) })
		<-stopped
		close(release)
	}()
	l = NewLoop()
	_, err := runOn(l, script(
		do(func() { SpawnOn(l, script(await(func() Awaitable[int] { return ToThread(job) }, nil))) }),
		sleep(0), // the task submits the call
		do(func() { <-started }),
	))
	if err != nil {
		t.Fatal(err)
	}
	if !finished.Load() {
		t.Error("Run returned while a ToThread call was still running: a Stop ended its wait for the executor")
	}
}
