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
	// room is what a FIFO queue's ring holds without growing,
	// min(len(buf), maxsize) for a bounded queue; 0 before the ring
	// exists and in LIFO and priority order.
	room int
	// The FIFO fast paths of PutNowait and GetNowait, each one
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

	// The tasks waiting to get and to put, in arrival order, linked
	// through their own nodes: waiting allocates nothing.
	getters waitList
	putters waitList
	joiners waitList
}

const (
	queueFIFO = iota
	queueLIFO
	queuePriority
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
	if !q.shutdown && q.getters.tail == nil {
		q.putRoom = q.room
	}
}

// tuneGet sets getFloor after a change to the putters.
func (q *Queue[T]) tuneGet() {
	q.getFloor = math.MaxInt
	if q.order == queueFIFO && q.putters.tail == nil {
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
//
// Its two common cases are here, the rest in putSlow: a put with room and
// nobody to wake, and the hand-off of an item to a waiting getter, a
// consumer keeping up. Not inlinable either way, PutNowait makes one call
// fewer for the hand-off this way.
func (q *Queue[T]) PutNowait(v T) error {
	if q.n < q.putRoom { // room, and no getter to wake
		q.buf[(q.head+q.n)&(len(q.buf)-1)] = v
		q.n++
		q.unfinished++
		return nil
	}
	if q.n == 0 && q.room > 0 && q.getters.tail != nil {
		// The hand-off to a waiting getter of a FIFO queue. Getters
		// wait only on a queue that is not shut down, and an empty
		// queue is not full.
		q.buf[q.head] = v
		q.n = 1
		q.unfinished++
		w := q.getters.popFirst()
		if q.getters.tail == nil {
			q.putRoom = q.room // tunePut, for a FIFO queue not shut down
		}
		if t := taskOfNode(w); !t.tryWake() { // getters are tasks
			t.wakeSlow()
		}
		return nil
	}
	return q.putSlow(v)
}

// putSlow is PutNowait's other cases: a full or shut-down queue, a ring
// that must grow, LIFO and priority order, a put that wakes a getter while
// items are waiting.
func (q *Queue[T]) putSlow(v T) error {
	if q.shutdown {
		return ErrQueueShutDown
	}
	if q.Full() {
		return ErrQueueFull
	}
	if q.n < q.room { // FIFO, and the ring need not grow
		q.buf[(q.head+q.n)&(len(q.buf)-1)] = v
		q.n++
	} else {
		q.push(v)
	}
	q.unfinished++
	if w := q.getters.popFirst(); w != nil {
		taskOfNode(w).wakeUp() // getters are tasks
	}
	q.tunePut()
	return nil
}

// GetNowait takes an item without waiting: ErrQueueEmpty if there is none,
// ErrQueueShutDown if there is none and the queue was shut down. It wakes the
// first waiting putter.
func (q *Queue[T]) GetNowait() (T, error) {
	if q.n > q.getFloor { // an item, and no putter to wake
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
	if w := q.putters.popFirst(); w != nil {
		taskOfNode(w).wakeUp() // putters are tasks
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
	q.getters.wakeAll()
	q.putters.wakeAll()
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
	return g.q.waitGet(w, (*queueGetWait[T])(g.q))
}

// waitGet is the rest of QueueGet.Poll, apart so that the common case
// inlines; b is the wait, the queue seen as what DumpTasks names.
func (q *Queue[T]) waitGet(w *asyncimpl.Task, b blocker) Status {
	if q.shutdown {
		return Ready
	}
	t := taskOf(w)
	t.waitIn(b, &q.getters)
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
// inlines: not inlined itself, which would make Poll too large to inline.
//
//go:noinline
func (q *Queue[T]) waitPut(w *asyncimpl.Task) Status {
	if q.shutdown || !q.Full() { // a zero Queue has no limit set
		return Ready
	}
	t := taskOf(w)
	t.waitIn((*queuePutWait[T])(q), &q.putters)
	q.getFloor = math.MaxInt // a putter waits: gets must wake it
	return Suspend
}

// Result implements [Awaitable].
func (p QueuePut[T]) Result() (struct{}, error) { return struct{}{}, p.q.PutNowait(p.v) }

// The blockers of a queue's waiters, as asyncio's waiter futures: a task
// waiting to get or put is linked into getters or putters through its node,
// and the queue wakes it, taking it off the list, when an item or a slot is
// there for it. The woken task polls again: if another took the item in the
// meantime, it waits again, at the end of the line, as asyncio's get loops.
//
// A cancelled waiter still on the list leaves it at once (in time linear
// in its place in line, as asyncio's deque.remove; at the front, the
// usual case when many are cancelled in the order they came, constant)
// and gets ErrCancelled at its next turn. One cancelled after it was woken passes
// what it was woken for on to the next in line, at its turn (asyncio's
// except clause in get and put), through its task's passOn.
type (
	queueGetWait[T any]         Queue[T]
	queuePutWait[T any]         Queue[T]
	queueAsCompletedWait[T any] Queue[T] // a get, by an awaitable of AsCompleted
)

func (b *queueGetWait[T]) cancelWait(t *task) bool {
	return (*Queue[T])(b).cancelWait(t, &b.getters)
}
func (b *queuePutWait[T]) cancelWait(t *task) bool {
	return (*Queue[T])(b).cancelWait(t, &b.putters)
}
func (b *queueAsCompletedWait[T]) cancelWait(t *task) bool {
	return (*Queue[T])(b).cancelWait(t, &b.getters)
}

func (b *queueGetWait[T]) describe() string         { return "Queue.Get" }
func (b *queuePutWait[T]) describe() string         { return "Queue.Put" }
func (b *queueAsCompletedWait[T]) describe() string { return "AsCompleted" }

func (b *queueGetWait[T]) passOn()         { (*Queue[T])(b).passGet() }
func (b *queueAsCompletedWait[T]) passOn() { (*Queue[T])(b).passGet() }
func (b *queuePutWait[T]) passOn() {
	q := (*Queue[T])(b)
	if !q.Full() {
		q.putters.wakeFirst()
		q.tune()
	}
}

// passGet is the turn of a getter woken for an item and cancelled before it
// ran: the item goes to the next getter.
func (q *Queue[T]) passGet() {
	if q.Len() > 0 {
		q.getters.wakeFirst()
		q.tune()
	}
}

// cancelWait withdraws t, waiting in ws, which it leaves at once; a task
// the queue woke already passes its turn on when it runs (see passOn).
func (q *Queue[T]) cancelWait(t *task, ws *waitList) bool {
	switch {
	case t.core.Interrupted:
		// Cancelled already, and woken for it.
	case t.flags&woken != 0:
		t.flags |= passOn
	default:
		ws.remove(&t.node)
		q.tune()
	}
	return true
}

// queueJoin is the awaitable of Join. Joiners wait like asyncio's Event
// waiters: all are woken when the count of unfinished items reaches zero.
type queueJoin[T any] struct{ q *Queue[T] }

func (j queueJoin[T]) Poll(w *asyncimpl.Task) Status {
	if w.Resumed || j.q.unfinished == 0 {
		return Ready
	}
	t := taskOf(w)
	t.waitIn((*joinWait[T])(j.q), &j.q.joiners)
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
