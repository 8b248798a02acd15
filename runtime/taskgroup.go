package runtime

import (
	"errors"
	"slices"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// TaskGroup runs tasks that end together (asyncio.TaskGroup). Enter one by
// awaiting [NewTaskGroup], spawn into it with [SpawnIn], and leave it by
// awaiting Wait, which returns when every task of the group has finished:
//
//	tg, _ := runtime.Await(runtime.NewTaskGroup())
//	a := runtime.SpawnIn(tg, fetchAsync(1))
//	b := runtime.SpawnIn(tg, fetchAsync(2))
//	if _, err := runtime.Await(tg.Wait()); err != nil {
//		return err // the failures, joined
//	}
//
// The first task to fail cancels the rest and the task that entered the
// group (whatever it awaits returns ErrCancelled; Wait itself absorbs that
// cancellation); Wait then returns the failures joined with errors.Join.
// A task's panic is raised again by Wait, the first one if several
// panicked, as asyncio raises a task's BaseException (SystemExit,
// KeyboardInterrupt) in place of the group's errors. A TaskGroup is made
// only by NewTaskGroup.
//
// An error of the code between NewTaskGroup and Wait is the caller's to
// report: asyncio's async with adds the body's exception to the group's, and
// the Go equivalent is to cancel the group, wait for it, and join the two:
//
//	if err := step(); err != nil {
//		tg.Cancel()
//		_, werr := runtime.Await(tg.Wait())
//		return errors.Join(err, werr)
//	}
//
// The group withdraws the cancellation it sent its task after the wait,
// as Python 3.13 does: 3.11 and 3.12 withdraw it before, which leaves an
// enclosing Timeout, whose own expiry came meanwhile, raising
// CancelledError instead of TimeoutError.
type TaskGroup struct {
	loop      *Loop
	parent    *task
	tasks     int
	errs      []error
	aborting  bool
	exiting   bool // Wait has been awaited (asyncio's _exiting)
	exited    bool
	cancelled bool // the group cancelled its parent
	absorbed  bool // ...and Wait absorbed that cancellation
	outside   bool // Wait was cancelled from outside the group
	// outsidePending: that cancellation arrived and Wait's task is
	// scheduled to act on it at its next step.
	outsidePending bool
	waiter         *task
	// members are the tasks to cancel on abort, in the order spawned;
	// those done are dropped when they are half of them (asyncio's
	// _on_task_done discards each), so a long-lived group does not keep
	// every task it ran.
	members     []groupMember
	doneMembers int
}

// groupMember is a task of a group, whatever its result type.
type groupMember interface {
	Cancel() bool
	Done() bool
}

var (
	errGroupDone     = errors.New("runtime: task group has finished")
	errGroupStopping = errors.New("runtime: task group is shutting down")
	errZeroGroup     = errors.New("runtime: a TaskGroup not entered: enter one with g, err := runtime.Await(runtime.NewTaskGroup())")
)

// NewTaskGroup returns an awaitable that enters a new task group bound to the
// awaiting task (asyncio's async with TaskGroup() as tg).
func NewTaskGroup() Awaitable[*TaskGroup] { return enterGroup{&TaskGroup{}} }

type enterGroup struct{ g *TaskGroup }

func (e enterGroup) Poll(w *asyncimpl.Task) Status {
	if e.g.parent == nil {
		t := taskOf(w)
		e.g.parent, e.g.loop = t, t.loop
	}
	return Ready
}

func (e enterGroup) Result() (*TaskGroup, error) { return e.g, nil }

// SpawnIn spawns c as a task of group g. Spawning into a group that has
// finished (Wait returned, or is awaited and no task of the group is
// left), or that is shutting down because a task failed or the group was
// cancelled, returns a task already finished with an error, and c does not
// run (asyncio's create_task raises RuntimeError).
func SpawnIn[T any](g *TaskGroup, c Coro[T]) *Task[T] {
	if g.loop == nil {
		t := newTask[T](nil)
		t.finishErr(errZeroGroup)
		return t
	}
	// As asyncio's create_task: finished once left, or once Wait is
	// awaited and no task is left, even if Wait's task has not yet run.
	finished := g.exited || g.exiting && g.tasks == 0
	if finished || g.aborting {
		err := errGroupStopping
		if finished {
			err = errGroupDone
		}
		t := newTask[T](g.loop)
		t.refuse(err, coroHeader(c))
		return t
	}
	t := SpawnOn(g.loop, c)
	if t.Done() {
		return t
	}
	g.tasks++
	g.members = append(g.members, t)
	t.addDone(g.loop, func() { g.taskDone(&t.task) })
	return t
}

// taskDone is asyncio's TaskGroup._on_task_done.
func (g *TaskGroup) taskDone(t *task) {
	g.tasks--
	if g.doneMembers++; g.doneMembers > 16 && 2*g.doneMembers > len(g.members) {
		g.members = slices.DeleteFunc(g.members, groupMember.Done)
		g.doneMembers = 0
	}
	if g.tasks == 0 && g.waiter != nil {
		w := g.waiter
		g.waiter = nil
		w.wakeUp()
	}
	if t.Cancelled() {
		return
	}
	err := t.error()
	if err == nil {
		return
	}
	t.markRetrieved()
	g.errs = append(g.errs, err)
	if !g.aborting && !g.cancelled {
		g.abort()
		g.cancelled = true
		if g.parent != nil {
			g.parent.Cancel()
		}
	}
}

func (g *TaskGroup) abort() {
	g.aborting = true
	for _, m := range g.members {
		m.Cancel()
	}
}

// Cancel cancels every task of the group, as an error in the body of an
// asyncio TaskGroup does; Wait still waits for them to end.
func (g *TaskGroup) Cancel() { g.abort() }

// Wait returns an awaitable that leaves the group: it waits until every task
// of the group has finished and returns their failures joined with
// errors.Join (nil if none failed), or raises a task's panic again. If the awaiting task is cancelled while
// it waits, the group's tasks are cancelled, still waited for, and the
// result is ErrCancelled unless a task failed.
func (g *TaskGroup) Wait() Awaitable[struct{}] { return (*groupWait)(g) }

type groupWait TaskGroup

func (w *groupWait) Poll(at *asyncimpl.Task) Status {
	g := (*TaskGroup)(w)
	if g.loop == nil {
		return Ready // the zero TaskGroup: Result says so
	}
	t := taskOf(at)
	if g.outsidePending {
		// asyncio's except clause around the await in __aexit__.
		g.outsidePending = false
		g.outside = true
		if !g.aborting {
			g.abort()
		}
	}
	if g.tasks == 0 {
		if g.cancelled && !g.exited {
			// The group withdraws the cancellation it sent its parent
			// (asyncio's uncancel in __aexit__, after the wait as in
			// Python 3.13), so that an enclosing Timeout still knows
			// its own; once, however often it is waited for.
			g.parent.uncancel()
		}
		g.exited = true
		g.members = nil
		return Ready
	}
	g.exiting = true
	g.waiter = t
	t.wait = w
	return Suspend
}

func (w *groupWait) Result() (struct{}, error) {
	g := (*TaskGroup)(w)
	if g.loop == nil {
		return struct{}{}, errZeroGroup
	}
	for _, err := range g.errs {
		raisePanic(err)
	}
	if len(g.errs) > 0 {
		return struct{}{}, errors.Join(g.errs...)
	}
	if g.outside {
		return struct{}{}, ErrCancelled
	}
	return struct{}{}, nil
}

// cancelWait: a cancellation the group itself sent its parent is absorbed
// once; any other cancels the group's tasks, which are still waited for.
// As in asyncio, where the cancellation is thrown into the task at its next
// step and __aexit__ then cancels the tasks, that happens when the waiting
// task next runs (Poll), not now.
func (w *groupWait) cancelWait(t *task) bool {
	g := (*TaskGroup)(w)
	if g.cancelled && !g.absorbed {
		// Also when the failing task was the last: taskDone has woken t,
		// and Wait returns the failures.
		g.absorbed = true
		if g.waiter == t {
			// asyncio wakes the parent now (its _on_completed_fut is
			// cancelled); Poll waits again if tasks are left.
			g.waiter = nil
			t.wakeUp()
		}
		return false
	}
	if g.tasks == 0 {
		// Every task has ended and taskDone woke t: asyncio throws the
		// cancellation into the await, whose except clause notes it, and
		// __aexit__ then ends as usual, with the failures first.
		g.outside = true
		return false
	}
	if !g.outsidePending {
		g.outsidePending = true
		t.wakeUp()
	}
	return false
}

func (w *groupWait) describe() string { return "TaskGroup.Wait" }
