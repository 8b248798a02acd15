package runtime

import (
	"errors"
	"testing"
	"time"
)

// A cancelled Shield takes its callback off the inner future, as asyncio's
// _outer_done_callback does: shielding a long-lived future again and again
// leaves nothing on it.
func TestCancelledShieldLeavesNoCallback(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	f := NewFuture[int]()
	var steps []pstep
	for range 100 {
		steps = append(steps, wait(func() Awaitable[int] { return WaitFor(Shield[int](f), time.Millisecond) }, func(_ int, err error) {
			if !errors.Is(err, ErrTimeout) {
				t.Errorf("WaitFor = %v, want ErrTimeout", err)
			}
		}))
	}
	run(t, l, steps...)
	if f.waiters.tail != nil {
		t.Errorf("after 100 cancelled Shields of a pending future, callbacks are left on it")
	}
}

// The failure of work whose Shield was cancelled before it failed is the
// work's own to report: nobody read it.
func TestCancelledShieldLeavesLaterFailureUnread(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	var inner *Task[struct{}]
	run(t, l,
		call(func() {
			inner = SpawnOn(l, prog(
				wait(func() Awaitable[struct{}] { return Sleep(time.Second) }, nil),
				call(func() { panic("late failure") }),
			))
		}),
		wait(func() Awaitable[struct{}] { return WaitFor(Shield[struct{}](inner), time.Millisecond) }, nil),
		wait(func() Awaitable[struct{}] { return Sleep(2 * time.Second) }, nil),
	)
	if !inner.Done() || inner.unreadFailure() == nil {
		t.Errorf("the failure of a task whose Shield was cancelled counts as read; want it left to be reported")
	}
	inner.markRetrieved() // reported: the test is done with it
}
