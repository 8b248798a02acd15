package runtime

import (
	"time"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// Sleep returns an awaitable that completes after d (asyncio.sleep); negative
// means zero. Sleep(0) gives every other ready task and callback one turn
// before the caller continues. Sleeping costs no allocation beyond the
// awaitable: the timer lives in the task.
func Sleep(d time.Duration) Awaitable[struct{}] { return sleepOp(max(d, 0)) }

type sleepOp time.Duration

func (s sleepOp) Poll(w *asyncimpl.Task) Status {
	if w.Resumed {
		return Ready
	}
	t := taskOf(w)
	if s == 0 {
		t.wait = yielding{}
		t.wakeUp()
		return Suspend
	}
	t.wait = (*sleepFire)(t)
	t.loop.addTimer(&t.tm, t.loop.Now()+time.Duration(s))
	return Suspend
}

func (s sleepOp) Result() (struct{}, error) { return struct{}{}, nil }

// sleepFire is a task seen as its sleep timer's action and as the blocker of
// its sleep.
type sleepFire task

// run wakes the task when its timer fires. As in asyncio, where the timer's
// callback completes a future whose awaiter then wakes, the task runs at the
// pass after the timer fired.
func (s *sleepFire) run() { (*task)(s).wakeUp() }

func (s *sleepFire) cancelWait(t *task) bool {
	t.loop.timers.remove(&t.tm)
	return true
}

func (s *sleepFire) describe() string { return "sleep" }

// yielding is the blocker of Sleep(0): the task is already queued again.
type yielding struct{}

func (yielding) cancelWait(*task) bool { return true }
func (yielding) describe() string      { return "sleep(0)" }
