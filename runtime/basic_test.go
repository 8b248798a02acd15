package runtime

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// A sleeping task cancelled by a callback due with its timer, and set
// before it, is woken by both in the same pass and runs once: once in the
// ready queue, a second wake-up only marks it woken. (Run twice, it would
// poll its next await again, linking itself twice into the future's
// waiters, and another waiter would be lost.) asyncio 3.11 prints the same
// three lines.
func TestWakeQueuedTaskOnce(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	var log []string
	var a *Task[struct{}]
	f := NewFuture[int]()
	_, err := runOn(l, script(
		do(func() {
			SpawnOn(l, script(await(func() Awaitable[int] { return f }, func(v int, err error) { log = append(log, fmt.Sprint("c got ", v, err)) })))
			l.CallLater(time.Second, func() { a.Cancel() }) // due with a's timer, and before it
			a = SpawnOn(l, script(
				await(func() Awaitable[struct{}] { return Sleep(time.Second) }, func(_ struct{}, err error) { log = append(log, "slept: "+fmt.Sprint(err)) }),
				await(func() Awaitable[int] { return f }, func(v int, err error) { log = append(log, fmt.Sprint("a got ", v, err)) }),
			))
		}),
		sleep(5*time.Second),
		do(func() { f.SetResult(7) }),
		sleep(0), sleep(0),
	))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"slept: " + ErrCancelled.Error(), "c got 7 <nil>", "a got 7 <nil>"}
	if diff := cmp.Diff(want, log); diff != "" {
		t.Fatalf("log (-want +got):\n%s", diff)
	}
}

func TestSleepOrderVirtual(t *testing.T) {
	var log []string
	vc := NewVirtualClock()
	worker := func(name string, d time.Duration) Coro[struct{}] {
		return script(
			do(func() { log = append(log, name+" start") }),
			await(func() Awaitable[struct{}] { return Sleep(d) }, nil),
			do(func() { log = append(log, name+" end") }),
		)
	}
	var now time.Duration
	var tasks []*Task[struct{}]
	main := script(
		do(func() {}),
		await(func() Awaitable[struct{}] { return Sleep(0) }, nil),
	)
	_ = main
	l := NewLoop(WithClock(vc))
	tasks = append(tasks, SpawnOn(l, worker("b", 2*time.Second)), SpawnOn(l, worker("a", time.Second)))
	_, err := RunUntilComplete(l, script(
		await(func() Awaitable[struct{}] { return tasks[0] }, nil),
		do(func() { now = l.Now() }),
	))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"b start", "a start", "a end", "b end"}
	if diff := cmp.Diff(want, log); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if now != 2*time.Second {
		t.Errorf("virtual time = %v, want 2s", now)
	}
}

func TestCoroutineInlineAndTwice(t *testing.T) {
	c := value(42, nil)
	var got []int
	var errs []error
	_, err := Run(script(
		await(func() Awaitable[int] { return c }, func(v int, err error) { got = append(got, v); errs = append(errs, err) }),
		await(func() Awaitable[int] { return c }, func(v int, err error) { got = append(got, v); errs = append(errs, err) }),
	), WithClock(NewVirtualClock()))
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != 42 || errs[0] != nil {
		t.Errorf("first await = %v, %v", got[0], errs[0])
	}
	if !errors.Is(errs[1], ErrReused) {
		t.Errorf("second await error = %v, want ErrReused", errs[1])
	}
	if msg := errs[1].Error(); !strings.Contains(msg, "runtime.value awaited twice") || !strings.Contains(msg, "call valueAsync(...) again") {
		t.Errorf("second await error = %q, want it to name the coroutine and say to call valueAsync again", msg)
	}
}

// A coroutine that was spawned belongs to its task: awaiting it is an
// error, whether the task has ended or not (asyncio: RuntimeError, cannot
// reuse already awaited coroutine), that says to await the task.
func TestCoroutineAwaitedAfterSpawn(t *testing.T) {
	for _, ended := range []bool{false, true} {
		c := value(42, nil)
		var task *Task[int]
		var v int
		var err error
		l := NewLoop(WithClock(NewVirtualClock()))
		steps := []step{do(func() { task = SpawnOn(l, c) })}
		if ended {
			steps = append(steps, await(func() Awaitable[int] { return task }, nil))
		}
		steps = append(steps, await(func() Awaitable[int] { return c }, func(got int, e error) { v, err = got, e }))
		if _, runErr := RunUntilComplete(l, script(steps...)); runErr != nil {
			t.Fatal(runErr)
		}
		l.Close()
		if !errors.Is(err, ErrReused) || !strings.Contains(err.Error(), "await the *Task that Spawn returned") {
			t.Errorf("task ended %v: await of the spawned coroutine = %d, %v; want ErrReused saying to await the task", ended, v, err)
		}
	}
}

func TestRunningLoopAndCurrentTask(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	var gotLoop *Loop
	var name string
	_, err := runOn(l, script(
		await(func() Awaitable[*Loop] { return RunningLoop() }, func(v *Loop, _ error) { gotLoop = v }),
		await(func() Awaitable[TaskInfo] { return CurrentTask() }, func(v TaskInfo, _ error) { name = v.Name() }),
	))
	if err != nil || gotLoop != l || name != "Task-1" {
		t.Errorf("RunningLoop = %p (want %p), CurrentTask().Name() = %q, err %v", gotLoop, l, name, err)
	}
}

// TestForeverIsNotPast: a delay of Forever from any time is the end of time.
// Added to the loop's time unchecked, it overflowed into the past and the
// sleep ended at once.
func TestForeverIsNotPast(t *testing.T) {
	vc := NewVirtualClock()
	l := NewLoop(WithClock(vc))
	defer l.Close()
	woke := false
	SpawnOn(l, script(
		await(func() Awaitable[struct{}] { return Sleep(time.Second) }, nil),
		await(func() Awaitable[struct{}] { return Sleep(Forever) }, nil),
		do(func() { woke = true }),
	))
	l.CallLater(2*time.Second, func() {})
	for range 4 { // start; 1s: the timer fires; the task sleeps again; 2s: the callback
		l.runOnce()
	}
	if woke || vc.Now() != 2*time.Second {
		t.Errorf("Sleep(Forever) after 1s: woke %v at %v, want asleep at 2s", woke, vc.Now())
	}
}

// Cancelling a timer, or a task asleep, once its loop is closed does
// nothing: Close took every timer out of the heap.
func TestCancelAfterClose(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	h, err := l.CallLater(time.Hour, func() { t.Error("the timer ran") })
	if err != nil {
		t.Fatal(err)
	}
	sleeper := SpawnOn(l, script(sleep(time.Hour)))
	l.CallSoon(l.Stop)
	l.CallSoon(func() {}) // the sleeper's first step is in the first pass
	if err := l.RunForever(); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if h.tm.idx != -1 || sleeper.tm.idx != -1 {
		t.Errorf("after Close the timers' heap indexes are %d and %d, want -1: out of the heap", h.tm.idx, sleeper.tm.idx)
	}
	h.Cancel() // the check: neither panics
	sleeper.Cancel()
}

// A Stop made before RunForever lets one pass run, as asyncio's stop before
// run_forever does: what was ready runs, then RunForever returns.
func TestStopBeforeRunForever(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	var log []string
	l.CallSoon(func() { log = append(log, "ready") })
	l.Stop()
	if err := l.RunForever(); err != nil {
		t.Fatal(err)
	}
	log = append(log, "returned")
	l.CallSoon(func() { log = append(log, "second"); l.Stop() })
	if err := l.RunForever(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ready", "returned", "second"}, log); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
}

// Awaiting a pending task of another loop is a mistake that would wait
// forever; it panics, naming the fix, in the awaiting task.
func TestAwaitTaskOfAnotherLoop(t *testing.T) {
	other := NewLoop()
	defer other.Close()
	foreign := SpawnOn(other, script())
	defer func() {
		p, ok := recover().(*PanicError)
		if !ok || !strings.Contains(fmt.Sprint(p.Value), "belongs to another loop") {
			t.Errorf("recovered %v, want the other-loop panic", p)
		}
	}()
	Run(script(await(func() Awaitable[struct{}] { return foreign }, nil)), WithClock(NewVirtualClock()))
	t.Error("Run returned")
}

// A running task that reads its own Result gets ErrNotDone; only awaiting
// itself is reported as such.
func TestResultOfItselfWhileRunning(t *testing.T) {
	var self *Task[struct{}]
	var got error
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	self = SpawnOn(l, script(sleep(0), do(func() { _, got = self.Result() })))
	if _, err := runOn(l, script(await(func() Awaitable[struct{}] { return self }, nil))); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(got, ErrNotDone) {
		t.Errorf("Result of the running task itself = %v, want ErrNotDone", got)
	}
}

// Run inside a task of a running loop would stop the outer loop until it
// returns; it refuses, as asyncio.run does in a running loop. A loop on
// another goroutine runs.
func TestNestedRunRefused(t *testing.T) {
	var nested, elsewhere error
	var ran bool
	_, err := Run(script(
		do(func() {
			_, nested = Run(script(do(func() { ran = true })))
			done := make(chan struct{})
			go func() {
				defer close(done)
				_, elsewhere = Run(script(), WithClock(NewVirtualClock()))
			}()
			<-done
		}),
	), WithClock(NewVirtualClock()))
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(nested, errNestedRun) || ran {
		t.Errorf("nested Run = %v, coroutine ran %v; want errNestedRun, not run", nested, ran)
	}
	if elsewhere != nil {
		t.Errorf("Run on another goroutine = %v", elsewhere)
	}
}

// In debug mode, scheduling on a running loop from another goroutine is
// an error that names the fix; CallSoonThreadsafe is the way.
func TestDebugCallSoonFromAnotherGoroutine(t *testing.T) {
	l := NewLoop(WithDebug(), WithClock(NewVirtualClock()))
	var fromOther, safe error
	var ran bool
	_, err := runOn(l, script(do(func() {
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, fromOther = l.CallSoon(func() { t.Error("scheduled from another goroutine") })
			safe = l.CallSoonThreadsafe(func() { ran = true })
		}()
		<-done
	}), sleep(0)))
	if err != nil {
		t.Fatal(err)
	}
	if fromOther == nil || !strings.Contains(fromOther.Error(), "CallSoonThreadsafe") {
		t.Errorf("CallSoon from another goroutine = %v, want an error naming CallSoonThreadsafe", fromOther)
	}
	if safe != nil || !ran {
		t.Errorf("CallSoonThreadsafe = %v, ran %v", safe, ran)
	}
}
