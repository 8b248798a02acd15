package runtime

// syncWait is one task's wait on a lock, semaphore, condition or barrier:
// what asyncio keeps as a waiter future in the primitive's deque. (A
// Queue's waiters need no record: see queueGetWait.)
//
// asyncio wakes a waiter by completing its future; the task runs at the loop's
// next pass and then does its own bookkeeping: it takes the lock or, if it
// was cancelled in the meantime, passes the lock or permit on to the next
// waiter in its except clause. Here the record itself goes through the ready
// queue in the task's place; when its turn comes the primitive does that
// bookkeeping and steps the task at once (stepNow). So every wake-up and
// every hand-over happens at the same pass as in asyncio, and a cancellation
// that arrives after the waiter was chosen is seen exactly when asyncio's
// except clause would see it.
//
// A cancellation never wakes the task through the runtime (cancelWait reports
// false): the record is withdrawn from the waiter list (a Lock keeps it in
// place, as asyncio keeps the cancelled future in its deque until the task
// runs) and scheduled in the same way, and the primitive delivers
// ErrCancelled at the record's turn, after its cleanup (a Condition first
// re-acquires its lock).
//
// stepNow calls (*task).run, the ready queue's action for a task, from the
// record's own action: the two must stay interchangeable.
//
// Records are pooled per primitive, so waiting allocates nothing in steady
// state.
type syncWait struct {
	prev, next *syncWait
	t          *task
	owner      syncOwner
	pool       *syncPool // the owner's, which the record returns to
	kind       uint8
	queued     bool // scheduled: woken or cancelled, its turn is pending
	chosen     bool // woken by the primitive (asyncio: the future has a result)
	cancelled  bool // the task was cancelled while this record was current
	interrupt  bool // deliver ErrCancelled when the task next runs
	notified   bool // Condition: notified, then cancelled: pass the notification on
	index      int  // Barrier: the arrival index
}

// syncOwner is the primitive a syncWait belongs to.
type syncOwner interface {
	// withdraw takes a waiting record out of the primitive's lists because
	// its task was cancelled; the record's turn follows.
	withdraw(w *syncWait)
	// resume is the record's turn in the ready queue.
	resume(w *syncWait)
	describe(w *syncWait) string
}

// cancelWait implements blocker. The primitive takes charge of the
// cancellation: see syncWait.
func (w *syncWait) cancelWait(t *task) bool {
	if !w.cancelled {
		w.cancelled = true
		w.interrupt = true
		if !w.queued {
			w.owner.withdraw(w)
			w.schedule()
		}
	}
	return false
}

func (w *syncWait) describe() string { return w.owner.describe(w) }

// run implements runnable: the record's turn.
func (w *syncWait) run() {
	w.queued = false
	w.owner.resume(w)
}

// schedule puts the record in the ready queue, where the task would be.
func (w *syncWait) schedule() {
	w.t.loop.ready.push(w) // first: debug mode's check in push may panic
	w.queued = true
}

// choose wakes the waiter: asyncio's waiter.set_result.
func (w *syncWait) choose() {
	w.chosen = true
	w.schedule()
}

// rearm makes the record a fresh wait of the same task (asyncio creates a new
// future when a woken waiter must wait again). A pending interruption stays.
func (w *syncWait) rearm(kind uint8) {
	w.kind = kind
	w.queued, w.chosen, w.cancelled, w.notified = false, false, false, false
}

// stepNow runs t at once, as the loop runs a task that was woken: the
// record's turn in the ready queue is the task's turn.
func (t *task) stepNow(interrupt bool) {
	if interrupt {
		t.core.Interrupted = true
	}
	t.flags |= woken
	t.run()
}

// syncPool keeps a primitive's spare records.
type syncPool struct {
	free *syncWait
	n    int
}

// maxSpare bounds the records a primitive keeps after a burst of waiters.
const maxSpare = 64

func (p *syncPool) get(owner syncOwner, t *task, kind uint8) *syncWait {
	w := p.free
	if w != nil {
		p.free = w.next
		p.n--
		w.next = nil
	} else {
		w = &syncWait{owner: owner, pool: p}
	}
	w.t = t
	w.kind = kind
	t.wait = w
	return w
}

// put returns w to the pool once its task has left the primitive.
func (p *syncPool) put(w *syncWait) {
	if p.n >= maxSpare {
		return
	}
	w.prev, w.next, w.t = nil, p.free, nil
	w.queued, w.chosen, w.cancelled, w.interrupt, w.notified = false, false, false, false, false
	w.index = 0
	p.free = w
	p.n++
}

// done ends w's wait: the record goes back to the pool and the task runs now,
// with ErrCancelled if it was cancelled.
func (p *syncPool) done(w *syncWait) {
	t, interrupt := w.t, w.interrupt
	p.put(w)
	t.stepNow(interrupt)
}

// syncList is a FIFO of waiting records, doubly linked so that a cancelled
// waiter leaves in constant time.
type syncList struct {
	head, tail *syncWait
	n          int
}

func (l *syncList) push(w *syncWait) {
	w.next, w.prev = nil, l.tail
	if l.tail == nil {
		l.head = w
	} else {
		l.tail.next = w
	}
	l.tail = w
	l.n++
}

func (l *syncList) remove(w *syncWait) {
	if w.prev == nil {
		l.head = w.next
	} else {
		w.prev.next = w.next
	}
	if w.next == nil {
		l.tail = w.prev
	} else {
		w.next.prev = w.prev
	}
	w.prev, w.next = nil, nil
	l.n--
}

// popFront removes and returns the first record, nil if there is none.
func (l *syncList) popFront() *syncWait {
	w := l.head
	if w != nil {
		l.remove(w)
	}
	return w
}
