package runtime

import "github.com/asyncgen/asyncgen/runtime/asyncimpl"

// Shield protects a from cancellation (asyncio.shield): cancelling the task
// that awaits the Shield makes that await return ErrCancelled, but a keeps
// running. A coroutine is spawned as a task when the await begins.
func Shield[T any](a Awaitable[T]) Awaitable[T] { return &shieldOp[T]{a: a} }

type shieldOp[T any] struct {
	a     Awaitable[T]
	inner future[T]
	cb    *waiter
	task  *task
	done  bool
	val   T
	err   error
}

func (op *shieldOp[T]) Poll(w *asyncimpl.Task) Status {
	if op.done {
		return Ready
	}
	t := taskOf(w)
	if op.inner == nil {
		l := t.loop
		op.inner = ensureFuture(l, op.a)
		op.a = nil
		if op.inner.Done() {
			op.finish()
			return Ready
		}
		op.cb = op.inner.addDone(l, func() {
			op.finish()
			if t := op.task; t != nil {
				op.task = nil
				t.wakeUp()
			}
		})
	}
	op.task = t
	t.wait = op
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

// cancelWait cancels only the outer await; the inner work goes on.
func (op *shieldOp[T]) cancelWait(t *task) bool {
	op.task = nil
	if !op.done {
		op.inner.removeDone(op.cb)
	}
	return true
}

func (op *shieldOp[T]) describe() string { return "Shield" }

func (op *shieldOp[T]) Result() (T, error) {
	raisePanic(op.err)
	return op.val, op.err
}
