package runtime

import (
	"unsafe"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

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
	// It is called whether or not the task was already woken (a woken
	// waiter that was handed an item or a lock passes it on). It reports
	// true if the await should return ErrCancelled without the awaitable
	// being polled again, false if the blocker takes charge: it passed the
	// cancellation on (to an awaited task or future) or must clean up first,
	// and will wake the task and report the outcome through its Result.
	cancelWait(t *task) bool
	// describe says what is awaited, for DumpTasks.
	describe() string
}

// waiter is a link in a waitList: the node of a task to wake (the node
// field of that task), or, with cb set, of a callback to schedule (the node
// field of its Handle).
type waiter struct {
	next *waiter
	cb   bool
	// slot is kept here by a task, in room its node would leave as
	// padding: its place in the loop's set of live tasks (see taskSet).
	slot int32
}

const (
	nodeOffset       = unsafe.Offsetof((*task)(nil).node)
	handleNodeOffset = unsafe.Offsetof((*Handle)(nil).node)
)

// handle returns the callback whose node w is; w.cb is set.
func (w *waiter) handle() *Handle {
	return (*Handle)(unsafe.Add(unsafe.Pointer(w), -int(handleNodeOffset)))
}

// wake schedules what w stands for.
func (w *waiter) wake() {
	if w.cb {
		h := w.handle()
		h.loop.ready.push(h)
		return
	}
	taskOfNode(w).wakeUp()
}

// waitList is a FIFO of waiters: the tasks and callbacks to run when a task or
// future completes, in the order they were added, as asyncio's callbacks.
//
// It is a circular singly linked list known by its last waiter, whose next
// is the first: one word in every task.
type waitList struct {
	tail *waiter
}

func (wl *waitList) add(w *waiter) {
	if wl.tail == nil {
		w.next = w
	} else {
		w.next = wl.tail.next
		wl.tail.next = w
	}
	wl.tail = w
}

// addFunc adds a callback, run through the ready queue of loop l.
func (wl *waitList) addFunc(l *Loop, fn func()) *waiter {
	h := newHandle(l, fn)
	h.node.cb = true
	wl.add(&h.node)
	return &h.node
}

// addDone adds a callback to the list of a task or future, and schedules
// it at once if that is done already (asyncio's add_done_callback).
func (wl *waitList) addDone(l *Loop, fn func(), done bool) *waiter {
	w := wl.addFunc(l, fn)
	if done {
		wl.wakeAll()
	}
	return w
}

func (wl *waitList) remove(w *waiter) bool {
	if wl.tail == nil {
		return false
	}
	prev := wl.tail
	for {
		x := prev.next
		if x == w {
			if x == prev { // the only waiter
				wl.tail = nil
			} else {
				prev.next = x.next
				if wl.tail == x {
					wl.tail = prev
				}
			}
			x.next = nil
			return true
		}
		if x == wl.tail {
			return false
		}
		prev = x
	}
}

// wakeAll schedules every waiter, in order, and empties the list.
func (wl *waitList) wakeAll() {
	last := wl.tail
	if last == nil {
		return
	}
	wl.tail = nil
	w := last.next
	for {
		next := w.next
		w.next = nil
		// w.wake(), written out: a task's end wakes its awaiters here.
		if w.cb {
			h := w.handle()
			h.loop.ready.push(h)
		} else if t := taskOfNode(w); !t.tryWake() {
			t.wakeSlow()
		}
		if w == last {
			return
		}
		w = next
	}
}

// wakeFirst wakes the first waiter, if any, and reports whether there was one.
func (wl *waitList) wakeFirst() bool {
	w := wl.popFirst()
	if w == nil {
		return false
	}
	w.wake()
	return true
}

// popFirst removes and returns the first waiter, nil if there is none.
func (wl *waitList) popFirst() *waiter {
	last := wl.tail
	if last == nil {
		return nil
	}
	w := last.next
	if w == last {
		wl.tail = nil
	} else {
		last.next = w.next
	}
	w.next = nil
	return w
}

// waitIn suspends t on b, what it awaits, in the list wl of b's waiters,
// which wakes it.
func (t *task) waitIn(b blocker, wl *waitList) {
	t.wait = b
	wl.add(&t.node)
}

// taskOfNode returns the task whose node is w.
func taskOfNode(w *waiter) *task { return (*task)(unsafe.Add(unsafe.Pointer(w), -int(nodeOffset))) }

// waker is asyncio's waiter future of wait and wait_for: release (its
// _release_waiter) wakes the awaiting task once, at the first of the events
// it waits for (a timer, a done callback), and woke says it was released.
type waker struct {
	task *task // the awaiting task while it waits
	woke bool
}

func (w *waker) release() {
	if w.woke {
		return
	}
	w.woke = true
	if t := w.task; t != nil {
		w.task = nil
		t.wakeUp()
	}
}
