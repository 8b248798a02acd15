package runtime

import "github.com/asyncgen/asyncgen/runtime/asyncimpl"

// Status is what an awaitable's Poll reports; see [asyncimpl.Status].
type Status = asyncimpl.Status

// The statuses of the await protocol.
const (
	Ready   = asyncimpl.Ready
	Suspend = asyncimpl.Suspend
	Call    = asyncimpl.Call
)

// blocker is what a suspended task waits on.
type blocker interface {
	// cancelWait withdraws the task's wait because the task is cancelled.
	// It reports true if the task should now wake with ErrCancelled, false
	// if the cancellation was passed on (to an awaited task or future) and
	// the task will be woken when that ends.
	cancelWait(t *task) bool
	// describe says what is awaited, for DumpTasks.
	describe() string
}

// waiter is a link in a waitList: a task to wake, or a callback to schedule.
type waiter struct {
	next *waiter
	task *task
	fn   *Handle
}

// waitList is a FIFO of waiters: the tasks and callbacks to run when a task or
// future completes, in the order they were added, as asyncio's callbacks.
type waitList struct {
	head, tail *waiter
}

func (wl *waitList) add(w *waiter) {
	w.next = nil
	if wl.tail == nil {
		wl.head = w
	} else {
		wl.tail.next = w
	}
	wl.tail = w
}

// addFunc adds a callback, run through the ready queue of loop l.
func (wl *waitList) addFunc(l *Loop, fn func()) *waiter {
	h := &Handle{fn: fn, loop: l}
	h.tm.idx = -1
	w := &waiter{fn: h}
	wl.add(w)
	return w
}

func (wl *waitList) remove(w *waiter) bool {
	var prev *waiter
	for x := wl.head; x != nil; prev, x = x, x.next {
		if x != w {
			continue
		}
		if prev == nil {
			wl.head = x.next
		} else {
			prev.next = x.next
		}
		if wl.tail == x {
			wl.tail = prev
		}
		x.next = nil
		return true
	}
	return false
}

func (wl *waitList) empty() bool { return wl.head == nil }

// wakeAll schedules every waiter, in order, and empties the list.
func (wl *waitList) wakeAll() {
	for w := wl.head; w != nil; {
		next := w.next
		w.next = nil
		if w.task != nil {
			w.task.wakeUp()
		} else {
			w.fn.loop.ready.push(w.fn)
		}
		w = next
	}
	wl.head, wl.tail = nil, nil
}

// wakeFirst wakes the first waiter, if any, and reports whether there was one.
func (wl *waitList) wakeFirst() bool {
	w := wl.head
	if w == nil {
		return false
	}
	wl.head = w.next
	if wl.head == nil {
		wl.tail = nil
	}
	w.next = nil
	if w.task != nil {
		w.task.wakeUp()
	} else {
		w.fn.loop.ready.push(w.fn)
	}
	return true
}
