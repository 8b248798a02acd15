package runtime

import (
	"errors"
	"fmt"
	stdruntime "runtime"
	"weak"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// ErrInvalidState is returned when a future's outcome is set twice.
var ErrInvalidState = errors.New("runtime: future is already done")

// Future is a result that will be set later, by a callback or another task
// (asyncio's loop.create_future()). Awaiting it waits until SetResult,
// SetError or Cancel; each awaiter is woken through the ready queue. Like all
// primitives here it is not safe for concurrent use: from another goroutine,
// complete it inside [Loop.CallSoonThreadsafe] of the loop whose tasks
// await it (debug mode panics when a task is woken on another goroutine).
//
// The zero Future is pending and ready to use.
type Future[T any] struct {
	val     T
	err     error
	done    bool
	cancel  bool
	waiters waitList
	failure *failureNote // completed with an error: reported unless read
}

var _ Awaitable[int] = (*Future[int])(nil)

// NewFuture returns a pending future.
func NewFuture[T any]() *Future[T] { return &Future[T]{} }

// SetResult completes the future with v.
func (f *Future[T]) SetResult(v T) error { return f.complete(v, nil, false) }

// SetError completes the future with err.
func (f *Future[T]) SetError(err error) error {
	var zero T
	return f.complete(zero, err, false)
}

// Cancel cancels a pending future: its awaiters get ErrCancelled. It reports
// false if the future was already done.
func (f *Future[T]) Cancel() bool {
	var zero T
	return f.complete(zero, ErrCancelled, true) == nil
}

func (f *Future[T]) complete(v T, err error, cancel bool) error {
	if f.done {
		return ErrInvalidState
	}
	f.val, f.err, f.done, f.cancel = v, err, true, cancel
	if err != nil && !cancel {
		// asyncio logs "Future exception was never retrieved" when
		// such a future is collected; so does this.
		n := &failureNote{err: err}
		f.failure = n
		wp := weak.Make(f)
		logger := futureFailed(func() bool { return wp.Value() == nil }, n)
		stdruntime.AddCleanup(f, func(n *failureNote) { n.report(logger) }, n)
	}
	f.waiters.wakeAll()
	return nil
}

// Done reports whether the future has an outcome.
func (f *Future[T]) Done() bool { return f.done }

// Cancelled reports whether the future was cancelled.
func (f *Future[T]) Cancelled() bool { return f.cancel }

// Result returns the outcome, or ErrNotDone while pending.
func (f *Future[T]) Result() (T, error) {
	if !f.done {
		var zero T
		return zero, fmt.Errorf("%w: future: await it first, or check Done", ErrNotDone)
	}
	if f.failure != nil {
		f.failure.read.Store(true)
	}
	if p, ok := f.err.(*PanicError); ok {
		panic(p)
	}
	return f.val, f.err
}

// Poll implements [Awaitable].
func (f *Future[T]) Poll(w *asyncimpl.Task) Status {
	if f.done {
		return Ready
	}
	t := taskOf(w)
	t.waitIn(f, &f.waiters)
	return Suspend
}

// cancelWait cancels the future, as asyncio does when a task awaiting it is
// cancelled; the task then wakes with the future's cancellation. If it is
// done already, the task gets ErrCancelled in place of its outcome, which
// counts as read (see Task.cancelWait).
func (f *Future[T]) cancelWait(t *task) bool {
	if f.done {
		if f.failure != nil {
			f.failure.read.Store(true)
		}
		return true
	}
	f.Cancel()
	return false
}

func (f *Future[T]) describe() string { return "future" }

// addDone runs fn through the ready queue of l once f is done (at once, if it
// is done already), as asyncio's add_done_callback.
func (f *Future[T]) addDone(l *Loop, fn func()) *waiter {
	return f.waiters.addDone(l, fn, f.done)
}

func (f *Future[T]) removeDone(w *waiter) { f.waiters.remove(w) }

// addDone is Future.addDone for tasks.
func (t *task) addDone(l *Loop, fn func()) *waiter {
	return t.waiters.addDone(l, fn, t.state == finished)
}

func (t *task) removeDone(w *waiter) { t.waiters.remove(w) }
