package runtime

import (
	"errors"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// ErrBoundExceeded is returned by Release of a bounded semaphore that would
// go above its initial value.
var ErrBoundExceeded = errors.New("runtime: bounded semaphore released too many times")

// Semaphore is a counter of permits (asyncio.Semaphore and BoundedSemaphore,
// as in Python 3.11). Acquire takes a permit, waiting while there is none;
// Release gives one back and hands it to the first waiter. Waiters are served
// in the order they asked, and a waiter cancelled after it was handed a permit
// gives it on to the next, so none is lost. Like all primitives here it is
// not safe for concurrent use.
//
// The zero Semaphore is an unbounded semaphore with no permit.
type Semaphore struct {
	value   int
	bound   int
	bounded bool
	waiters syncList // waiting, in arrival order
	chosen  int      // waiters handed a permit whose turn has not come yet
	pool    syncPool
}

// NewSemaphore returns a semaphore holding n permits. It panics if n < 0.
func NewSemaphore(n int) *Semaphore {
	if n < 0 {
		panic("runtime: NewSemaphore with a negative count")
	}
	return &Semaphore{value: n}
}

// NewBoundedSemaphore returns a semaphore holding n permits whose Release
// fails with ErrBoundExceeded when it would hold more than n. It panics if
// n < 0.
func NewBoundedSemaphore(n int) *Semaphore {
	s := NewSemaphore(n)
	s.bound, s.bounded = n, true
	return s
}

// Locked reports whether Acquire would wait: no permit is free, or another
// task is already waiting for one.
func (s *Semaphore) Locked() bool {
	return s.value == 0 || s.waiters.n > 0 || s.chosen > 0
}

// Acquire returns an awaitable that takes a permit.
func (s *Semaphore) Acquire() Awaitable[struct{}] { return semAcquire{s} }

// Release gives a permit back and wakes the first waiter, if any.
func (s *Semaphore) Release() error {
	if s.bounded && s.value >= s.bound {
		return ErrBoundExceeded
	}
	s.value++
	s.wakeNext()
	return nil
}

// wakeNext hands a permit to the first waiter (asyncio's _wake_up_next).
func (s *Semaphore) wakeNext() {
	if w := s.waiters.popFront(); w != nil {
		s.value--
		s.chosen++
		w.choose()
	}
}

type semAcquire struct{ s *Semaphore }

func (a semAcquire) Poll(w *asyncimpl.Task) Status {
	s := a.s
	if w.Resumed {
		return Ready // the permit was handed over
	}
	if !s.Locked() {
		s.value--
		return Ready
	}
	s.waiters.push(s.pool.get(s, taskOf(w), 0))
	return Suspend
}

func (a semAcquire) Result() (struct{}, error) { return struct{}{}, nil }

// resume is a woken or cancelled waiter's turn. Woken, it keeps its permit
// and wakes the next waiter if permits are left; cancelled after it was
// woken, it gives its permit on.
func (s *Semaphore) resume(w *syncWait) {
	if w.chosen {
		s.chosen--
		if w.cancelled {
			s.value++
			s.wakeNext()
		} else if s.value > 0 {
			s.wakeNext()
		}
	}
	s.pool.done(w)
}

func (s *Semaphore) withdraw(w *syncWait) { s.waiters.remove(w) }

func (s *Semaphore) describe(w *syncWait) string { return "Semaphore.Acquire" }
