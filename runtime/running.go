package runtime

import "github.com/asyncgen/asyncgen/runtime/asyncimpl"

// RunningLoop returns an awaitable for the loop running the awaiting task
// (asyncio.get_running_loop): it completes at once, without suspending.
//
//	loop, _ := runtime.Await(runtime.RunningLoop())
//	start := loop.Now()
func RunningLoop() Awaitable[*Loop] { return runningLoop{new(*Loop)} }

type runningLoop struct{ l **Loop }

func (r runningLoop) Poll(w *asyncimpl.Task) Status {
	*r.l = taskOf(w).loop
	return Ready
}

func (r runningLoop) Result() (*Loop, error) { return *r.l, nil }

// CurrentTask returns an awaitable for the task that awaits it
// (asyncio.current_task), completing at once. Its result is the untyped
// face of the task: Name, SetName, Cancel, Done, Cancelled.
func CurrentTask() Awaitable[TaskInfo] { return currentTask{new(*task)} }

// TaskInfo is what every task offers whatever its result type.
type TaskInfo interface {
	Name() string
	SetName(string)
	Cancel() bool
	Done() bool
	Cancelled() bool
}

var _ TaskInfo = (*Task[int])(nil)

type currentTask struct{ t **task }

func (c currentTask) Poll(w *asyncimpl.Task) Status {
	*c.t = taskOf(w)
	return Ready
}

func (c currentTask) Result() (TaskInfo, error) { return *c.t, nil }
