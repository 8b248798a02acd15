package runtime

// The storage of a Queue: a ring for FIFO order, a stack for LIFO, a binary
// heap for priority order. Put and Get go through push and pop except on the
// FIFO fast paths, which PutNowait and GetNowait do inline.

// prioItem is an item of a priority queue with its arrival number, which
// orders equal items.
type prioItem[T any] struct {
	v   T
	seq uint64
}

// push stores v.
func (q *Queue[T]) push(v T) {
	switch q.order {
	case queueFIFO:
		if q.n == len(q.buf) {
			q.grow()
		}
		q.buf[(q.head+q.n)&(len(q.buf)-1)] = v
	case queueLIFO:
		q.buf = append(q.buf[:q.n], v)
	case queuePriority:
		q.seq++
		q.heap = append(q.heap, prioItem[T]{v, q.seq})
		q.up(len(q.heap) - 1)
	}
	q.n++
}

// pop removes the next item; the queue is not empty.
func (q *Queue[T]) pop() T {
	var zero T
	switch q.order {
	case queueFIFO:
		v := q.buf[q.head]
		q.buf[q.head] = zero
		q.head = (q.head + 1) & (len(q.buf) - 1)
		q.n--
		return v
	case queueLIFO:
		q.n--
		v := q.buf[q.n]
		q.buf[q.n] = zero
		return v
	}
	q.n--
	h := q.heap
	v := h[0].v
	last := len(h) - 1
	h[0] = h[last]
	h[last] = prioItem[T]{}
	q.heap = h[:last]
	q.down(0)
	return v
}

// grow doubles the ring, sized to a bounded queue's maxsize at most.
func (q *Queue[T]) grow() {
	size := max(2*len(q.buf), 8)
	if q.maxsize > 0 && size > q.maxsize {
		size = 1
		for size < q.maxsize {
			size <<= 1
		}
	}
	buf := make([]T, size)
	for i := 0; i < q.n; i++ {
		buf[i] = q.buf[(q.head+i)&(len(q.buf)-1)]
	}
	q.buf, q.head = buf, 0
	q.room = len(buf)
	if q.maxsize > 0 {
		q.room = min(q.room, q.maxsize)
	}
	q.tune()
}

func (q *Queue[T]) before(i, j int) bool {
	a, b := &q.heap[i], &q.heap[j]
	if q.less(a.v, b.v) {
		return true
	}
	return !q.less(b.v, a.v) && a.seq < b.seq
}

func (q *Queue[T]) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !q.before(i, p) {
			return
		}
		q.heap[i], q.heap[p] = q.heap[p], q.heap[i]
		i = p
	}
}

func (q *Queue[T]) down(i int) {
	n := len(q.heap)
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && q.before(c+1, c) {
			c++
		}
		if !q.before(c, i) {
			return
		}
		q.heap[i], q.heap[c] = q.heap[c], q.heap[i]
		i = c
	}
}
