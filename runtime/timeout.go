package runtime

import (
	"errors"
	"time"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// Timeout runs a inline in the awaiting task with a deadline d from the
// start of the await (asyncio.timeout, the async with block). When the
// deadline passes, the awaiting task is cancelled: whatever a is awaiting
// returns ErrCancelled, and when a returns, its ErrCancelled becomes
// ErrTimeout. [Forever] means no deadline. Unlike [WaitFor] no task is
// made: a coroutine runs in the awaiting task itself.
func Timeout[T any](d time.Duration, a Awaitable[T]) Awaitable[T] {
	c, ok := a.(Coro[T])
	if !ok {
		c = awaitCoro(a)
	}
	return &timeoutOp[T]{c: c, d: max(d, 0)}
}

type timeoutOp[T any] struct {
	c       Coro[T]
	d       time.Duration
	started bool
	timer   *Handle // nil for Forever
	expired bool
	task    *task
	entry   uint16 // the task's cancellation requests at the start
}

func (op *timeoutOp[T]) Poll(w *asyncimpl.Task) Status {
	if !op.started {
		op.started = true
		t := taskOf(w)
		op.task, op.entry = t, t.cancels
		expire := func() {
			if op.c.Base().Ended() {
				// A panic left the block: asyncio's __aexit__
				// cancels the deadline whatever ends the block.
				return
			}
			op.expired = true
			t.Cancel()
		}
		switch op.d {
		case Forever:
		case 0:
			// A deadline already past fires at the next pass, before
			// the coroutine's next step, as asyncio's call_soon.
			op.timer, _ = t.loop.CallSoon(expire)
		default:
			op.timer, _ = t.loop.CallLater(op.d, expire)
		}
		st := op.c.Poll(w) // pushes the coroutine's frame
		if st == Ready {
			op.stop() // the coroutine was already run: Result says so
		}
		return st
	}
	op.stop()
	return Ready
}

func (op *timeoutOp[T]) stop() {
	if op.timer != nil {
		op.timer.Cancel()
	}
}

// Result turns the cancellation the deadline made into ErrTimeout, as
// asyncio's timeout does: it withdraws its own request, and if none other
// is left (no outside Cancel, no enclosing Timeout expiring in the same
// pass), the await's ErrCancelled was its own.
func (op *timeoutOp[T]) Result() (T, error) {
	v, err := op.c.Result()
	if op.expired {
		t := op.task
		t.uncancel()
		if t.cancels <= op.entry && errors.Is(err, ErrCancelled) {
			err = ErrTimeout
		}
	}
	return v, err
}
