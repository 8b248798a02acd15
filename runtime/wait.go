package runtime

import (
	"errors"
	"math"
	"time"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// Forever, as a timeout, means no time limit.
const Forever time.Duration = math.MaxInt64

// WaitMode says when [Wait] returns.
type WaitMode int

const (
	AllCompleted   WaitMode = iota // when every task is done (asyncio.ALL_COMPLETED)
	FirstCompleted                 // when any task is done (FIRST_COMPLETED)
	FirstError                     // when any task fails, or all are done (FIRST_EXCEPTION)
)

// Waited is the outcome of [Wait]: the tasks that are done and those still
// pending, each in the order given.
type Waited[T any] struct {
	Done, Pending []*Task[T]
}

var errWaitEmpty = errors.New("runtime: Wait of no tasks")

// Wait waits for the tasks until mode is satisfied or timeout passes
// (asyncio.wait), and reports which are done. It cancels nothing: on timeout
// the pending tasks keep running. Use [Forever] for no limit. A task given
// twice counts once, as in asyncio's set of tasks.
func Wait[T any](tasks []*Task[T], mode WaitMode, timeout time.Duration) Awaitable[Waited[T]] {
	tasks = distinct(tasks, func(t *Task[T]) any { return t })
	for _, t := range tasks {
		if t == nil {
			return failedFuture[Waited[T]](errWaitNil)
		}
	}
	return &waitOp[T]{tasks: tasks, mode: mode, timeout: max(timeout, 0)}
}

var errWaitNil = errors.New("runtime: Wait of a nil task: pass the tasks Spawn returned")

type waitOp[T any] struct {
	tasks   []*Task[T]
	mode    WaitMode
	timeout time.Duration
	started bool
	left    int
	cbs     []*waiter
	timer   *Handle
	waker
}

func (op *waitOp[T]) Poll(w *asyncimpl.Task) Status {
	t := taskOf(w)
	if len(op.tasks) == 0 || op.woke {
		op.cleanup()
		return Ready
	}
	if !op.started {
		op.started = true
		l := t.loop
		if op.timeout != Forever {
			op.timer, _ = l.CallLater(op.timeout, op.release)
		}
		op.left = len(op.tasks)
		op.cbs = make([]*waiter, len(op.tasks))
		for i, c := range op.tasks {
			op.cbs[i] = c.addDone(l, func() { op.completed(c) })
		}
	}
	op.task = t
	t.wait = op
	return Suspend
}

// completed is asyncio's _on_completion. Its look at the task's error in
// FirstError mode counts the error as read (f.exception()), unless the
// count or the mode decided first.
func (op *waitOp[T]) completed(c *Task[T]) {
	op.left--
	if op.left <= 0 || op.mode == FirstCompleted ||
		op.mode == FirstError && !c.Cancelled() && c.readFailure() {
		if op.timer != nil {
			op.timer.Cancel()
		}
		op.release()
	}
}

func (op *waitOp[T]) cleanup() {
	if op.timer != nil {
		op.timer.Cancel()
	}
	for i, w := range op.cbs {
		op.tasks[i].removeDone(w)
	}
	op.cbs = nil
}

func (op *waitOp[T]) cancelWait(t *task) bool {
	op.task = nil
	op.cleanup()
	return true
}

func (op *waitOp[T]) describe() string { return "Wait" }

func (op *waitOp[T]) Result() (Waited[T], error) {
	if len(op.tasks) == 0 {
		return Waited[T]{}, errWaitEmpty
	}
	var r Waited[T]
	for _, c := range op.tasks {
		if c.Done() {
			r.Done = append(r.Done, c)
		} else {
			r.Pending = append(r.Pending, c)
		}
	}
	return r, nil
}

// readFailure reports whether a finished task ended with an error or a
// panic, which then counts as read.
func (t *Task[T]) readFailure() bool {
	t.markRetrieved()
	return t.error() != nil
}

// AsCompleted returns one awaitable per argument (a task, future or
// coroutine given twice counts once, as in asyncio's set of them); the i-th
// to be awaited gives the result of the i-th to finish
// (asyncio.as_completed):
//
//	for _, a := range runtime.AsCompleted(tasks...) {
//		v, err := runtime.Await(a)
//		...
//	}
//
// Coroutines and other awaitables are spawned as tasks when the first of the
// returned awaitables is awaited. For asyncio's timeout argument, run the
// loop in a [Timeout] (the await in progress at the deadline is cancelled,
// and the Timeout returns ErrTimeout), or await each awaitable in a
// [WaitFor]; either way the tasks go on, as asyncio leaves them.
func AsCompleted[T any](as ...Awaitable[T]) []Awaitable[T] {
	as = distinct(as, identity[T])
	s := &asCompleted[T]{as: as, done: NewQueue[future[T]](0)}
	out := make([]Awaitable[T], len(as))
	for i := range out {
		out[i] = asCompletedNext[T]{s}
	}
	return out
}

// asCompleted is asyncio's as_completed: the awaitables put themselves in
// a queue as they finish, and each awaitable handed out gets one from it.
// Waiting on a Queue gives the getters asyncio's hand-over: one woken for a
// result and cancelled before it ran passes the result on when it runs.
type asCompleted[T any] struct {
	as      []Awaitable[T]
	started bool
	done    *Queue[future[T]] // finished, not yet handed out
}

// asCompletedNext is one awaitable of AsCompleted: a pointer-shaped value,
// so making it allocates nothing.
type asCompletedNext[T any] struct{ s *asCompleted[T] }

func (n asCompletedNext[T]) Poll(w *asyncimpl.Task) Status {
	s := n.s
	if !s.started {
		s.started = true
		l := taskOf(w).loop
		for _, a := range s.as {
			f := ensureFuture(l, a)
			f.addDone(l, func() { s.done.PutNowait(f) })
		}
		s.as = nil
	}
	if s.done.n > 0 {
		return Ready
	}
	return s.done.waitGet(w, (*queueAsCompletedWait[future[T]])(s.done))
}

func (n asCompletedNext[T]) Result() (T, error) {
	f, err := n.s.done.GetNowait()
	if err != nil {
		var zero T
		return zero, ErrNotDone
	}
	v, err := outcome(f)
	raisePanic(err)
	return v, err
}
