package runtime

import (
	"time"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// Sleep returns an awaitable that completes after d (asyncio.sleep); negative
// means zero. Sleep(0) gives every other ready task and callback one turn
// before the caller continues. Sleeping allocates nothing: the timer lives in
// the task.
func Sleep(d time.Duration) Delay { return Delay{max(d, 0)} }

// Delay is the awaitable that Sleep returns.
type Delay struct{ d time.Duration }

var _ Awaitable[struct{}] = Delay{}

// Poll implements Awaitable.
func (s Delay) Poll(w *asyncimpl.Task) Status {
	if w.Resumed {
		return Ready
	}
	t := taskOf(w)
	if s.d == 0 {
		t.wait = yielding{}
		t.wakeUp()
		return Suspend
	}
	t.wait = (*sleepFire)(t)
	t.loop.addTimer(&t.tm, deadline(t.loop.Now(), s.d), 0)
	return Suspend
}

// Result implements Awaitable.
func (s Delay) Result() (struct{}, error) { return struct{}{}, nil }

// sleepFire is a task seen as the blocker of its sleep.
type sleepFire task

func (s *sleepFire) cancelWait(t *task) bool {
	t.loop.timers.remove(&t.tm)
	return true
}

func (s *sleepFire) describe() string { return "sleep" }

// yielding is the blocker of Sleep(0): the task is already queued again.
type yielding struct{}

func (yielding) cancelWait(*task) bool { return true }
func (yielding) describe() string      { return "sleep(0)" }
