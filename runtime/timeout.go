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
// made: a coroutine runs in the awaiting task itself. To move the deadline
// while a runs, use [TimeoutUntil].
func Timeout[T any](d time.Duration, a Awaitable[T]) Awaitable[T] {
	return newOwnTimeout(a, deadlineAfter(d))
}

// TimeoutAt is [Timeout] with the deadline at loop time when (see
// [Loop.Now]) rather than after a delay (asyncio.timeout_at).
func TimeoutAt[T any](when time.Duration, a Awaitable[T]) Awaitable[T] {
	return newOwnTimeout(a, deadlineAt(when))
}

// TimeoutUntil is [Timeout] under dl, a deadline that the code it runs,
// or any code of the loop, may read and move while it runs. A Deadline
// serves one TimeoutUntil; a second gets ErrDeadlineUsed.
//
//	dl := runtime.NewDeadline(time.Second)
//	_, err := runtime.Await(runtime.TimeoutUntil(dl, serveAsync(conn, dl)))
//	// in serve, after each request: dl.Reschedule(loop.Now() + time.Second)
func TimeoutUntil[T any](dl *Deadline, a Awaitable[T]) Awaitable[T] {
	if dl == nil {
		return failedFuture[T](errNilDeadline)
	}
	op := newTimeout(a)
	op.dl = dl
	return op
}

var errNilDeadline = errors.New("runtime: TimeoutUntil of a nil Deadline: pass one from NewDeadline or NewDeadlineAt")

// ErrDeadlineUsed is the error of a [TimeoutUntil] whose Deadline served
// another one already.
var ErrDeadlineUsed = errors.New("runtime: the Deadline already served a TimeoutUntil: make a new one")

// errDeadlineEnded is Reschedule's error once the deadline's Timeout
// expired or ended.
var errDeadlineEnded = errors.New("runtime: Reschedule of a Deadline whose Timeout expired or ended")

// Deadline is the deadline of a [TimeoutUntil], which the code it runs may
// move (asyncio's Timeout object, as asyncio.timeout returns it: when,
// reschedule, expired). Like all of the loop's objects it is not safe for
// concurrent use. The zero Deadline has no deadline.
type Deadline struct {
	when  time.Duration // loop time, or the delay from the start while rel; Forever: none
	set   bool          // false: no deadline (the zero Deadline)
	rel   bool
	state uint8
	// expired: the deadline passed while the Timeout ran, and cancelled
	// its task
	expired bool
	timer   *Handle
	loop    *Loop
	fire    func()
}

const (
	deadlineNew = iota
	deadlineRunning
	deadlineEnded
)

// NewDeadline returns a deadline d after the start of the TimeoutUntil
// that it serves; [Forever] means none.
func NewDeadline(d time.Duration) *Deadline {
	dl := deadlineAfter(d)
	return &dl
}

// NewDeadlineAt returns a deadline at loop time when; [Forever] means none.
func NewDeadlineAt(when time.Duration) *Deadline {
	dl := deadlineAt(when)
	return &dl
}

// deadlineAfter is a deadline d after its Timeout starts (negative means
// zero), deadlineAt one at loop time when.
func deadlineAfter(d time.Duration) Deadline {
	return Deadline{when: max(d, 0), set: true, rel: true}
}

func deadlineAt(when time.Duration) Deadline { return Deadline{when: when, set: true} }

// When returns the loop time of the deadline, and false when there is none
// or, for a deadline made by NewDeadline, its TimeoutUntil has not started.
func (dl *Deadline) When() (time.Duration, bool) {
	if !dl.set || dl.rel || dl.when == Forever {
		return 0, false
	}
	return dl.when, true
}

// Reschedule moves the deadline to loop time when; [Forever] removes it. A
// time already past expires the Timeout at the next pass. It fails once
// the deadline expired or its Timeout ended, as asyncio's reschedule.
func (dl *Deadline) Reschedule(when time.Duration) error {
	if dl.state == deadlineEnded || dl.expired {
		return errDeadlineEnded
	}
	dl.when, dl.set, dl.rel = when, true, false
	if dl.state == deadlineRunning {
		dl.arm()
	}
	return nil
}

// Expired reports whether the deadline passed while its Timeout ran, so
// that the Timeout ends with ErrTimeout unless what it runs recovers.
func (dl *Deadline) Expired() bool { return dl.expired }

// start begins the deadline's Timeout on l, where fire cancels its task.
func (dl *Deadline) start(l *Loop, fire func()) {
	dl.state, dl.loop, dl.fire = deadlineRunning, l, fire
	if dl.rel {
		dl.when, dl.rel = deadline(l.Now(), dl.when), false
	}
	dl.arm()
}

// arm sets the timer for the deadline in place of any set before.
func (dl *Deadline) arm() {
	if dl.timer != nil {
		dl.timer.Cancel()
		dl.timer = nil
	}
	switch {
	case !dl.set || dl.when == Forever:
	case dl.when <= dl.loop.Now():
		// A deadline already past fires at the next pass, before the
		// coroutine's next step, as asyncio's call_soon.
		dl.timer, _ = dl.loop.CallSoon(dl.fire)
	default:
		dl.timer, _ = dl.loop.CallAt(dl.when, dl.fire)
	}
}

// end ends the deadline with its Timeout.
func (dl *Deadline) end() {
	dl.state = deadlineEnded
	if dl.timer != nil {
		dl.timer.Cancel()
		dl.timer = nil
	}
}

// newOwnTimeout is a timeout of a under a deadline of its own, dl.
func newOwnTimeout[T any](a Awaitable[T], dl Deadline) *timeoutOp[T] {
	op := newTimeout(a)
	op.own = dl
	op.dl = &op.own
	return op
}

func newTimeout[T any](a Awaitable[T]) *timeoutOp[T] {
	c, ok := a.(Coro[T])
	if !ok {
		c = awaitCoro(a)
	}
	return &timeoutOp[T]{c: c}
}

type timeoutOp[T any] struct {
	c       Coro[T]
	dl      *Deadline
	own     Deadline // dl for Timeout and TimeoutAt
	started bool
	used    bool // dl served another TimeoutUntil
	task    *task
	entry   uint16 // the task's cancellation requests at the start
}

func (op *timeoutOp[T]) Poll(w *asyncimpl.Task) Status {
	if !op.started {
		op.started = true
		dl := op.dl
		if dl.state != deadlineNew {
			op.used = true
			return Ready
		}
		t := taskOf(w)
		op.task, op.entry = t, t.cancels
		dl.start(t.loop, func() {
			dl.timer = nil
			if op.c.Base().Ended() {
				// A panic left the block: asyncio's __aexit__
				// cancels the deadline whatever ends the block.
				return
			}
			dl.expired = true
			t.Cancel()
		})
		st := op.c.Poll(w) // pushes the coroutine's frame
		if st == Ready {
			dl.end() // the coroutine was already run: Result says so
		}
		return st
	}
	op.dl.end()
	return Ready
}

// Result turns the cancellation the deadline made into ErrTimeout, as
// asyncio's timeout does: it withdraws its own request, and if none other
// is left (no outside Cancel, no enclosing Timeout expiring in the same
// pass), the await's ErrCancelled was its own.
func (op *timeoutOp[T]) Result() (T, error) {
	if op.used {
		var zero T
		return zero, ErrDeadlineUsed
	}
	v, err := op.c.Result()
	if op.dl.expired {
		t := op.task
		t.uncancel()
		if t.cancels <= op.entry && isCancellation(err) {
			err = ErrTimeout
		}
	}
	return v, err
}
