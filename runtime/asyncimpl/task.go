package asyncimpl

import (
	"bytes"
	"fmt"
	"math"
	"runtime/debug"
	"slices"
	"strings"
	"unsafe"
)

// Task is a stack of frames run by the event loop. The runtime embeds it in
// its own task type; generated code only passes it along.
//
// A task's size is what every task costs, so the stack keeps its innermost
// frame in top and the rest, once there is any, in outer, with what a
// panic needs: a task that never awaits a coroutine holds no slice.
type Task struct {
	// top is the innermost frame: nil before Init; once the task has
	// ended, its outermost frame, marked ended (see Root).
	top   Frame
	outer *frameStack // nil until the first Push or a panic on its way

	// Interrupted, when set, makes the await the task is resumed at return
	// ErrCancelled without the awaitable being polled again.
	Interrupted bool
	// Resumed is set by the loop when it steps a task it woke, and cleared by
	// the first Poll of that step: awaitables without state of their own use it
	// to tell a resumption from the start of an await.
	Resumed bool
	// rootOff, when not 0, is the offset from t to the Header of its
	// outermost frame, allocated with t (see InitWith): Root finds it
	// without a call through the Frame interface. It lives in room the
	// fields around it leave.
	rootOff uint16
	// ID is the runtime's number for the task (asyncio's Task-N). It lives
	// here, beside the flags above, where it costs no space.
	ID uint32
}

// frameStack holds the frames around a task's innermost one, outermost
// first, with room for a few in the same allocation, and a panic on its
// way to the caller frame.
type frameStack struct {
	pending *PanicError
	s       []Frame
	buf     [3]Frame
}

// stack returns the task's frameStack, made if it has none.
func (t *Task) stack() *frameStack {
	o := t.outer
	if o == nil {
		o = &frameStack{}
		o.s = o.buf[:0]
		t.outer = o
	}
	return o
}

// pending is the panic on its way to the caller frame, nil if none.
func (t *Task) pending() *PanicError {
	if o := t.outer; o != nil {
		return o.pending
	}
	return nil
}

// setPending records p as the panic on its way to the caller frame.
func (t *Task) setPending(p *PanicError) {
	if p != nil || t.outer != nil {
		t.stack().pending = p
	}
}

// Root returns the Header of the task's outermost frame, which holds the
// task's results once it has ended; nil before Init.
func (t *Task) Root() *Header {
	if t.rootOff != 0 {
		return (*Header)(unsafe.Add(unsafe.Pointer(t), t.rootOff))
	}
	return t.findRoot()
}

// findRoot is Root for a task whose outermost frame is apart from it.
func (t *Task) findRoot() *Header {
	if o := t.outer; o != nil && len(o.s) > 0 {
		return o.s[0].Head()
	}
	if t.top == nil {
		return nil
	}
	return t.top.Head()
}

// ended reports whether the task's outermost frame returned or a panic
// unwound it: top stays, for Root.
func (t *Task) ended() bool { return t.top == nil || t.top.Head().Ended() }

// loopOf is installed by the runtime: it returns the loop a task runs on.
var loopOf func(*Task) any

// SetLoopOf installs the runtime's way to find a task's loop.
func SetLoopOf(f func(*Task) any) { loopOf = f }

// Loop returns the loop the task runs on, a *runtime.Loop. Generated code
// compiles runtime.Spawn(c) to runtime.SpawnOn(t.Loop().(*runtime.Loop), c)
// when c is not the coroutine of a function with a spawn helper (see Spawn).
func (t *Task) Loop() any { return loopOf(t) }

// Init prepares t to run the frame f.
func (t *Task) Init(f Frame) { t.top = f }

// InitWith is Init for a frame f whose Header h is part of the same
// allocation as t, after it (see [Spawn]).
func (t *Task) InitWith(f Frame, h *Header) {
	t.top = f
	if off := uintptr(unsafe.Pointer(h)) - uintptr(unsafe.Pointer(t)); off <= math.MaxUint16 {
		t.rootOff = uint16(off)
	}
}

// Push makes f the innermost frame.
func (t *Task) Push(f Frame) {
	o := t.stack()
	s := append(o.s, t.top)
	if len(o.s) == len(o.buf) && cap(o.s) == len(o.buf) {
		// The frames left buf for a larger array, where pop clears
		// them: buf must not keep returned frames alive.
		o.buf = [len(o.buf)]Frame{}
	}
	o.s = s
	t.top = f
}

// Depth is the number of frames on the task.
func (t *Task) Depth() int {
	if t.ended() {
		return 0
	}
	if t.outer == nil {
		return 1
	}
	return 1 + len(t.outer.s)
}

// Frames calls yield for each frame from the innermost out.
func (t *Task) Frames(yield func(Frame) bool) {
	if t.ended() || !yield(t.top) {
		return
	}
	if t.outer == nil {
		return
	}
	for i := len(t.outer.s) - 1; i >= 0; i-- {
		if !yield(t.outer.s[i]) {
			return
		}
	}
}

// Run steps the task's frames until the task suspends or its outermost frame
// returns; it reports whether the task finished.
//
// Panic policy: a panic is never allowed to unwind through the loop, but
// catching it costs a deferred call, so Run does not: a panic that escapes a
// Step unwinds out of Run, and the runtime, which recovers it once for a whole
// batch of steps, passes it to Unwind while it is still in flight (so the
// stack of the panic site can be taken). Unwind pops the frame after its
// deferred calls ran and leaves the panic pending; Run, called again, raises it
// in the caller frame (each frame's deferred calls may recover it). If it
// leaves the outermost frame, it is the task's outcome, raised again, with the
// original stack in the message, wherever the task is awaited or by Run.
func (t *Task) Run() (done bool) {
	if st := t.StepTop(); !t.Suspended(st) {
		return t.RunFrom(st)
	}
	return false
}

// StepTop steps the innermost frame once: with Suspended and RunFrom, it is
// Run written out, for the runtime to inline into its step of a task.
func (t *Task) StepTop() Status { return t.top.Step(t) }

// Suspended reports whether a step of the innermost frame that reported st
// ended the task's run with it suspended: the common case, where Run is
// done.
func (t *Task) Suspended(st Status) bool {
	return st == Suspend && (t.outer == nil || t.outer.pending == nil)
}

// RunFrom is the rest of Run after a step of the innermost frame that
// reported st, when Suspended did not hold.
func (t *Task) RunFrom(st Status) (done bool) {
	if st == Return && t.outer == nil {
		// The task's only frame returned.
		t.top.Head().flags |= returned
		return true
	}
	return t.runFrom(st)
}

// runFrom is Run after a step of the innermost frame that reported st.
func (t *Task) runFrom(st Status) (done bool) {
	for {
		if q := t.pending(); q != nil && q.raised {
			// Rethrow raised it in this frame and a deferred call
			// recovered it: it must not travel further.
			t.outer.pending = nil
		}
		switch st {
		case Suspend:
			return false
		case Call:
			st = t.top.Step(t) // a frame was pushed
			continue
		}
		if t.outer == nil || len(t.outer.s) == 0 {
			// The task is done: its outermost frame, which holds the
			// results, stays where it is.
			t.top.Head().flags |= returned
			return true
		}
		t.pop()
		st = t.top.Step(t)
	}
}

// pop removes the innermost frame, which has returned or panicked, and
// reports whether it was the outermost, which stays as top (see Root).
func (t *Task) pop() (outermost bool) {
	t.top.Head().flags |= returned
	o := t.outer
	if o == nil || len(o.s) == 0 {
		return true
	}
	n := len(o.s) - 1
	t.top = o.s[n]
	o.s[n] = nil
	o.s = o.s[:n]
	return false
}

// Unwind takes the panic r that escaped the innermost frame's Step during
// Run. Call it from the deferred function that recovered r, so that the
// stack of the panic site is still there to record. It pops the frame; if that
// was the outermost, the task is done with the panic p; otherwise the panic is
// pending and the next Run raises it in the caller frame.
func (t *Task) Unwind(r any) (done bool, p *PanicError) {
	if q := t.pending(); q != nil && q.raised && samePanic(q.raise(), r) {
		q.raised = false
		p = q
	} else if q, ok := r.(*PanicError); ok {
		// Another task's panic raised again where it was awaited: a copy,
		// to which this task adds its coroutines (other tasks awaiting the
		// same one add theirs to their own).
		c := *q
		c.raised, c.wraps = false, true
		c.Awaits = t.awaits(slices.Clip(q.Awaits), true)
		p = &c
	} else {
		var stack []byte
		if q := t.repanicked(); q != nil && samePanic(q.Value, r) {
			stack = q.Stack // the site's, not the raise's again (see Repanic)
		} else {
			stack = PanicStack()
		}
		p = &PanicError{Value: r, Stack: stack}
		p.Awaits = t.awaits(nil, false)
	}
	t.Recovered()
	t.setPending(nil)
	if t.pop() {
		return true, p
	}
	t.setPending(p)
	return false, nil
}

// Polled ends a poll of an awaitable made by generated code (it calls the
// awaitable's Poll directly, unless the task is Interrupted): the task's
// Resumed flag holds only until the first poll of a step.
func (t *Task) Polled(st Status) Status {
	t.Resumed = false
	return st
}

// Cancelled ends an await the task was woken to interrupt, in place of the
// awaitable's Poll and Result: it returns ErrCancelled.
func (t *Task) Cancelled() error {
	t.Interrupted = false
	t.Resumed = false
	return ErrCancelled
}

// Repanic raises again p, the panic that the wrapper of a deferred call
// recovered so that the call, deferred around this raise, is the deferred
// function that recover must be called by (see [Defers]). The first raise
// of a panic keeps the stack of its site, still on the goroutine's stack
// under the deferred calls, for Unwind: the stack of a raise again would
// show the deferred call first.
func (t *Task) Repanic(p any) {
	if panicSlot != nil {
		if q := t.repanicked(); q == nil || !samePanic(q.Value, p) {
			*panicSlot(t, true) = &PanicError{Value: p, Stack: PanicStack()}
		}
	}
	panic(p)
}

// Recovered forgets the panic Repanic raised, which a deferred call has
// stopped.
func (t *Task) Recovered() {
	if t.repanicked() != nil {
		*panicSlot(t, false) = nil
	}
}

// repanicked is the panic Repanic raised last, nil if none.
func (t *Task) repanicked() *PanicError {
	if panicSlot == nil {
		return nil
	}
	if slot := panicSlot(t, false); slot != nil {
		return *slot
	}
	return nil
}

// panicSlot returns where a task keeps what Repanic raised, with the
// runtime's rarely used parts of the task rather than in every task: nil
// when they do not exist and create is false.
var panicSlot func(t *Task, create bool) **PanicError

// SetPanicSlot is for the runtime: see panicSlot.
func SetPanicSlot(f func(t *Task, create bool) **PanicError) { panicSlot = f }

// Rethrow raises, in the caller frame, a panic that left an inner frame. Every
// generated Step calls it after re-arming its deferred calls.
func (t *Task) Rethrow() {
	if o := t.outer; o != nil && o.pending != nil {
		o.pending.raised = true
		panic(o.pending.raise())
	}
}

// samePanic reports whether b, a recovered panic value, is a, the value
// Rethrow raised: the same interface value, whose type and data words a
// panic passes on unchanged. Identity and not ==, which fails for values
// it cannot compare (a slice, a map) and would take a fresh panic with an
// equal value for the one on its way out.
func samePanic(a, b any) bool {
	type eface struct{ typ, data unsafe.Pointer }
	x, y := (*eface)(unsafe.Pointer(&a)), (*eface)(unsafe.Pointer(&b))
	return x.typ == y.typ && x.data == y.data
}

// awaits appends to as the positions of t's frames awaiting the one that
// panicked, innermost first, and of the innermost too with top (it awaited
// a task whose panic is raised again in it): the coroutines the goroutine's
// stack does not show, since only the innermost frame of a task steps.
func (t *Task) awaits(as []string, top bool) []string {
	skip := !top // the frame that panicked: the goroutine's stack shows it
	for f := range t.Frames {
		if skip {
			skip = false
			continue
		}
		h := f.Head()
		if fn := h.Info(); fn != nil {
			as = append(as, fn.Name+" at "+fn.Pos(h.State))
		}
	}
	return as
}

// pullHook is installed by the runtime: see EnterPull.
var pullHook func(*Task) (leave func())

// SetPullHook installs the runtime's part of EnterPull.
func SetPullHook(f func(*Task) (leave func())) { pullHook = f }

// EnterPull begins a function iterator's run inside iter.Pull, which
// generated code uses to range over a function with awaits in the loop's
// body: iter.Pull runs the iterator on a goroutine of its own, while the
// task's step waits in next. Generated code defers the function it returns
// first thing on that goroutine:
//
//	defer asyncimpl.EnterPull(t, &f.panicked)()
//
// The runtime then counts the goroutine as its loop's (debug mode checks
// the goroutine of each wake-up), and a panic that leaves the iterator is
// recorded with the iterator's stack, which iter.Pull's raising it again
// in next would lose; handed is the panic the loop's body handed the
// iterator to unwind through it, which has its stack already.
func EnterPull(t *Task, handed *any) func() {
	var leave func()
	if pullHook != nil {
		leave = pullHook(t)
	}
	return func() {
		if leave != nil {
			defer leave()
		}
		r := recover()
		if r == nil {
			return
		}
		if t.pending() == nil && (*handed == nil || !samePanic(*handed, r)) {
			// Unwind takes it as the panic Rethrow raises.
			t.setPending(&PanicError{Value: r, Stack: PanicStack(), Awaits: t.awaits(nil, true), raised: true})
		}
		panic(r)
	}
}

// PanicError is a panic captured in a task, with the stack where it happened.
type PanicError struct {
	Value any
	Stack []byte
	// Awaits are the coroutines that awaited the one that panicked,
	// innermost first, as "name at file:line" of their awaits: the
	// goroutine's stack holds only the innermost frame of a task. When the
	// panic is raised again in a task awaiting the task it left, that
	// task's coroutines follow.
	Awaits []string
	raised bool
	// wraps: the panic is a *PanicError, another task's raised again
	// where it was awaited, of which this is the copy with this task's
	// coroutines added. Rethrow raises it, not its Value, so that every
	// frame of this task recovers a *PanicError, as the awaiting one did.
	wraps bool
}

// PanicStack is debug.Stack, taken in a deferred call while a panic
// unwinds, without the frames above the panic's site (the deferred calls,
// the runtime's panic and its helpers, a signal's): it begins where the
// panic happened, as Go's own panic trace does.
func PanicStack() []byte {
	s := debug.Stack()
	lines := bytes.SplitAfter(s, []byte("\n"))
	// "goroutine N [running]:", then two lines a frame: the call, and
	// "\tfile:line +0x..".
	for i := 1; i+1 < len(lines); i += 2 {
		if !bytes.HasPrefix(lines[i], []byte("panic(")) {
			continue
		}
		for i += 2; i+1 < len(lines) && bytes.HasPrefix(lines[i], []byte("runtime.")); i += 2 {
		}
		return append(slices.Clip(lines[0]), bytes.Join(lines[i:], nil)...)
	}
	return s
}

// raise is the value Rethrow raises for p in a caller frame: the value the
// inner frame's panic had.
func (p *PanicError) raise() any {
	if p.wraps {
		return p
	}
	return p.Value
}

// Error gives the panic value, the stack where it happened and the
// coroutines awaiting there.
func (p *PanicError) Error() string {
	msg := fmt.Sprintf("panic in task: %v\n\noriginal stack:\n%s", p.Value, p.Stack)
	if len(p.Awaits) > 0 {
		msg += "\nawaited at:\n\t" + strings.Join(p.Awaits, "\n\t") + "\n"
	}
	return msg
}

// Unwrap returns the panic value when it is an error.
func (p *PanicError) Unwrap() error {
	if err, ok := p.Value.(error); ok {
		return err
	}
	return nil
}
