package asyncimpl

import (
	"fmt"
	"runtime/debug"
)

// Task is a stack of frames run by the event loop. The runtime embeds it in
// its own task type; generated code only passes it along.
type Task struct {
	stack  []Frame
	stack0 [1]Frame

	pending *PanicError // a panic on its way to the caller frame

	// Interrupted, when set, makes the await the task is resumed at return
	// ErrCancelled without the awaitable being polled again.
	Interrupted bool
	// Resumed is set by the loop when it steps a task it woke, and cleared by
	// the first Poll of that step: awaitables without state of their own use it
	// to tell a resumption from the start of an await.
	Resumed bool
}

// loopOf is installed by the runtime: it returns the loop a task runs on.
var loopOf func(*Task) any

// SetLoopOf installs the runtime's way to find a task's loop.
func SetLoopOf(f func(*Task) any) { loopOf = f }

// Loop returns the loop the task runs on, a *runtime.Loop. Generated code
// compiles runtime.Spawn(c) to runtime.SpawnOn(t.Loop().(*runtime.Loop), c)
// when c is not the coroutine of a function with a spawn helper (see Spawn).
func (t *Task) Loop() any { return loopOf(t) }

// Init prepares t to run the frame f.
func (t *Task) Init(f Frame) {
	t.stack0[0] = f
	t.stack = t.stack0[:1]
}

// Push makes f the innermost frame.
func (t *Task) Push(f Frame) { t.stack = append(t.stack, f) }

// Depth is the number of frames on the task.
func (t *Task) Depth() int { return len(t.stack) }

// Frames calls yield for each frame from the innermost out.
func (t *Task) Frames(yield func(Frame) bool) {
	for i := len(t.stack) - 1; i >= 0; i-- {
		if !yield(t.stack[i]) {
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
	for {
		n := len(t.stack)
		f := t.stack[n-1]
		st := f.Step(t)
		if q := t.pending; q != nil && q.raised {
			// Rethrow raised it in this frame and a deferred call
			// recovered it: it must not travel further.
			t.pending = nil
		}
		switch st {
		case Suspend:
			return false
		case Call:
			continue // a frame was pushed
		}
		if n == 1 {
			// The task is done: its outermost frame, which holds the
			// results, stays where it is.
			f.Head().flags |= returned
			return true
		}
		t.pop(n)
	}
}

func (t *Task) pop(n int) {
	t.stack[n-1].Head().flags |= returned
	t.stack[n-1] = nil
	t.stack = t.stack[:n-1]
}

// Unwind takes the panic r that escaped the innermost frame's Step during
// Run. Call it from the deferred function that recovered r, so that the
// stack of the panic site is still there to record. It pops the frame; if that
// was the outermost, the task is done with the panic p; otherwise the panic is
// pending and the next Run raises it in the caller frame.
func (t *Task) Unwind(r any) (done bool, p *PanicError) {
	if q := t.pending; q != nil && q.raised && samePanic(q.Value, r) {
		q.raised = false
		p = q
	} else if q, ok := r.(*PanicError); ok {
		p = q // another task's panic raised again where it was awaited
	} else {
		p = &PanicError{Value: r, Stack: debug.Stack()}
	}
	t.pending = nil
	n := len(t.stack)
	t.pop(n)
	if n == 1 {
		return true, p
	}
	t.pending = p
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

// Rethrow raises, in the caller frame, a panic that left an inner frame. Every
// generated Step calls it after re-arming its deferred calls.
func (t *Task) Rethrow() {
	if p := t.pending; p != nil {
		p.raised = true
		panic(p.Value)
	}
}

func samePanic(a, b any) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

// PanicError is a panic captured in a task, with the stack where it happened.
type PanicError struct {
	Value  any
	Stack  []byte
	raised bool
}

func (p *PanicError) Error() string {
	return fmt.Sprintf("panic in task: %v\n\noriginal stack:\n%s", p.Value, p.Stack)
}

// Unwrap returns the panic value when it is an error.
func (p *PanicError) Unwrap() error {
	if err, ok := p.Value.(error); ok {
		return err
	}
	return nil
}
