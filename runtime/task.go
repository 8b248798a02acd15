package runtime

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unsafe"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// task is the untyped part of a Task. Its first field is the frame stack that
// generated code sees as *asyncimpl.Task; taskOf recovers the task from it.
// Its size is what a sleeping task costs, so rare parts live in ext.
type task struct {
	core    asyncimpl.Task // must stay first: see taskOf
	loop    *Loop
	wait    blocker  // what the task is suspended on; nil while it runs or is fresh
	node    waiter   // links the task into the waiter list of what it awaits
	waiters waitList // what awaits this task
	tm      timer    // the task's sleep timer (a task sleeps on one thing at a time)

	state uint8
	flags uint8
	// cancels counts the cancellation requests not yet withdrawn
	// (asyncio's cancelling(); Timeout withdraws its own, as uncancel).
	cancels uint16

	ext *taskExt // rarely used parts
}

type taskExt struct {
	name    string
	panic   *PanicError
	err     error                 // an outcome not from the outermost frame: cancellation, panic, misuse
	failure *failureNote          // the task failed: reported unless its error is read
	repanic *asyncimpl.PanicError // see asyncimpl.Task.Repanic
	spawned string                // debug mode: where the task was spawned
}

const (
	pending  = iota
	finished // done: result, error or cancellation
)

const (
	queued     = 1 << iota // in the ready queue
	woken                  // resumed by what it awaited
	mustCancel             // cancel at the next suspension or step
	cancelled              // ended by cancellation
	started                // stepped at least once
	selfAwait              // the running task polled itself: Result says so
	cancelling             // in Cancel, which a cycle of awaits may enter again
	passOn                 // woken, then cancelled: pass what woke it on (see passer)
)

// passer is a blocker whose waiters, woken for something and cancelled
// before they ran, pass it on to the next waiter when they run, as
// asyncio's Queue does in the except clause of get and put.
type passer interface{ passOn() }

// taskOf returns the task whose frame stack is t. Every *asyncimpl.Task the
// runtime hands to frames is the first field of a task, so the conversion is
// the inverse of &tk.core.
func taskOf(t *asyncimpl.Task) *task { return (*task)(unsafe.Pointer(t)) }

func init() {
	asyncimpl.SetLoopOf(func(t *asyncimpl.Task) any { return taskOf(t).loop })
	asyncimpl.SetSpawnAt(spawnAt)
	asyncimpl.SetPanicSlot(func(at *asyncimpl.Task, create bool) **asyncimpl.PanicError {
		t := taskOf(at)
		if t.ext == nil && !create {
			return nil
		}
		return &t.extra().repanic
	})
	asyncimpl.SetPullHook(enterPull)
}

// Task is a coroutine scheduled on a loop, running concurrently with the
// others (asyncio's Task). Awaiting a Task waits for it to finish and gives its
// result; cancelling the awaiting task cancels the awaited one too, unless it
// is shielded. The zero Task is not usable: tasks come from [Spawn],
// [SpawnOn] and [SpawnIn].
type Task[T any] struct {
	task
}

var _ Awaitable[int] = (*Task[int])(nil)

// SpawnOn schedules c as a new task on loop l (asyncio's loop.create_task). The
// task's first step runs at the loop's next pass. If l is closed, or c was
// already awaited or spawned, the task is returned already finished with that
// error.
func SpawnOn[T any](l *Loop, c Coro[T]) *Task[T] {
	if l.clock == nil {
		t := newTask[T](nil) // no loop to note its failure
		t.finishErr(errZeroLoop("SpawnOn"))
		return t
	}
	t := newTask[T](l)
	if c.Base() == nil {
		// asyncio: create_task(None) raises TypeError.
		t.finishErr(errZeroCoro)
		return t
	}
	if l.closed.Load() {
		t.refuse(loopClosedf("SpawnOn"), coroHeader(c))
		return t
	}
	if err := c.Claim(&t.core); err != nil {
		t.refuse(err, coroHeader(c))
		return t
	}
	t.core.Init(c.Frame())
	t.launch()
	return t
}

// spawnAt starts a task made by asyncimpl.Spawn: the task at p, a Task[T],
// shares its allocation with f, the frame of its outermost call.
func spawnAt(spawner *asyncimpl.Task, p unsafe.Pointer, f asyncimpl.Frame, h *asyncimpl.Header) {
	t := (*task)(p)
	l := taskOf(spawner).loop
	t.init(l)
	if l.closed.Load() {
		t.refuse(loopClosedf("Spawn"), h)
		return
	}
	t.core.InitWith(f, h) // the frame was allocated with t
	t.launch()
}

// launch makes the fresh task t, with its frame claimed and set, live and
// ready.
func (t *task) launch() {
	// push, written out, before the task joins the live ones: debug mode's
	// check in pushSlow may panic (a spawn off the loop's goroutine), and a
	// task never queued would be waited for at Run's end for ever.
	if r := &t.loop.ready; !r.tryPush(t) {
		r.pushSlow(t)
		if r.debug != nil { // debug mode never takes tryPush's path
			t.extra().spawned = calledAt()
		}
	}
	t.loop.tasks.reserve()
	t.loop.tasks.add(t)
	t.flags |= queued
}

func newTask[T any](l *Loop) *Task[T] {
	t := &Task[T]{}
	t.init(l)
	return t
}

// refuse ends t, which never ran, with err; h, nil for the zero Coro, is
// the Header of the coroutine it was to run, which the note of its failure
// names: t has no frames.
func (t *task) refuse(err error, h *asyncimpl.Header) {
	t.finishErr(err)
	if n := t.unreadFailure(); n != nil && h != nil {
		n.coro, n.defined = coroPlace(h.Info())
	}
}

// coroHeader is the Header of c's frame, nil for the zero Coro.
func coroHeader[T any](c Coro[T]) *asyncimpl.Header {
	if b := c.Base(); b != nil {
		return &b.Header
	}
	return nil
}

func (t *task) init(l *Loop) {
	t.loop = l
	t.tm.idx = -1
	t.node.slot = -1 // in no taskSet yet
	if l != nil {
		l.taskSeq++
		t.core.ID = l.taskSeq
	}
}

// wakeUp resumes t, suspended on something that has now happened: it
// appends t to the ready queue unless t is there already. Every wake-up of
// a task comes here, or, on the hottest paths (a put's hand-off to a
// waiting getter, a finished task waking its awaiters), to its two halves,
// tryWake inline and wakeSlow.
func (t *task) wakeUp() {
	if !t.tryWake() {
		t.wakeSlow()
	}
}

// tryWake is wakeUp's common case, inlinable where a wake-up is the hot
// path: a task not queued yet, room in the ready queue, no callbacks in
// the inbox. It reports false, having done nothing, otherwise; debug mode
// has no room (see ring.room), so it takes wakeSlow.
func (t *task) tryWake() bool {
	if t.flags&queued != 0 || !t.loop.ready.tryPush(t) {
		return false
	}
	t.flags |= queued | woken
	return true
}

// wakeSlow is wakeUp when the task is queued already, the ready queue is
// full or has callbacks waiting in the inbox, or in debug mode.
//
//go:noinline
func (t *task) wakeSlow() {
	if l := t.loop; l.debug {
		// Before the task's flags change (push checks too late);
		// what the waker did before it called wakeUp, such as a
		// queue taking its getter off the list, stays done.
		l.checkWake()
	}
	t.flags |= woken
	if t.flags&queued != 0 {
		return
	}
	t.loop.ready.push(t)
	t.flags |= queued
}

// run steps the task: the ready queue's action for it.
func (t *task) run() {
	// Apart from the common step: a first step (inline, unless the task
	// was cancelled before it), a finished task, a queue waiter's
	// hand-on (both in runFirst).
	fl := t.flags
	if fl&(started|passOn) != started || t.state == finished {
		if fl&(started|passOn|mustCancel) == 0 && t.state != finished {
			fl |= started // a first step, the start of every spawned task
		} else if !t.runFirst() {
			return
		} else {
			fl = t.flags
		}
	}
	// One look at the flags for a task that ran before and was not
	// cancelled after it was woken: the path of nearly every step.
	t.flags = fl &^ (queued | woken)
	t.core.Resumed = fl&woken != 0
	t.wait = nil
	l := t.loop
	l.current = t
	var done bool
	if l.debug {
		done = l.stepTimed(t)
	} else if st := t.core.StepTop(); !t.core.Suspended(st) {
		done = t.core.RunFrom(st) // Run, written out
	}
	t.stepped(done)
}

// runFirst is the rarer start of run: a task that has finished (it has
// nothing to run), that was cancelled before its first step, or that must
// pass on what woke it (see passer). It reports whether the step goes on.
func (t *task) runFirst() bool {
	if t.state == finished {
		t.flags &^= queued
		return false
	}
	if t.flags&started == 0 {
		t.flags |= started
		if t.flags&mustCancel != 0 {
			// Cancelled before it ever ran: like asyncio, the coroutine
			// body does not start at all.
			t.flags &^= mustCancel | queued
			t.finishCancelled()
			return false
		}
	}
	if t.flags&passOn != 0 {
		t.flags &^= passOn
		t.wait.(passer).passOn()
	}
	return true
}

// stepped is what follows a step of t that ended without a panic (a step
// that panicked is taken over by Loop.unwind). It inlines into run, the
// path of every step; the rarer outcomes are apart.
func (t *task) stepped(done bool) {
	t.loop.current = nil
	t.core.Resumed = false
	if done || t.flags&mustCancel != 0 {
		t.steppedRare(done)
	}
}

// steppedRare is stepped when the task finished or a cancellation waits.
func (t *task) steppedRare(done bool) {
	if done {
		if t.flags&mustCancel == 0 && t.core.Root().Err == nil {
			// finish(nil), when it has nothing to decide: the task
			// returned no error, and has no other outcome (ext.err) yet.
			t.endWith(false)
			return
		}
		t.finish(nil)
		return
	}
	if t.wait != nil {
		t.flags &^= mustCancel
		t.interrupt()
	}
}

// interrupt cancels what the suspended task awaits. If that takes charge of
// the cancellation (a task or future that it cancels in turn, a combinator
// that must clean up first), t wakes when it says so and gets what it
// returns; otherwise the await returns ErrCancelled, at once if t was not
// already woken, in place of the wake-up if it was.
func (t *task) interrupt() {
	if t.wait.cancelWait(t) {
		t.core.Interrupted = true
		if t.flags&woken == 0 {
			t.wakeUp()
		}
	}
}

// uncancel withdraws one cancellation request (asyncio's uncancel).
func (t *task) uncancel() {
	if t.cancels > 0 {
		t.cancels--
	}
}

func (t *task) extra() *taskExt {
	if t.ext == nil {
		t.ext = &taskExt{}
	}
	return t.ext
}

// finish ends the task after its outermost frame returned (err is then nil,
// and the result is in the root frame) or panicked.
func (t *task) finish(p *PanicError) {
	if p != nil {
		t.extra().err = p
	} else if t.flags&mustCancel != 0 {
		// Cancellation requested while the coroutine was returning: asyncio
		// still ends the task as cancelled.
		t.flags |= cancelled
		t.extra().err = ErrCancelled
	} else if isCancellation(t.core.Root().Err) {
		t.flags |= cancelled
	}
	t.end()
}

func (t *task) finishErr(err error) {
	t.extra().err = err
	t.end()
}

func (t *task) finishCancelled() {
	t.flags |= cancelled
	t.extra().err = ErrCancelled
	t.end()
}

// error is the error a finished task ended with, nil if none.
func (t *task) error() error {
	if t.ext != nil && t.ext.err != nil {
		return t.ext.err
	}
	if r := t.core.Root(); r != nil {
		return r.Err
	}
	return nil
}

func (t *task) end() {
	t.endWith(t.flags&cancelled == 0 && t.error() != nil)
}

// endWith is end, told whether the task failed.
func (t *task) endWith(failed bool) {
	t.state = finished
	t.flags &^= mustCancel
	if t.loop != nil {
		t.loop.tasks.remove(t)
		if failed {
			t.loop.noteFailure(t)
		}
	}
	t.waiters.wakeAll()
}

// markRetrieved records that the task's outcome was read: a failure need
// not be reported.
func (t *task) markRetrieved() {
	if n := t.unreadFailure(); n != nil {
		n.read.Store(true)
	}
}

// unreadFailure is the note of the task's failure if nobody read it yet.
func (t *task) unreadFailure() *failureNote {
	if t.ext == nil || t.ext.failure == nil || t.ext.failure.read.Load() {
		return nil
	}
	return t.ext.failure
}

// Poll implements [Awaitable]: awaiting a task waits until it is done.
func (t *Task[T]) Poll(w *asyncimpl.Task) Status {
	if t.state == finished {
		return Ready
	}
	aw := taskOf(w)
	if aw == &t.task {
		t.flags |= selfAwait
		return Ready // Result reports the self-await
	}
	if aw.loop != t.loop {
		panic(errForeignAwait) // a plain panic keeps Poll inlinable
	}
	aw.wait = t // waitIn, written out: Poll stays within the inlining budget
	t.waiters.add(&aw.node)
	return Suspend
}

// errZeroCoro is the error of spawning or running the zero Coro.
var errZeroCoro = errors.New("runtime: the zero Coro has no coroutine: pass what FAsync(...) returns")

// errForeignAwait is the panic of a task that awaits a task of another
// loop, which would wait forever (asyncio raises RuntimeError), or the zero
// Task, which would too.
var errForeignAwait = errors.New("runtime: a task awaits a task that belongs to another loop, or the zero Task: await a task on its own loop, or hand its result over through a Future that its loop completes and CallSoonThreadsafe wakes; tasks come from Spawn, SpawnOn and SpawnIn")

// Result returns the task's result once it is done, or ErrNotDone. A task that
// panicked raises the panic again, as a *PanicError.
func (t *Task[T]) Result() (T, error) {
	var zero T
	if t.state != finished {
		if t.flags&selfAwait != 0 {
			t.flags &^= selfAwait
			return zero, fmt.Errorf("runtime: task %s awaits itself", t.Name())
		}
		return zero, fmt.Errorf("%w: task %s: await the task first, or check Done", ErrNotDone, t.Name())
	}
	t.markRetrieved()
	if t.ext != nil && t.ext.panic != nil {
		panic(t.ext.panic)
	}
	if t.ext != nil && t.ext.err != nil {
		return zero, t.ext.err
	}
	r := t.core.Root()
	return asyncimpl.BaseOf[T](r).Val, r.Err
}

// cancelWait passes the awaiter's cancellation on to the awaited task; the
// awaiter wakes when that task ends, with whatever it ended with. If it has
// ended already, the awaiter gets ErrCancelled in place of its outcome,
// which counts as read: asyncio's wake-up reads the result before the
// cancellation is thrown in.
func (t *Task[T]) cancelWait(w *task) bool {
	if t.state == finished {
		t.markRetrieved()
		return true
	}
	t.Cancel()
	return false
}

func (t *Task[T]) describe() string { return "task " + t.Name() }

// Done reports whether the task has finished.
func (t *task) Done() bool { return t.state == finished }

// Cancelled reports whether the task ended by cancellation: cancelled
// before it started, or its coroutine returned ErrCancelled, wrapped or
// joined only with other cancellations. One that joined a cancellation
// with a failure, errors.Join(ErrCancelled, err), failed.
func (t *task) Cancelled() bool {
	if t.state != finished {
		return false
	}
	return t.flags&cancelled != 0
}

// Cancel requests cancellation (asyncio's Task.cancel): the await the task
// is suspended on, or its next one, returns ErrCancelled, after what it awaits
// was cancelled in turn. It reports false if the task is already done.
func (t *task) Cancel() bool {
	if t.state == finished || t.loop == nil { // done, or the zero Task
		return false
	}
	if t.flags&cancelling != 0 {
		// Tasks awaiting each other in a cycle: cancelling what this
		// one awaits came back to it (asyncio recurses until
		// RecursionError; here the stack would overflow).
		return true
	}
	t.flags |= cancelling
	defer func() { t.flags &^= cancelling }()
	if t.cancels < math.MaxUint16 {
		t.cancels++
	}
	switch {
	case t.flags&started == 0:
		t.flags |= mustCancel
	case t.wait != nil:
		t.interrupt()
	default:
		t.flags |= mustCancel // running now
	}
	return true
}

// Name returns the task's name, by default "Task-N" as in asyncio (N counts
// the tasks of the loop).
func (t *task) Name() string {
	if t.ext != nil && t.ext.name != "" {
		return t.ext.name
	}
	return "Task-" + strconv.FormatUint(uint64(t.core.ID), 10)
}

// SetName names the task for DumpTasks and debug logs.
func (t *task) SetName(name string) { t.extra().name = name }

// taskSet is the set of a loop's live tasks: an array of them, where each
// keeps its index in its node's slot, so that adding and removing take
// constant time and nothing in the task but room its node leaves.
type taskSet struct {
	s []*task
}

// add puts t, not in the set, in the set. Small enough to inline into a
// spawn, it leaves the growth to reserve.
func (ts *taskSet) add(t *task) {
	t.node.slot = int32(len(ts.s))
	ts.s = append(ts.s, t)
}

// reserve makes room for one more task before add: the array doubles
// where append would grow a large one by a quarter at a time, copying a
// crowd of tasks about four times over.
func (ts *taskSet) reserve() {
	if len(ts.s) == cap(ts.s) {
		ts.grow()
	}
}

// grow doubles the array.
//
//go:noinline
func (ts *taskSet) grow() {
	ts.s = append(make([]*task, 0, max(2*cap(ts.s), 64)), ts.s...)
}

// remove takes t out of the set, if it is in it: the last task takes its
// place.
func (ts *taskSet) remove(t *task) {
	i := t.node.slot
	if i < 0 {
		return // not in the set
	}
	t.node.slot = -1
	s := ts.s
	n := len(s) - 1
	if last := s[n]; last != t {
		s[i] = last
		last.node.slot = i
	}
	s[n] = nil
	ts.s = s[:n]
	if n < cap(s)/4 && cap(s) > 1024 {
		ts.shrink()
	}
}

// shrink gives back the array that a crowd of tasks, now gone, made large.
//
//go:noinline
func (ts *taskSet) shrink() {
	ts.s = append(make([]*task, 0, max(2*len(ts.s), 64)), ts.s...)
}

// len is the number of live tasks.
func (ts *taskSet) len() int { return len(ts.s) }

// all returns the live tasks in creation order: by ID, counted back from
// seq, the ID of the loop's last task, so that the order holds when IDs
// wrap around.
func (ts *taskSet) all(seq uint32) []*task {
	out := slices.Clone(ts.s)
	slices.SortFunc(out, func(a, b *task) int {
		return cmp.Compare(seq-b.core.ID, seq-a.core.ID)
	})
	return out
}
