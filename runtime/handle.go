package runtime

import "time"

// Handle is a callback scheduled with [Loop.CallSoon], [Loop.CallLater] or
// [Loop.CallAt]; Cancel keeps it from running.
type Handle struct {
	fn   func()
	when time.Duration
	loop *Loop
	// node links a done callback into the waiters of a task or future
	// (waitList.addFunc): no allocation of its own.
	node      waiter
	tm        timer
	cancelled bool
}

// newHandle is a callback of l, not yet scheduled.
func newHandle(l *Loop, fn func()) *Handle {
	h := &Handle{fn: fn, loop: l}
	h.tm.idx = -1
	return h
}

func (h *Handle) run() {
	if h.cancelled {
		return
	}
	h.cancelled = true // a handle runs once
	if h.loop.debug {
		h.loop.callTimed(h.fn)
		return
	}
	h.fn()
}

// Cancel keeps the callback from running if it has not run yet.
func (h *Handle) Cancel() {
	if h.cancelled {
		return
	}
	h.cancelled = true
	if h.tm.idx >= 0 && h.loop != nil {
		h.loop.timers.remove(&h.tm)
	}
}

// Cancelled reports whether the handle was cancelled or has already run.
func (h *Handle) Cancelled() bool { return h.cancelled }

// When is the loop time at which a timed callback runs.
func (h *Handle) When() time.Duration { return h.when }
