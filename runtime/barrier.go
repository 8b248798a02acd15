package runtime

import (
	"errors"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// ErrBrokenBarrier is returned by Barrier.Wait when the barrier is reset or
// aborted while the task waits, or is broken when it arrives
// (asyncio.BrokenBarrierError).
var ErrBrokenBarrier = errors.New("runtime: barrier is broken")

// Barrier makes a fixed number of tasks wait for each other (asyncio.Barrier,
// as in Python 3.11): each Wait blocks until parties tasks are waiting, then
// all of them go on. Tasks arriving while the released ones leave wait for the
// next round. A cancelled waiter leaves the barrier without breaking it. Like
// all primitives here it is not safe for concurrent use.
//
// The zero Barrier is not usable: make one with [NewBarrier].
type Barrier struct {
	parties int
	state   barrierState
	count   int      // tasks inside: waiting to be released, or released and not yet gone
	waiters syncList // asyncio's condition waiters: tasks blocked or waiting, in arrival order
	pool    syncPool
	index   int // the outcome of the Wait whose Poll reported Ready
	err     error
}

type barrierState uint8

const (
	barrierFilling barrierState = iota
	barrierDraining
	barrierResetting
	barrierBroken
)

// Kinds of barrier waits.
const (
	barrierBlocked = iota // arrived while the barrier drains or resets
	barrierWaiting        // counted, waiting for the others
)

var errZeroBarrier = errors.New("runtime: Wait on a Barrier not made by NewBarrier: make one with NewBarrier(parties)")

// NewBarrier returns a barrier for parties tasks. It panics if parties < 1.
func NewBarrier(parties int) *Barrier {
	if parties < 1 {
		panic("runtime: NewBarrier with fewer than one party")
	}
	return &Barrier{parties: parties}
}

// Parties returns the number of tasks the barrier waits for.
func (b *Barrier) Parties() int { return b.parties }

// NWaiting returns the number of tasks waiting to be released.
func (b *Barrier) NWaiting() int {
	if b.state == barrierFilling {
		return b.count
	}
	return 0
}

// Broken reports whether the barrier was aborted.
func (b *Barrier) Broken() bool { return b.state == barrierBroken }

// Wait returns an awaitable that waits until parties tasks wait on the
// barrier, and gives the task's arrival index, from 0 to parties-1. It fails
// with ErrBrokenBarrier if the barrier is aborted, or reset while the task
// waits.
func (b *Barrier) Wait() Awaitable[int] { return barrierWait{b} }

// Reset returns the barrier to its empty state; tasks waiting get
// ErrBrokenBarrier. A broken barrier becomes usable again.
func (b *Barrier) Reset() {
	if b.count > 0 {
		b.state = barrierResetting
	} else {
		b.state = barrierFilling
	}
	b.notifyAll()
}

// Abort breaks the barrier: waiting and arriving tasks get ErrBrokenBarrier
// until Reset.
func (b *Barrier) Abort() {
	b.state = barrierBroken
	b.notifyAll()
}

type barrierWait struct{ b *Barrier }

func (a barrierWait) Poll(w *asyncimpl.Task) Status {
	if w.Resumed {
		return Ready // resume stored the outcome
	}
	return a.b.arrive(nil, taskOf(w))
}

func (a barrierWait) Result() (int, error) {
	b := a.b
	i, err := b.index, b.err
	b.index, b.err = 0, nil
	return i, err
}

// arrive is a task entering the barrier, with its record w if it was blocked
// before. It reports Ready with the outcome in b.index and b.err, or
// Suspend with the task waiting.
func (b *Barrier) arrive(w *syncWait, t *task) Status {
	if b.parties == 0 {
		b.index, b.err = 0, errZeroBarrier
		return Ready
	}
	switch b.state {
	case barrierDraining, barrierResetting:
		b.await(w, t, barrierBlocked)
		return Suspend
	case barrierBroken:
		b.index, b.err = 0, ErrBrokenBarrier
		return Ready
	}
	index := b.count
	b.count++
	if index+1 < b.parties {
		b.await(w, t, barrierWaiting).index = index
		return Suspend
	}
	b.state = barrierDraining
	b.notifyAll()
	b.leave()
	b.index, b.err = index, nil
	return Ready
}

// await makes t wait in kind, in w or a new record.
func (b *Barrier) await(w *syncWait, t *task, kind uint8) *syncWait {
	if w == nil {
		w = b.pool.get(b, t, kind)
	} else {
		w.rearm(kind)
	}
	b.waiters.push(w)
	return w
}

// leave is a counted task going: the last one ends draining or resetting
// and wakes the tasks blocked meanwhile (asyncio's _exit).
func (b *Barrier) leave() {
	b.count--
	if b.count == 0 {
		if b.state == barrierDraining || b.state == barrierResetting {
			b.state = barrierFilling
		}
		b.notifyAll()
	}
}

func (b *Barrier) notifyAll() {
	for w := b.waiters.popFront(); w != nil; w = b.waiters.popFront() {
		w.choose()
	}
}

// resume is a notified or cancelled record's turn: like asyncio's tasks
// woken from the barrier's condition, it checks the state and either goes
// on or waits again at the end of the line.
func (b *Barrier) resume(w *syncWait) {
	t := w.t
	switch {
	case w.kind == barrierBlocked && w.cancelled:
		// Not counted yet: nothing to undo.
	case w.kind == barrierBlocked:
		if b.arrive(w, t) == Suspend {
			return
		}
	case w.cancelled:
		b.leave()
	case b.state == barrierFilling:
		w.rearm(barrierWaiting)
		b.waiters.push(w)
		return
	default:
		b.index, b.err = w.index, nil
		if b.state != barrierDraining {
			b.index, b.err = 0, ErrBrokenBarrier
		}
		b.leave()
	}
	b.pool.done(w)
}

func (b *Barrier) withdraw(w *syncWait) { b.waiters.remove(w) }

func (b *Barrier) describe(w *syncWait) string { return "Barrier.Wait" }
