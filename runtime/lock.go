package runtime

import (
	"errors"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// ErrNotAcquired is returned by Release of an unlocked Lock, and by the
// Condition methods that need the lock held when it is not.
var ErrNotAcquired = errors.New("runtime: lock is not acquired")

// Lock is a mutual-exclusion lock for tasks (asyncio.Lock, as in Python
// 3.11). Waiters acquire it in the order they asked; Release hands it to the
// first one, which takes it when its turn in the ready queue comes, and a
// waiter cancelled after it was chosen passes the lock on, so it is never
// lost nor held by a cancelled task. A Lock is not owned by a task: any task
// may release it. Like all primitives here it is not safe for concurrent use.
//
// The zero Lock is unlocked and ready to use.
type Lock struct {
	locked bool
	// waiters holds, in arrival order, the records of tasks waiting, chosen,
	// or cancelled while waiting, until each one's turn: asyncio's _waiters
	// deque of futures, which its release inspects at the front only.
	waiters syncList
	live    int // records in waiters not cancelled while waiting
	pool    syncPool
}

// Kinds of lock waits.
const (
	lockWaitAcquire = iota
	lockWaitRelock  // a Condition re-acquiring its lock; the condition owns the record
)

// NewLock returns an unlocked lock.
func NewLock() *Lock { return &Lock{} }

// Locked reports whether the lock is held.
func (l *Lock) Locked() bool { return l.locked }

// Acquire returns an awaitable that takes the lock, waiting until it is free
// and every earlier waiter has had it.
func (l *Lock) Acquire() Awaitable[struct{}] { return lockAcquire{l} }

// Release frees the lock and wakes the first waiter. Releasing an unlocked
// lock is an error (ErrNotAcquired) and changes nothing.
func (l *Lock) Release() error {
	if !l.locked {
		return ErrNotAcquired
	}
	l.locked = false
	l.wakeFirst()
	return nil
}

// tryAcquire is asyncio's fast path: free, and nobody waits who was not
// cancelled.
func (l *Lock) tryAcquire() bool {
	if !l.locked && l.live == 0 {
		l.locked = true
		return true
	}
	return false
}

func (l *Lock) enqueue(w *syncWait) {
	l.waiters.push(w)
	l.live++
}

// wakeFirst wakes the first waiter unless it was already woken or cancelled
// (asyncio's _wake_up_first): such a waiter will, at its turn, take the lock
// or wake the next one.
func (l *Lock) wakeFirst() {
	if w := l.waiters.head; w != nil && !w.queued {
		w.choose()
	}
}

// leave removes a record at its turn.
func (l *Lock) leave(w *syncWait) {
	l.waiters.remove(w)
	if w.chosen {
		l.live-- // a record cancelled while waiting left live then
	}
}

type lockAcquire struct{ l *Lock }

func (a lockAcquire) Poll(w *asyncimpl.Task) Status {
	if w.Resumed || a.l.tryAcquire() {
		return Ready // resumed: resume took the lock for this task
	}
	a.l.enqueue(a.l.pool.get(a.l, taskOf(w), lockWaitAcquire))
	return Suspend
}

func (a lockAcquire) Result() (struct{}, error) { return struct{}{}, nil }

// resume is the turn of a woken or cancelled waiter: it takes the lock, or,
// cancelled, wakes the next waiter if the lock is free (asyncio's except
// clause in acquire).
func (l *Lock) resume(w *syncWait) {
	l.leave(w)
	if w.cancelled {
		if !l.locked {
			l.wakeFirst()
		}
	} else {
		l.locked = true
	}
	l.pool.done(w)
}

// withdraw keeps a cancelled waiter's record in place until its turn, as
// asyncio keeps the cancelled future in the deque: only its liveness changes.
func (l *Lock) withdraw(w *syncWait) { l.live-- }

func (l *Lock) describe(w *syncWait) string { return "Lock.Acquire" }
