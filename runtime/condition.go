package runtime

import "github.com/asyncgen/asyncgen/runtime/asyncimpl"

// Condition is a condition variable for tasks (asyncio.Condition): tasks
// holding its lock wait until another task notifies them. Wait releases the
// lock, waits for a notification, and takes the lock again before it
// returns, even when it is cancelled: a cancelled Wait returns ErrCancelled
// with the lock held, and notifies the next waiter once it holds the lock
// again (as in Python 3.13), so a Notify is never lost to a waiter that
// was cancelled after it was notified. Like all primitives here it is not safe
// for concurrent use.
//
// The zero Condition is ready to use, with a lock of its own.
type Condition struct {
	lock    *Lock
	own     Lock
	waiters syncList // waiting for a notification, in arrival order
	pool    syncPool
	err     error // the outcome of the Wait whose Poll reported Ready
}

// Kinds of condition waits; the condition's records in its lock's waiters
// have kind lockWaitRelock.
const condWaitNotify = lockWaitRelock + 1

// NewCondition returns a condition variable using lock, or a lock of its own
// if lock is nil.
func NewCondition(lock *Lock) *Condition { return &Condition{lock: lock} }

// Lock returns the condition's lock.
func (c *Condition) Lock() *Lock {
	if c.lock == nil {
		c.lock = &c.own
	}
	return c.lock
}

// Acquire is c.Lock().Acquire().
func (c *Condition) Acquire() Awaitable[struct{}] { return c.Lock().Acquire() }

// Release is c.Lock().Release().
func (c *Condition) Release() error { return c.Lock().Release() }

// Locked is c.Lock().Locked().
func (c *Condition) Locked() bool { return c.Lock().Locked() }

// Wait returns an awaitable that releases the lock, waits until notified, and
// re-acquires the lock. The lock must be held (else ErrNotAcquired).
func (c *Condition) Wait() Awaitable[struct{}] { return condWait{c} }

// WaitFor returns an awaitable that waits until pred reports true: it checks
// pred first, then waits and checks again after each notification, with the
// lock held each time.
func (c *Condition) WaitFor(pred func() bool) Awaitable[struct{}] {
	return condWaitFor{c, pred}
}

// Notify wakes up to n waiters, first come first; each returns from Wait
// once it holds the lock again, so the caller should release it. The lock
// must be held (else ErrNotAcquired).
func (c *Condition) Notify(n int) error {
	if !c.Lock().locked {
		return ErrNotAcquired
	}
	c.notify(n)
	return nil
}

// NotifyAll wakes every waiter.
func (c *Condition) NotifyAll() error { return c.Notify(c.waiters.n) }

func (c *Condition) notify(n int) {
	for ; n > 0; n-- {
		w := c.waiters.popFront()
		if w == nil {
			return
		}
		w.choose()
	}
}

type condWait struct{ c *Condition }

func (a condWait) Poll(w *asyncimpl.Task) Status {
	if w.Resumed {
		return Ready // the lock is held again
	}
	return a.c.wait(taskOf(w))
}

func (a condWait) Result() (struct{}, error) { return a.c.result() }

type condWaitFor struct {
	c    *Condition
	pred func() bool
}

func (a condWaitFor) Poll(w *asyncimpl.Task) Status {
	if a.pred() {
		return Ready
	}
	return a.c.wait(taskOf(w))
}

func (a condWaitFor) Result() (struct{}, error) { return a.c.result() }

// wait starts a wait by t: release the lock and wait for a notification.
func (c *Condition) wait(t *task) Status {
	l := c.Lock()
	if !l.locked {
		c.err = ErrNotAcquired
		return Ready
	}
	l.locked = false
	l.wakeFirst()
	c.waiters.push(c.pool.get(c, t, condWaitNotify))
	return Suspend
}

func (c *Condition) result() (struct{}, error) {
	err := c.err
	c.err = nil
	return struct{}{}, err
}

// resume is a record's turn. A notified or cancelled waiter starts to
// re-acquire the lock; a re-acquiring one takes it, or, cancelled, passes it
// on and queues again (the loop in asyncio's Condition.wait): whatever
// happens, the task runs again only with the lock held.
func (c *Condition) resume(w *syncWait) {
	l := c.Lock()
	switch w.kind {
	case condWaitNotify:
		notified := w.chosen && w.cancelled
		w.rearm(lockWaitRelock)
		w.notified = notified
	case lockWaitRelock:
		l.leave(w)
		if !w.cancelled {
			l.locked = true
			c.relocked(w)
			return
		}
		if !l.locked {
			l.wakeFirst()
		}
		notified := w.notified
		w.rearm(lockWaitRelock)
		w.notified = notified
	}
	if l.tryAcquire() {
		c.relocked(w)
		return
	}
	l.enqueue(w) // the task stays suspended, its wait now on the lock
}

// relocked ends a wait whose task holds the lock again. A cancelled one,
// notified or not, at whatever stage, notifies the next waiter, as
// Python 3.13's wait does for any wait that fails ("this Task may have
// believed it was notified"): a notification may be spurious, never lost.
func (c *Condition) relocked(w *syncWait) {
	if w.interrupt {
		c.notify(1)
	}
	c.pool.done(w)
}

func (c *Condition) withdraw(w *syncWait) {
	if w.kind == condWaitNotify {
		c.waiters.remove(w)
	} else {
		c.Lock().withdraw(w)
	}
}

func (c *Condition) describe(w *syncWait) string {
	if w.kind == condWaitNotify {
		return "Condition.Wait"
	}
	return "Condition.Wait (re-acquiring the lock)"
}
