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
// ErrTimeout. Unlike [WaitFor] no task is made: a coroutine runs in the
// awaiting task itself.
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
	timer   *Handle
	expired bool
}

func (op *timeoutOp[T]) Poll(w *asyncimpl.Task) Status {
	if op.timer == nil {
		t := taskOf(w)
		op.timer, _ = t.loop.CallLater(op.d, func() {
			op.expired = true
			t.Cancel()
		})
		st := op.c.Poll(w) // pushes the coroutine's frame
		if st == Ready {
			op.timer.Cancel() // the coroutine was already run: Result says so
		}
		return st
	}
	op.timer.Cancel()
	return Ready
}

func (op *timeoutOp[T]) Result() (T, error) {
	v, err := op.c.Result()
	if op.expired && errors.Is(err, ErrCancelled) {
		err = ErrTimeout
	}
	return v, err
}
