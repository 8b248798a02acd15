package runtime

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// A RunUntilComplete refused because the loop's VirtualClock is in use by
// another running loop leaves nothing spawned on the loop, as asyncio's
// run_until_complete makes its checks before ensure_future: a task left
// behind would run at the loop's next run and, with RunUntilComplete's
// Stop callback on it, could stop that run before its own coroutine ended.
func TestRefusedRunUntilCompleteSpawnsNothing(t *testing.T) {
	vc := NewVirtualClock()
	a, b := NewLoop(WithClock(vc)), NewLoop(WithClock(vc))
	defer a.Close()
	defer b.Close()
	var errB error
	ranRefused := false
	if _, err := RunUntilComplete(a, script(
		do(func() {
			done := make(chan struct{})
			go func() {
				defer close(done)
				_, errB = RunUntilComplete(b, script(do(func() { ranRefused = true })))
			}()
			<-done
		}),
	)); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(errB, errClockInUse) {
		t.Fatalf("RunUntilComplete on a clock in use: %v, want %v", errB, errClockInUse)
	}
	// b's clock is free now: run something else on b.
	_, err := RunUntilComplete(b, script(sleep(time.Second)))
	if err != nil {
		t.Errorf("RunUntilComplete after a refused one: %v, want nil", err)
	}
	if ranRefused {
		t.Errorf("the coroutine of the refused RunUntilComplete ran")
	}
}

// Run's shutdown waits for the executor (asyncio.run's
// shutdown_default_executor) by running the loop until the workers are
// done. On a VirtualClock that wait counts as a call on the executor: the
// clock follows real time and does not jump to a timer left an hour ahead,
// which asyncio.run (and Run on the real clock) never fires.
func TestRunShutdownFiresNoLeftoverTimer(t *testing.T) {
	for i := 0; i < 20; i++ {
		vc := NewVirtualClock()
		var l *Loop
		fired := false
		_, err := Run(script(
			await(func() Awaitable[*Loop] { return RunningLoop() }, func(x *Loop, _ error) { l = x }),
			await(func() Awaitable[int] { return ToThread(func() (int, error) { return 1, nil }) }, nil),
			do(func() { l.CallLater(time.Hour, func() { fired = true }) }),
		), WithClock(vc))
		if err != nil {
			t.Fatal(err)
		}
		if fired || vc.Now() >= time.Hour {
			t.Fatalf("run %d: a callback set an hour ahead fired during Run's shutdown (clock reads %v)", i, vc.Now())
		}
	}
}

// clockBeforeZero is a Clock whose reading is below zero (a clock counted
// from an epoch still ahead, as a test clock may be).
type clockBeforeZero struct{ now time.Duration }

func (c *clockBeforeZero) Now() time.Duration { return c.now }

// A delay from a loop time below zero is added, not saturated to the end
// of time as an overflow would have it: CallLater(1s) at -1s is due at 0.
func TestCallLaterOnClockBeforeZero(t *testing.T) {
	c := &clockBeforeZero{now: -time.Second}
	l := NewLoop(WithClock(c))
	defer l.Close()
	h, err := l.CallLater(time.Second, func() {})
	if err != nil {
		t.Fatal(err)
	}
	if h.When() != 0 {
		t.Errorf("CallLater(1s) at loop time -1s: When() = %v, want 0", h.When())
	}
}

// In debug mode, SpawnOn from another goroutine than the running loop's
// (here a ToThread function) panics, and leaves no task among the loop's
// live ones: one never queued would be waited for at Run's end for ever.
// asyncio's Task.__init__ calls loop.call_soon, which raises in debug mode
// off the loop's thread, before _register_task, and asyncio.run returns.
func TestDebugOffLoopSpawnLeavesNoTask(t *testing.T) {
	var spawnPanic any
	finished := make(chan error, 1)
	go func() {
		var l *Loop
		_, err := Run(script(
			await(func() Awaitable[*Loop] { return RunningLoop() }, func(x *Loop, _ error) { l = x }),
			await(func() Awaitable[int] {
				return ToThread(func() (int, error) {
					defer func() { spawnPanic = recover() }()
					SpawnOn(l, script()) // the misuse debug mode catches
					return 0, nil
				})
			}, nil),
		), WithDebug())
		finished <- err
	}()
	select {
	case err := <-finished:
		if s, _ := spawnPanic.(string); !strings.Contains(s, "spawned on another goroutine") {
			t.Errorf("debug mode's check of SpawnOn off the loop's goroutine: recovered %v, want its panic", spawnPanic)
		}
		if err != nil {
			t.Error(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatalf("Run did not return: its shutdown waits for the task whose SpawnOn debug mode refused (panic: %v)", spawnPanic)
	}
}

// CallLater's errors name CallLater, not the CallAt it is made of.
func TestCallLaterErrorsNameIt(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	if _, err := l.CallLater(time.Second, nil); err == nil || !strings.Contains(err.Error(), "CallLater of a nil func") {
		t.Errorf("CallLater of a nil func: %v", err)
	}
	d := NewLoop(WithDebug())
	defer d.Close()
	var off error
	RunUntilComplete(d, script(await(func() Awaitable[int] {
		return ToThread(func() (int, error) {
			_, off = d.CallLater(time.Second, func() {})
			return 0, nil
		})
	}, nil)))
	if off == nil || !strings.Contains(off.Error(), "CallLater called on another goroutine") {
		t.Errorf("CallLater off the loop's goroutine in debug mode: %v", off)
	}
}
