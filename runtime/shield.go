package runtime

import "github.com/asyncgen/asyncgen/runtime/asyncimpl"

// Shield protects a from cancellation (asyncio.shield): cancelling the task
// that awaits the Shield makes that await return ErrCancelled, but a keeps
// running. A coroutine is spawned as a task when the await begins. As
// asyncio's, a Shield is an outer future around a: once an await of it was
// cancelled, it is cancelled, and awaiting it again returns ErrCancelled.
func Shield[T any](a Awaitable[T]) Awaitable[T] { return &shieldOp[T]{a: a} }

type shieldOp[T any] struct {
	a         Awaitable[T]
	inner     future[T]
	cb        *waiter // on the inner future
	waiters   waitList
	started   bool
	done      bool
	cancelled bool // the outer future was cancelled
	val       T
	err       error
}

var _ future[int] = (*shieldOp[int])(nil)

// start makes the inner future and ties the outer to it: asyncio.shield's
// body, which the combinators that take a future (WaitFor, Gather) run
// when they begin, as asyncio's shield runs when it is called.
func (op *shieldOp[T]) start(l *Loop) {
	if op.started {
		return
	}
	op.started = true
	op.inner = ensureFuture(l, op.a)
	op.a = nil
	if op.inner.Done() {
		op.finish()
		return
	}
	op.cb = op.inner.addDone(l, func() {
		if op.done {
			// The outer future was cancelled after the inner one ended,
			// before this callback ran: as asyncio's _inner_done_callback,
			// count the inner's error as read.
			outcome(op.inner)
			return
		}
		op.finish()
		op.waiters.wakeAll()
	})
}

func (op *shieldOp[T]) Poll(w *asyncimpl.Task) Status {
	if op.done {
		return Ready
	}
	t := taskOf(w)
	op.start(t.loop)
	if op.done {
		return Ready
	}
	t.waitIn(op, &op.waiters)
	return Suspend
}

func (op *shieldOp[T]) finish() {
	op.done = true
	if op.inner.Cancelled() {
		op.err = ErrCancelled
		return
	}
	op.val, op.err = outcome(op.inner)
}

// cancelWait cancels only the outer future; the inner work goes on.
func (op *shieldOp[T]) cancelWait(t *task) bool {
	op.waiters.remove(&t.node)
	op.Cancel()
	return true
}

func (op *shieldOp[T]) describe() string { return "Shield" }

func (op *shieldOp[T]) Result() (T, error) {
	raisePanic(op.err)
	return op.val, op.err
}

// Done, Cancel, Cancelled, addDone and removeDone make the Shield a future
// for the combinators (see ensureFuture).

func (op *shieldOp[T]) Done() bool { return op.done }

// Cancel cancels the outer future, not the inner work. At the next turn
// of the loop, as asyncio's _outer_done_callback, it takes its callback off
// the inner future if that is still running: an error of the inner work is
// then its own to report, and a Shield made again and again around a
// long-lived future leaves nothing on it. Inner work that ends before that
// turn, in the pass of the Cancel, has its error read by the callback, as
// asyncio's _inner_done_callback does.
func (op *shieldOp[T]) Cancel() bool {
	if op.done {
		return false
	}
	if cb := op.cb; cb != nil && !op.inner.Done() {
		l := cb.handle().loop
		l.ready.push(newHandle(l, func() {
			if !op.inner.Done() {
				op.inner.removeDone(cb)
			}
		}))
	}
	op.done, op.cancelled, op.err = true, true, ErrCancelled
	op.waiters.wakeAll()
	return true
}

func (op *shieldOp[T]) Cancelled() bool { return op.cancelled }

func (op *shieldOp[T]) addDone(l *Loop, fn func()) *waiter {
	return op.waiters.addDone(l, fn, op.done)
}

func (op *shieldOp[T]) removeDone(w *waiter) { op.waiters.remove(w) }
