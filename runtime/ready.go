package runtime

// runnable is an item of the ready queue: a task to step, a fired timer, a
// callback.
type runnable interface{ run() }

// ring is the ready queue: a FIFO of runnables in a power-of-two ring buffer
// that grows when full and never shrinks, so steady state allocates nothing.
//
// Callbacks from other goroutines (CallSoonThreadsafe) wait in the loop's
// inbox; each push first takes them in, so that they keep their place
// among the callbacks scheduled after them, as asyncio's
// call_soon_threadsafe appends to the ready queue at once.
type ring struct {
	buf  []runnable
	head int
	n    int
	// room is len(buf), or 0 in debug mode: push takes its short path
	// (tryPush, which a task's tryWake and launch also use) while
	// n < room, one comparison for a full ring and for debug mode, whose
	// check is in pushSlow and wakeSlow.
	room int
	in   *inbox
	// debug is the loop in debug mode (nil otherwise), whose check that a
	// push comes from the loop's goroutine (checkWake) push makes.
	debug *Loop
}

func (r *ring) len() int { return r.n }

func (r *ring) push(x runnable) {
	if !r.tryPush(x) {
		r.pushSlow(x)
	}
}

// tryPush is push's common path, small enough to inline into push, a
// task's tryWake and launch: it reports false, having done nothing, when
// the ring is full, in debug mode, or with callbacks in the inbox, for
// pushSlow to do.
func (r *ring) tryPush(x runnable) bool {
	if r.n >= r.room || r.in.pending() {
		return false
	}
	r.buf[(r.head+r.n)&(len(r.buf)-1)] = x
	r.n++
	return true
}

// pushSlow is push when the ring is full, in debug mode, or with callbacks
// in the inbox.
//
//go:noinline
func (r *ring) pushSlow(x runnable) {
	if r.debug != nil {
		r.debug.checkWake()
	}
	if r.in.pending() {
		r.takeInbox()
	}
	r.add(x)
}

// takeInbox moves the callbacks waiting in the inbox to the queue.
func (r *ring) takeInbox() {
	for _, h := range r.in.take() {
		r.add(h)
	}
}

// add is push without the look at the inbox.
func (r *ring) add(x runnable) {
	if r.n == len(r.buf) {
		r.grow()
	}
	r.buf[(r.head+r.n)&(len(r.buf)-1)] = x
	r.n++
}

func (r *ring) pop() runnable {
	x := r.buf[r.head]
	r.buf[r.head] = nil
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.n--
	return x
}

// trim drops the buffer of an empty queue that a burst made large, so that
// a quiet loop does not keep it.
func (r *ring) trim() {
	if r.n == 0 && len(r.buf) > 4096 {
		r.buf, r.head, r.room = nil, 0, 0
	}
}

//go:noinline
func (r *ring) grow() {
	size := 2 * len(r.buf)
	if size == 0 {
		size = 64
	}
	buf := make([]runnable, size)
	for i := 0; i < r.n; i++ {
		buf[i] = r.buf[(r.head+i)&(len(r.buf)-1)]
	}
	r.buf, r.head = buf, 0
	r.tune()
}

// tune sets room after a change to the buffer or to debug mode.
func (r *ring) tune() {
	r.room = len(r.buf)
	if r.debug != nil {
		r.room = 0
	}
}
