package runtime

import (
	"cmp"
	"errors"
	"math"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// Errors of queue operations.
var (
	// ErrQueueFull is returned by PutNowait on a full queue (asyncio.QueueFull).
	ErrQueueFull = errors.New("runtime: queue is full")
	// ErrQueueEmpty is returned by GetNowait on an empty queue
	// (asyncio.QueueEmpty).
	ErrQueueEmpty = errors.New("runtime: queue is empty")
	// ErrQueueShutDown is returned by puts on a queue that was shut down, and
	// by gets once it is also empty (asyncio.QueueShutDown).
	ErrQueueShutDown = errors.New("runtime: queue shut down")

	errTaskDone = errors.New("runtime: Queue.TaskDone called more times than items were put")
)

// Queue is a queue for coordinating producer and consumer tasks
// (asyncio.Queue, with PriorityQueue, LifoQueue and the 3.13 Shutdown). Put
// waits while the queue is full and Get while it is empty; waiters are served
// first come, first served, each woken through the ready queue, and a waiter
// cancelled after it was woken passes its turn on to the next one, so no item
// or free slot is lost. Like all primitives here it is not safe for concurrent
// use.
//
// The zero Queue is an empty, unbounded FIFO queue ready to use.
type Queue[T any] struct {
	maxsize int
	limit   int   // maxsize, or MaxInt when unbounded
	order   uint8 // queueFIFO, queueLIFO or queuePriority

	// FIFO: a ring of len(buf) (a power of two) from head; LIFO: buf[:n].
	buf  []T
	head int
	n    int
	// The FIFO hand-off paths of PutNowait and GetNowait, each one
	// comparison: a put may take it while n < putRoom (there is room in the
	// ring, no getter waits, no shutdown), a get while n > getFloor (no
	// putter waits). tune keeps them true.
	putRoom  int
	getFloor int
	// Priority: a binary heap ordered by less, then by arrival.
	heap []prioItem[T]
	less func(a, b T) bool
	seq  uint64

	unfinished int // items put and not yet marked done (asyncio's _unfinished_tasks)
	shutdown   bool

	getters syncList
	putters syncList
	joiners waitList
	pool    syncPool
}

const (
	queueFIFO = iota
	queueLIFO
	queuePriority
)

// Kinds of queue waits.
const (
	queueWaitGet = iota
	queueWaitPut
	queueWaitAsCompleted // a get, by an awaitable of AsCompleted
)

// NewQueue returns a FIFO queue holding at most maxsize items; maxsize ≤ 0
// means unbounded.
func NewQueue[T any](maxsize int) *Queue[T] { return newQueue[T](maxsize, queueFIFO, nil) }

// NewLifoQueue returns a queue that gives the most recently put item first
// (asyncio.LifoQueue).
func NewLifoQueue[T any](maxsize int) *Queue[T] {
	return newQueue[T](maxsize, queueLIFO, nil)
}

// NewPriorityQueue returns a queue that gives its smallest item first
// (asyncio.PriorityQueue); equal items come out in the order they were put.
func NewPriorityQueue[T cmp.Ordered](maxsize int) *Queue[T] {
	return NewPriorityQueueFunc(maxsize, cmp.Less[T])
}

// NewPriorityQueueFunc returns a queue that gives first the item that is
// least by less, a strict weak ordering; equal items come out in the order
// they were put.
func NewPriorityQueueFunc[T any](maxsize int, less func(a, b T) bool) *Queue[T] {
	return newQueue(maxsize, queuePriority, less)
}

func newQueue[T any](maxsize int, order uint8, less func(a, b T) bool) *Queue[T] {
	limit := maxsize
	if limit <= 0 {
		limit = math.MaxInt
	}
	q := &Queue[T]{maxsize: maxsize, limit: limit, order: order, less: less}
	q.tune()
	return q
}

// tune sets putRoom and getFloor after a change to the ring, the waiters or
// shutdown. The zero Queue's zero bounds send its first put the slow way,
// which tunes it.
func (q *Queue[T]) tune() {
	q.tunePut()
	q.tuneGet()
}

// tunePut sets putRoom after a change to the ring, the getters or shutdown.
func (q *Queue[T]) tunePut() {
	q.putRoom = 0
	if q.order == queueFIFO && !q.shutdown && q.getters.head == nil {
		q.putRoom = len(q.buf)
		if q.maxsize > 0 {
			q.putRoom = min(q.putRoom, q.maxsize)
		}
	}
}

// tuneGet sets getFloor after a change to the putters.
func (q *Queue[T]) tuneGet() {
	q.getFloor = math.MaxInt
	if q.order == queueFIFO && q.putters.head == nil {
		q.getFloor = 0
	}
}

// Len returns the number of items in the queue (asyncio's qsize).
func (q *Queue[T]) Len() int { return q.n }

// Maxsize returns the number of items the queue holds at most, 0 if it is
// unbounded.
func (q *Queue[T]) Maxsize() int { return max(q.maxsize, 0) }

// Empty reports whether the queue holds no item.
func (q *Queue[T]) Empty() bool { return q.Len() == 0 }

// Full reports whether the queue holds maxsize items; an unbounded queue is
// never full.
func (q *Queue[T]) Full() bool { return q.maxsize > 0 && q.n >= q.maxsize }

// PutNowait puts v without waiting: ErrQueueFull if the queue is full,
// ErrQueueShutDown after Shutdown. It wakes the first waiting getter.
func (q *Queue[T]) PutNowait(v T) error {
	if q.n < q.putRoom { // the hand-off path
		q.buf[(q.head+q.n)&(len(q.buf)-1)] = v
		q.n++
		q.unfinished++
		return nil
	}
	return q.putSlow(v)
}

func (q *Queue[T]) putSlow(v T) error {
	if q.shutdown {
		return ErrQueueShutDown
	}
	if q.Full() {
		return ErrQueueFull
	}
	if q.order == queueFIFO && q.n < len(q.buf) {
		q.buf[(q.head+q.n)&(len(q.buf)-1)] = v
		q.n++
	} else {
		q.push(v)
	}
	q.unfinished++
	if w := q.getters.popFront(); w != nil {
		w.choose()
	}
	q.tunePut()
	return nil
}

// GetNowait takes an item without waiting: ErrQueueEmpty if there is none,
// ErrQueueShutDown if there is none and the queue was shut down. It wakes the
// first waiting putter.
func (q *Queue[T]) GetNowait() (T, error) {
	if q.n > q.getFloor { // the hand-off path
		var zero T
		v := q.buf[q.head]
		q.buf[q.head] = zero
		q.head = (q.head + 1) & (len(q.buf) - 1)
		q.n--
		return v, nil
	}
	return q.getSlow()
}

func (q *Queue[T]) getSlow() (T, error) {
	if q.n == 0 {
		var zero T
		if q.shutdown {
			return zero, ErrQueueShutDown
		}
		return zero, ErrQueueEmpty
	}
	v := q.pop()
	if w := q.putters.popFront(); w != nil {
		w.choose()
	}
	q.tuneGet()
	return v, nil
}

// Get returns an awaitable that takes an item, waiting until there is one. It
// returns ErrQueueShutDown once the queue is shut down and empty.
func (q *Queue[T]) Get() QueueGet[T] { return QueueGet[T]{q} }

// Put returns an awaitable that puts v, waiting while the queue is full. It
// returns ErrQueueShutDown if the queue is, or gets, shut down.
func (q *Queue[T]) Put(v T) QueuePut[T] { return QueuePut[T]{q: q, v: v} }

// Join returns an awaitable that waits until every item put has been marked
// done with TaskDone.
func (q *Queue[T]) Join() Awaitable[struct{}] { return queueJoin[T]{q} }

// TaskDone marks one item taken from the queue as processed; when every item
// put is, Join returns. Calling it more times than items were put is an error.
func (q *Queue[T]) TaskDone() error {
	if q.unfinished <= 0 {
		return errTaskDone
	}
	q.unfinished--
	if q.unfinished == 0 {
		q.joiners.wakeAll()
	}
	return nil
}

// Shutdown shuts the queue down (asyncio 3.13): puts fail with
// ErrQueueShutDown from now on, and gets once the queue is empty; waiting
// putters and getters are woken to see it. With immediate, the items still in
// the queue are dropped and counted as done, which may end Join.
func (q *Queue[T]) Shutdown(immediate bool) {
	q.shutdown = true
	if immediate {
		for q.Len() > 0 {
			q.pop()
			if q.unfinished > 0 {
				q.unfinished--
			}
		}
		if q.unfinished == 0 {
			q.joiners.wakeAll()
		}
	}
	for w := q.getters.popFront(); w != nil; w = q.getters.popFront() {
		w.choose()
	}
	for w := q.putters.popFront(); w != nil; w = q.putters.popFront() {
		w.choose()
	}
	q.tune()
}

// QueueGet is the awaitable returned by [Queue.Get]. Get and Put return
// these types rather than an Awaitable so that an await of them is a direct
// call and the item travels in the awaiting frame: neither allocates. The
// zero QueueGet is not usable.
type QueueGet[T any] struct{ q *Queue[T] }

// QueuePut is the awaitable returned by [Queue.Put]. The zero QueuePut is not
// usable.
type QueuePut[T any] struct {
	q *Queue[T]
	v T
}

var (
	_ Awaitable[int]      = QueueGet[int]{}
	_ Awaitable[struct{}] = QueuePut[int]{}
)

// Poll implements [Awaitable]: as asyncio's Queue.get, it waits while the
// queue is empty, and takes the item in Result.
func (g QueueGet[T]) Poll(w *asyncimpl.Task) Status {
	if g.q.n > 0 {
		return Ready
	}
	return g.q.waitGet(w, queueWaitGet)
}

// waitGet is the rest of QueueGet.Poll, apart so that the common case
// inlines; kind is the wait's, as DumpTasks names it.
func (q *Queue[T]) waitGet(w *asyncimpl.Task, kind uint8) Status {
	if q.shutdown {
		return Ready
	}
	q.getters.push(q.pool.get(q, taskOf(w), kind))
	q.putRoom = 0 // a getter waits: puts must wake it
	return Suspend
}

// Result implements [Awaitable].
func (g QueueGet[T]) Result() (T, error) { return g.q.GetNowait() }

// Poll implements [Awaitable]: as asyncio's Queue.put, it waits while the
// queue is full, and puts in Result.
func (p QueuePut[T]) Poll(w *asyncimpl.Task) Status {
	if q := p.q; q.n < q.limit {
		return Ready
	}
	return p.q.waitPut(w)
}

// waitPut is the rest of QueuePut.Poll, apart so that the common case
// inlines.
func (q *Queue[T]) waitPut(w *asyncimpl.Task) Status {
	if q.shutdown || !q.Full() { // a zero Queue has no limit set
		return Ready
	}
	q.putters.push(q.pool.get(q, taskOf(w), queueWaitPut))
	q.getFloor = math.MaxInt // a putter waits: gets must wake it
	return Suspend
}

// Result implements [Awaitable].
func (p QueuePut[T]) Result() (struct{}, error) { return struct{}{}, p.q.PutNowait(p.v) }

// resume is a cancelled getter's or putter's turn (a woken one's is only
// pool.done: the queue is a directOwner). A woken waiter re-checks the queue
// when polled again; one that was cancelled after it was woken wakes the
// next in line if what it was woken for is still there (asyncio's except
// clause in get and put).
func (q *Queue[T]) resume(w *syncWait) {
	if w.cancelled && w.chosen {
		switch {
		case w.kind != queueWaitPut && q.Len() > 0:
			if n := q.getters.popFront(); n != nil {
				n.choose()
			}
		case w.kind == queueWaitPut && !q.Full():
			if n := q.putters.popFront(); n != nil {
				n.choose()
			}
		}
		q.tune()
	}
	q.pool.done(w)
}

func (q *Queue[T]) resumesDirectly() {}

func (q *Queue[T]) withdraw(w *syncWait) {
	if w.kind != queueWaitPut {
		q.getters.remove(w)
	} else {
		q.putters.remove(w)
	}
	q.tune()
}

func (q *Queue[T]) describe(w *syncWait) string {
	switch w.kind {
	case queueWaitGet:
		return "Queue.Get"
	case queueWaitAsCompleted:
		return "AsCompleted"
	}
	return "Queue.Put"
}

// queueJoin is the awaitable of Join. Joiners wait like asyncio's Event
// waiters: all are woken when the count of unfinished items reaches zero.
type queueJoin[T any] struct{ q *Queue[T] }

func (j queueJoin[T]) Poll(w *asyncimpl.Task) Status {
	if w.Resumed || j.q.unfinished == 0 {
		return Ready
	}
	t := taskOf(w)
	t.wait = (*joinWait[T])(j.q)
	j.q.joiners.add(&t.node)
	return Suspend
}

func (j queueJoin[T]) Result() (struct{}, error) { return struct{}{}, nil }

// joinWait is a queue seen as the blocker of its joiners.
type joinWait[T any] Queue[T]

func (j *joinWait[T]) cancelWait(t *task) bool {
	j.joiners.remove(&t.node)
	return true
}

func (j *joinWait[T]) describe() string { return "Queue.Join" }
