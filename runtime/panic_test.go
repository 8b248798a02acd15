package runtime

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	stdruntime "runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
	"github.com/google/go-cmp/cmp"
)

// chainFrame is
//
//	//async
//	func chain(n int) (int, error) {
//		if n == 0 {
//			runtime.Await(runtime.Sleep(0))
//			if boom { panic("boom") }
//			return 0, nil
//		}
//		v, err := runtime.Await(chainAsync(n - 1))
//		return v + 1, err
//	}
type chainFrame struct {
	asyncimpl.Base[int]
	n    int
	boom bool
	c    Coro[int]
	s    Delay
}

var chainFunc = &asyncimpl.Func{Name: "runtime.chain", File: "panic_test.go", Line: 17, Lines: []int32{1: 19, 2: 23}}

func chain(n int, boom bool) Coro[int] {
	f := &chainFrame{n: n, boom: boom}
	return asyncimpl.NewCoro[int](f, &f.Base, chainFunc)
}

func (f *chainFrame) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	for {
		switch f.State {
		case 0:
			if f.n == 0 {
				f.s = Sleep(0)
				f.State = 1
				continue
			}
			f.c = chain(f.n-1, f.boom)
			f.State = 2
			continue
		case 1:
			if st := asyncimpl.Poll[struct{}](t, f.s); st != Ready {
				return st
			}
			if f.boom {
				panic("boom")
			}
			return asyncimpl.Return
		case 2:
			if st := asyncimpl.Poll[int](t, f.c); st != Ready {
				return st
			}
			v, err := asyncimpl.Result[int](t, f.c)
			f.Val, f.Err = v+1, err
			return asyncimpl.Return
		}
	}
}

// TestDeepChain awaits through 100,000 frames: the descent, the suspension
// at the bottom and the return all run in constant Go stack.
func TestDeepChain(t *testing.T) {
	const depth = 100_000
	v, err := Run(chain(depth, false), WithClock(NewVirtualClock()))
	if v != depth || err != nil {
		t.Fatalf("chain(%d) = %d, %v", depth, v, err)
	}
}

func TestPanicRaisedByRunWithOriginalStack(t *testing.T) {
	defer func() {
		r := recover()
		p, ok := r.(*PanicError)
		if !ok {
			t.Fatalf("Run panicked with %T %v, want *PanicError", r, r)
		}
		if p.Value != "boom" {
			t.Errorf("panic value = %v, want boom", p.Value)
		}
		if !strings.Contains(string(p.Stack), "chainFrame).Step") || !strings.Contains(p.Error(), "original stack") {
			t.Errorf("stack does not show the panicking frame:\n%s", p.Error())
		}
	}()
	Run(chain(3, true), WithClock(NewVirtualClock()))
	t.Fatal("Run returned, want a panic")
}

// recoverFrame is
//
//	//async
//	func catch(c runtime.Coro[int]) (msg string, err error) {
//		defer func() {
//			if r := recover(); r != nil { msg = fmt.Sprint("recovered ", r) }
//		}()
//		_, err = runtime.Await(c)
//		return "no panic", err
//	}
type recoverFrame struct {
	asyncimpl.Base[string]
	asyncimpl.Defers
	c Coro[int]
}

var recoverFunc = &asyncimpl.Func{Name: "runtime.catch", File: "panic_test.go", Line: 100}

func catch(c Coro[int]) Coro[string] {
	f := &recoverFrame{c: c}
	return asyncimpl.NewCoro[string](f, &f.Base, recoverFunc)
}

func (f *recoverFrame) Step(t *asyncimpl.Task) asyncimpl.Status {
	f.Finishing = true
	for _, d := range f.List {
		defer d()
	}
	t.Rethrow()
	for {
		switch f.State {
		case 0:
			d := func() {
				if !f.Finishing {
					return
				}
				if r := recover(); r != nil {
					f.Val = fmt.Sprint("recovered ", r)
				}
			}
			f.Add(d)
			defer d()
			f.State = 1
		case 1:
			if st := asyncimpl.Poll[int](t, f.c); st != Ready {
				f.Finishing = false
				return st
			}
			_, f.Err = asyncimpl.Result[int](t, f.c)
			f.Val = "no panic"
			return asyncimpl.Return
		}
	}
}

func TestRecoverAcrossFrames(t *testing.T) {
	tests := []struct {
		name string
		c    Coro[int]
		want string
	}{
		{"inline", chain(5, true), "recovered boom"},
		{"no panic", chain(5, false), "no panic"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Run(catch(tc.c), WithClock(NewVirtualClock()))
			if err != nil || got != tc.want {
				t.Errorf("catch = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestPanicReraisedWhereTaskIsAwaited(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	var task *Task[int]
	got, err := runOn(l, catch(scriptValue(func() int { return 0 },
		do(func() { task = SpawnOn(l, chain(2, true)) }),
		await(func() Awaitable[int] { return task }, nil),
	)))
	// The coroutine around the one awaiting the task recovers the task's
	// panic as that one does, a *PanicError: a panic's value does not
	// change on its way out.
	if err != nil || !strings.HasPrefix(got, "recovered panic in task: boom\n") {
		t.Errorf("catch = %q, %v; want the task's panic recovered, as a *PanicError", got, err)
	}
}

func TestBadInput(t *testing.T) {
	t.Run("negative sleep is zero", func(t *testing.T) {
		l := NewLoop(WithClock(NewVirtualClock()))
		var at time.Duration
		runOn(l, script(sleep(-time.Hour), do(func() { at = l.Now() })))
		if at != 0 {
			t.Errorf("after Sleep(-1h) the clock reads %v, want 0", at)
		}
	})
	t.Run("result of a pending task", func(t *testing.T) {
		l := NewLoop()
		task := SpawnOn(l, value(1, nil))
		if _, err := task.Result(); !errors.Is(err, ErrNotDone) {
			t.Errorf("Result of a pending task: err = %v, want ErrNotDone", err)
		}
		l.Close()
	})
	t.Run("loop methods after Close", func(t *testing.T) {
		l := NewLoop()
		l.Close()
		if _, err := l.CallSoon(func() {}); !errors.Is(err, ErrClosed) {
			t.Errorf("CallSoon: %v", err)
		}
		if _, err := l.CallLater(time.Second, func() {}); !errors.Is(err, ErrClosed) {
			t.Errorf("CallLater: %v", err)
		}
		if err := l.CallSoonThreadsafe(func() {}); !errors.Is(err, ErrClosed) {
			t.Errorf("CallSoonThreadsafe: %v", err)
		}
		if err := l.RunForever(); !errors.Is(err, ErrClosed) {
			t.Errorf("RunForever: %v", err)
		}
		if _, err := RunUntilComplete(l, value(1, nil)); !errors.Is(err, ErrClosed) {
			t.Errorf("RunUntilComplete: %v", err)
		}
		if _, err := SpawnOn(l, value(1, nil)).Result(); !errors.Is(err, ErrClosed) {
			t.Errorf("SpawnOn: %v", err)
		}
	})
	t.Run("spawning a coroutine twice", func(t *testing.T) {
		l := NewLoop()
		c := value(1, nil)
		SpawnOn(l, c)
		if _, err := SpawnOn(l, c).Result(); !errors.Is(err, ErrReused) || !strings.Contains(err.Error(), "runtime.value") {
			t.Errorf("second spawn: %v, want ErrReused naming runtime.value", err)
		}
		l.Close()
	})
	for name, fn := range map[string]func(){
		"Await": func() { Await[int](value(1, nil)) },
		"Spawn": func() { Spawn(value(1, nil)) },
	} {
		t.Run(name+" outside generated code", func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, "//async") || !strings.Contains(msg, "go generate") {
					t.Errorf("panic %q does not name the fix", msg)
				}
			}()
			fn()
		})
	}
}

func TestDumpTasks(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	fut := NewFuture[int]()
	waiting := SpawnOn(l, scriptValue(func() int { return 0 }, await(func() Awaitable[int] { return fut }, nil)))
	waiting.SetName("stuck")
	next := AsCompleted[int](NewFuture[int]())[0]
	SpawnOn(l, scriptValue(func() int { return 0 }, await(func() Awaitable[int] { return next }, nil))).SetName("next")
	deep := SpawnOn(l, chain(2, false))
	l.runOnce()
	fresh := SpawnOn(l, value(1, nil))
	_ = fresh
	var b bytes.Buffer
	if err := l.DumpTasks(&b); err != nil {
		t.Fatal(err)
	}
	want := `stuck: awaiting future
	runtime.script	frames_test.go:1
next: awaiting AsCompleted
	runtime.script	frames_test.go:1
Task-3: ready
	runtime.chain	panic_test.go:19
	runtime.chain	panic_test.go:23
	runtime.chain	panic_test.go:23
Task-4: not started
	runtime.value	frames_test.go:1
`
	_ = deep
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("DumpTasks (-want +got):\n%s", diff)
	}
	l.Close()
}

// lockedBuffer is a log sink that the collector's cleanups may write to
// from their own goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *lockedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *lockedBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// A step that blocks the loop and then panics is logged as slow too.
func TestDebugSlowStepThatPanics(t *testing.T) {
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	l := NewLoop(WithDebug(), WithLogger(logger), WithClock(NewVirtualClock()))
	defer l.Close()
	var recovered any
	func() {
		defer func() { recovered = recover() }()
		RunUntilComplete(l, script(do(func() {
			time.Sleep(slowStep + 20*time.Millisecond)
			panic("boom")
		})))
	}()
	if recovered == nil {
		t.Fatal("the step's panic did not reach RunUntilComplete")
	}
	if !strings.Contains(logs.String(), `msg="runtime: slow task step blocked the loop" task=Task-1`) {
		t.Errorf("no slow step logged for the step that panicked; log:\n%s", logs.String())
	}
}

func TestDebugMode(t *testing.T) {
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{}
			}
			return a
		},
	}))
	l := NewLoop(WithDebug(), WithLogger(logger), WithClock(NewVirtualClock()))
	dropCoroutine()          // made, never awaited
	later := chain(1, false) // made for a later loop: not reported
	l.CallSoon(slowCallback) // a callback that blocks the loop
	var gatherErr error
	RunUntilComplete(l, script(
		do(func() { time.Sleep(slowStep + 20*time.Millisecond) }), // a step that blocks the loop
		do(func() { SpawnOn(l, value(0, errors.New("lost"))) }),
		// The second failure of a Gather is retrieved by the Gather.
		await(func() Awaitable[[]int] { return Gather(value(0, errors.New("first")), value(0, errors.New("second"))) },
			func(_ []int, err error) { gatherErr = err }),
		sleep(time.Second),
		do(func() { SpawnOn(l, script(sleep(time.Hour))).SetName("sleeper") }),
		sleep(0),
	))
	l.Close()
	if _, err := Run(later); err != nil {
		t.Error(err)
	}
	out := logs.String()
	for _, want := range []string{
		`msg="runtime: slow task step blocked the loop" task=Task-1 from="runtime.script at frames_test.go:1" to="runtime.script at frames_test.go:1"`,
		`msg="runtime: slow callback blocked the loop" callback=github.com/asyncgen/asyncgen/runtime.slowCallback`,
		`defined=panic_test.go:387`, // slowCallback's
		`msg="runtime: coroutine was never awaited or spawned" coroutine=runtime.value defined=frames_test.go:1 made=panic_test.go:392`,                 // dropCoroutine's call
		`msg="runtime: task error was never retrieved" task=Task-2 coroutine=runtime.value defined=frames_test.go:1 spawned=panic_test.go:351 err=lost`, // spawned by the SpawnOn in do
		`msg="runtime: coroutine was never awaited or spawned" coroutine=runtime.value`,
		`msg="runtime: task was pending when its loop closed: its deferred calls did not run" task=sleeper`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("debug log lacks %s\nlog:\n%s", want, out)
		}
	}
	for _, unwanted := range []string{"err=second", "coroutine=runtime.chain"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("debug log has %s\nlog:\n%s", unwanted, out)
		}
	}
	if gatherErr == nil || gatherErr.Error() != "first" {
		t.Errorf("Gather = %v, want first", gatherErr)
	}
}

func slowCallback() { time.Sleep(slowStep + 20*time.Millisecond) }

// dropCoroutine makes a coroutine and drops it.
//
//go:noinline
func dropCoroutine() { _ = value(1, nil) }

// TestRecoveredPanicStops: a panic from an inner frame, recovered by its
// caller, must not be raised again in the caller's caller.
func TestRecoveredPanicStops(t *testing.T) {
	var got string
	_, err := Run(script(
		await(func() Awaitable[string] { return catch(chain(1, true)) }, func(v string, _ error) { got = v }),
		sleep(0),
	), WithClock(NewVirtualClock()))
	if err != nil || got != "recovered boom" {
		t.Errorf("got %q, %v", got, err)
	}
}

// TestPanicKeepsThePass: a task whose step panics ends with the panic, and
// the pass it panicked in goes on with the tasks queued after it, in order,
// as if nothing had happened (the loop recovers once for a whole run, not
// per step). The timer set in the first pass fires at the start of the
// second, after the wake-ups of that pass: had the first pass stopped at the
// panic, c would start in the second pass and T would come before c2.
func TestPanicKeepsThePass(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	var order []string
	mark := func(s string) step { return do(func() { order = append(order, s) }) }
	a := SpawnOn(l, script(mark("a1"), do(func() { l.CallLater(0, func() { order = append(order, "T") }) }),
		await(func() Awaitable[struct{}] { return Sleep(0) }, nil), mark("a2")))
	b := SpawnOn(l, script(mark("b1"), do(func() { panic("b fails") })))
	c := SpawnOn(l, script(mark("c1"), await(func() Awaitable[struct{}] { return Sleep(0) }, nil), mark("c2")))
	_, err := RunUntilComplete(l, script(
		await(func() Awaitable[struct{}] { return a }, nil),
		await(func() Awaitable[struct{}] { return c }, nil),
	))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a1", "b1", "c1", "a2", "c2", "T"}; !slices.Equal(order, want) {
		t.Errorf("order = %v, want %v", order, want)
	}
	var p *PanicError
	func() {
		defer func() { p, _ = recover().(*PanicError) }()
		b.Result()
	}()
	if p == nil || p.Value != "b fails" {
		t.Errorf("b.Result raised %v, want the panic %q", p, "b fails")
	}
}

// TestCallbackPanicNotRecovered: a panic in a plain callback is not a
// task's, and leaves the loop as in plain Go.
func TestCallbackPanicNotRecovered(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	l.CallSoon(func() { panic("callback fails") })
	l.CallSoon(l.Stop)
	defer func() {
		if r := recover(); r != "callback fails" {
			t.Errorf("recovered %v, want the callback's panic", r)
		}
	}()
	l.RunForever()
	t.Error("RunForever returned")
}

// A task's error or panic that nobody reads is logged, debug mode or not
// (asyncio: "Task exception was never retrieved"); one that was read is
// not.
func TestUnretrievedFailureLogged(t *testing.T) {
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	l := NewLoop(WithLogger(logger), WithClock(NewVirtualClock()))
	var read *Task[int]
	RunUntilComplete(l, script(
		do(func() {
			SpawnOn(l, value(0, errors.New("lost"))).SetName("lost")
			SpawnOn(l, chain(1, true)).SetName("panicked")
			read = SpawnOn(l, value(0, errors.New("read")))
		}),
		sleep(time.Second),
		await(func() Awaitable[int] { return read }, nil),
	))
	l.Close()
	out := logs.String()
	for _, want := range []string{
		`msg="runtime: task error was never retrieved" task=lost coroutine=runtime.value defined=frames_test.go:1 err=lost`,
		`msg="runtime: task error was never retrieved" task=panicked coroutine=runtime.chain defined=panic_test.go:17 err=`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s\nlog:\n%s", want, out)
		}
	}
	if strings.Contains(out, "err=read") {
		t.Errorf("log reports an error that was read:\n%s", out)
	}
}

// A future completed with an error that nobody reads is logged when the
// collector finds it, as asyncio logs "Future exception was never
// retrieved"; one whose error was read is not.
func TestUnretrievedFutureLogged(t *testing.T) {
	var logs lockedBuffer
	saved := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	defer slog.SetDefault(saved)
	func() {
		NewFuture[int]().SetError(errors.New("dropped"))
		read := NewFuture[int]()
		read.SetError(errors.New("was read"))
		read.Result()
	}()
	for i := 0; i < 100 && !strings.Contains(logs.String(), "err=dropped"); i++ {
		stdruntime.GC()
		time.Sleep(time.Millisecond)
	}
	if out := logs.String(); !strings.Contains(out, `msg="runtime: future error was never retrieved" err=dropped`) || strings.Contains(out, "was read") {
		t.Errorf("log:\n%s\nwant the dropped future's error only", out)
	}
}

// Each task that awaits a task that panicked gets the panic with its own
// coroutines added, not those of the other tasks awaiting it.
func TestPanicAwaitsPerAwaiter(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	var child *Task[struct{}]
	var waiters []*Task[struct{}]
	run(t, l,
		call(func() {
			child = SpawnOn(l, prog(
				wait(func() Awaitable[struct{}] { return Sleep(time.Second) }, nil),
				call(func() { panic("boom") }),
			))
			for range 2 {
				waiters = append(waiters, SpawnOn(l, prog(wait(func() Awaitable[struct{}] { return child }, nil))))
			}
		}),
		wait(func() Awaitable[struct{}] { return Sleep(2 * time.Second) }, nil),
	)
	own := child.ext.panic
	if own == nil || len(own.Awaits) != 0 {
		t.Fatalf("the panicking task's own PanicError: %v; want no awaiting coroutines", own)
	}
	for i, w := range waiters {
		p := w.ext.panic
		if p == nil || p == own || len(p.Awaits) != 1 || p.Value != "boom" {
			t.Errorf("waiter %d's PanicError: %+v; want a copy with its own coroutine only", i, p)
		}
		w.markRetrieved()
	}
	child.markRetrieved()
}

// Coroutines are tracked while a debug loop is open, and no longer once the
// last one closed: making one then costs what it costs without debug mode,
// and dropping one is nobody's report.
func TestCoroutineTrackingEndsWithDebugLoops(t *testing.T) {
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	a := NewLoop(WithDebug(), WithLogger(logger))
	b := NewLoop(WithDebug(), WithLogger(logger))
	a.Close()
	dropCoroutine() // b is open: tracked, and reported when b closes
	b.Close()
	if !strings.Contains(logs.String(), "coroutine=runtime.value") {
		t.Errorf("a coroutine dropped while a debug loop was open is not reported:\n%s", logs.String())
	}
	logs.mu.Lock()
	logs.b.Reset()
	logs.mu.Unlock()
	if coros != nil {
		t.Fatal("coroutines are still tracked after the last debug loop closed")
	}
	dropCoroutine()
	stdruntime.GC()
	l := NewLoop(WithDebug(), WithLogger(logger))
	l.Close()
	if out := logs.String(); out != "" {
		t.Errorf("a coroutine dropped with no debug loop open is reported:\n%s", out)
	}
}

// A task refused before it ran (its coroutine spawned a second time, its
// loop closed) is reported, if nobody reads its error, with the coroutine
// it was to run.
func TestRefusedTaskNamesItsCoroutine(t *testing.T) {
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	l := NewLoop(WithLogger(logger), WithClock(NewVirtualClock()))
	c := value(1, nil)
	RunUntilComplete(l, script(do(func() {
		SpawnOn(l, c)
		SpawnOn(l, c)
	})))
	l.Close()
	SpawnOn(l, chain(1, false))
	l.reportUnretrieved()
	out := logs.String()
	for _, want := range []string{
		`coroutine=runtime.value defined=frames_test.go:1 err="runtime: coroutine runtime.value awaited or spawned twice`,
		`coroutine=runtime.chain defined=panic_test.go:17 err="runtime: loop is closed: SpawnOn"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s\nlog:\n%s", want, out)
		}
	}
}

// In debug mode, a future completed with an error nobody read and then
// dropped is reported when the loop closes, at once, with where the error
// was set, to the loop's logger: a program that ends then would not wait
// for the collector's cleanup. Coroutines never awaited are reported in
// the order they were made.
func TestDebugCloseReportsDroppedFuture(t *testing.T) {
	var logs lockedBuffer
	l := NewLoop(WithDebug(), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))), WithClock(NewVirtualClock()))
	RunUntilComplete(l, script(
		do(func() {
			NewFuture[int]().SetError(errors.New("dropped")) // set here
			read := NewFuture[int]()
			read.SetError(errors.New("was read"))
			read.Result()
			_ = value(3, nil)
			_ = value(2, nil)
			_ = value(1, nil)
		}),
	))
	_, _, line, _ := stdruntime.Caller(0)
	l.Close() // no wait: the report is written before Close returns
	out := logs.String()
	set := fmt.Sprintf("panic_test.go:%d", line-9)
	if want := `msg="runtime: future error was never retrieved" err=dropped set=` + set; !strings.Contains(out, want) {
		t.Errorf("debug log lacks %s\nlog:\n%s", want, out)
	}
	if strings.Contains(out, "was read") {
		t.Errorf("debug log reports an error that was read:\nlog:\n%s", out)
	}
	var made []string
	for _, m := range regexp.MustCompile(`never awaited or spawned.* made=(panic_test.go:\d+)`).FindAllStringSubmatch(out, -1) {
		made = append(made, m[1])
	}
	want := []string{fmt.Sprintf("panic_test.go:%d", line-5), fmt.Sprintf("panic_test.go:%d", line-4), fmt.Sprintf("panic_test.go:%d", line-3)}
	if !slices.Equal(made, want) {
		t.Errorf("coroutines reported never awaited, made at %v; want %v, in that order\nlog:\n%s", made, want, out)
	}
}
