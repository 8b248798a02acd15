package runtime

// runnable is an item of the ready queue: a task to step, a fired timer, a
// callback.
type runnable interface{ run() }

// ring is the ready queue: a FIFO of runnables in a power-of-two ring buffer
// that grows when full and never shrinks, so steady state allocates nothing.
type ring struct {
	buf  []runnable
	head int
	n    int
}

func (r *ring) len() int { return r.n }

func (r *ring) push(x runnable) {
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
		r.buf, r.head = nil, 0
	}
}

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
}
