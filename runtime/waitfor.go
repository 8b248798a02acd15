package runtime

import (
	"time"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// WaitFor awaits a with a time limit (asyncio.wait_for, as in Python 3.11).
// A coroutine runs as a task of its own. If the limit passes first, a is
// cancelled and WaitFor waits for it to end before returning ErrTimeout (or
// a's result, if a ignored the cancellation). Negative d means zero: a is
// cancelled at once unless it is already done. Cancelling the awaiting task
// cancels a too and waits for it likewise. With [Forever], no limit, WaitFor
// returns a itself, awaited inline like any awaitable, as wait_for(a, None)
// is await a.
func WaitFor[T any](a Awaitable[T], d time.Duration) Awaitable[T] {
	if d == Forever {
		return a
	}
	return &waitForOp[T]{a: a, d: max(d, 0)}
}

type waitForOp[T any] struct {
	a       Awaitable[T]
	d       time.Duration
	phase   uint8
	fut     future[T]
	cb      *waiter
	timer   *Handle
	waker        // asyncio's waiter future: the awaiting task, released once
	stopped bool // the awaiting task was cancelled
	timeout bool // cancelling the inner work because of the limit
	val     T
	err     error
}

const (
	waitForStart = iota
	waitForWaiting
	waitForCancelling
	waitForDone
)

func (op *waitForOp[T]) Poll(w *asyncimpl.Task) Status {
	t := taskOf(w)
	l := t.loop
	switch op.phase {
	case waitForStart:
		op.fut = ensureFuture(l, op.a)
		op.a = nil
		if op.d == 0 {
			if op.fut.Done() {
				return op.end()
			}
			return op.cancelAndWait(t)
		}
		op.timer, _ = l.CallLater(op.d, op.release)
		op.cb = op.fut.addDone(l, op.release)
		op.phase = waitForWaiting
		return op.suspend(t)
	case waitForWaiting:
		if !op.woke && !op.stopped {
			return op.suspend(t)
		}
		if op.timer != nil {
			op.timer.Cancel()
		}
		if op.fut.Done() {
			return op.end()
		}
		op.fut.removeDone(op.cb)
		return op.cancelAndWait(t)
	case waitForCancelling:
		if !op.woke && !op.stopped {
			return op.suspend(t)
		}
		op.fut.removeDone(op.cb)
		if op.stopped || !op.timeout {
			// Cancelled while cancelling, or cancelling because the
			// awaiting task was cancelled: the cancellation propagates.
			op.phase = waitForDone
			op.err = ErrCancelled
			return Ready
		}
		return op.end()
	}
	return Ready
}

// cancelAndWait is asyncio's _cancel_and_wait: cancel the inner future and
// wait until it is done.
func (op *waitForOp[T]) cancelAndWait(t *task) Status {
	op.phase = waitForCancelling
	op.timeout = !op.stopped
	op.woke, op.stopped = false, false
	op.cb = op.fut.addDone(t.loop, op.release)
	op.fut.Cancel()
	return op.suspend(t)
}

func (op *waitForOp[T]) suspend(t *task) Status {
	op.task = t
	t.wait = op
	return Suspend
}

func (op *waitForOp[T]) end() Status {
	op.phase = waitForDone
	op.val, op.err = outcome(op.fut)
	if op.timeout && (op.fut.Cancelled() || isCancellation(op.err)) {
		// As asyncio's wait_for turns the CancelledError of the inner
		// future's result into TimeoutError: a cancelled Gather's is its
		// error, not a cancelled state.
		op.err = ErrTimeout
	}
	return Ready
}

// cancelWait: the awaiting task is cancelled. WaitFor takes charge: it
// cancels the inner work and waits for it, then returns ErrCancelled.
func (op *waitForOp[T]) cancelWait(t *task) bool {
	if op.phase == waitForDone || op.phase == waitForStart {
		return true
	}
	op.stopped = true
	if op.task != nil {
		op.task = nil
		t.wakeUp()
	}
	return false
}

func (op *waitForOp[T]) describe() string { return "WaitFor" }

func (op *waitForOp[T]) Result() (T, error) {
	raisePanic(op.err)
	return op.val, op.err
}
