package runtime

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// ErrCancelled is the error of an await interrupted by cancellation, and the
// result of a cancelled task. errors.Is(err, context.Canceled) holds for it.
var ErrCancelled = asyncimpl.ErrCancelled

// ErrTimeout is the error of an await that ran out of time ([WaitFor],
// [Timeout]). errors.Is(err, context.DeadlineExceeded) holds for it.
var ErrTimeout = asyncimpl.ErrTimeout

// ErrClosed is returned by the methods of a closed loop.
var ErrClosed = errors.New("runtime: loop is closed")

// ErrNotDone is returned by Result of a task or future that has not finished.
var ErrNotDone = errors.New("runtime: result is not ready")

// ErrReused is wrapped by the error of a coroutine awaited or spawned twice.
var ErrReused = asyncimpl.ErrReused

// PanicError is a panic captured in a task, carrying the stack of the
// goroutine at the point of the panic and, since a task steps only its
// innermost coroutine, the positions of the coroutines that awaited it
// (Awaits, also in its message). It is raised again, as a panic with the
// *PanicError as its value, where the task is awaited or by [Run], and a
// panic's value it stays as it leaves the coroutines around that await:
// each frame's recover gets it, its Awaits growing with the coroutines of
// the awaiting task.
type PanicError = asyncimpl.PanicError

func loopClosedf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrClosed}, args...)...)
}

// refusal is the error of method op on a loop that is closed, or the zero
// Loop; nil on a loop that can run it.
func (l *Loop) refusal(op string) error {
	switch {
	case l.closed.Load():
		return loopClosedf(op)
	case l.clock == nil:
		return errZeroLoop(op)
	}
	return nil
}

func errZeroLoop(op string) error {
	return fmt.Errorf("runtime: %s on a Loop not made by NewLoop: make one with NewLoop", op)
}

// isCancellation reports whether err says that work was cancelled and
// nothing else: ErrCancelled, wrapped any number of times (fmt.Errorf's
// %w), or joined only with other cancellations, as errors.Join(err, nil)
// of a TaskGroup's body whose tasks ended well. An error that joins a
// cancellation with a failure is a failure, as asyncio's TaskGroup raises
// its tasks' errors rather than the CancelledError of its body: it ends a
// task as failed, not cancelled, and a Timeout or WaitFor passes it on
// rather than turning it into ErrTimeout.
func isCancellation(err error) bool {
	for err != nil {
		if err == ErrCancelled {
			return true
		}
		if x, ok := err.(interface{ Is(error) bool }); ok && x.Is(ErrCancelled) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			found := false
			for _, e := range x.Unwrap() {
				if e != nil {
					if !isCancellation(e) {
						return false
					}
					found = true
				}
			}
			return found
		default:
			return false
		}
	}
	return false
}
