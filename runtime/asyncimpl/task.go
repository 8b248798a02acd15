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
// compiles runtime.Spawn(c) to runtime.SpawnOn(t.Loop().(*runtime.Loop), c).
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
// returns; it reports whether the task finished. A panic that no frame
// recovered is returned; frames are popped as it passes through them, after
// their deferred calls ran.
func (t *Task) Run() (done bool, p *PanicError) {
	for {
		n := len(t.stack)
		f := t.stack[n-1]
		st, p := t.step(f)
		if p == nil && st != Return {
			if st == Suspend {
				return false, nil
			}
			continue // Call: a frame was pushed
		}
		f.Head().flags |= returned
		t.stack[n-1] = nil
		t.stack = t.stack[:n-1]
		if p != nil {
			if n == 1 {
				return true, p
			}
			t.pending = p
		}
		if n == 1 {
			return true, nil
		}
	}
}

// step runs one Step, turning a panic that escapes it into a PanicError.
//
// Panic policy: a panic is never allowed to unwind through the loop. It is
// caught here with the stack of the goroutine at the panic site, travels up
// the task's frames (each frame's deferred calls may recover it), and if it
// leaves the task it is stored as the task's outcome and raised again, with the
// original stack in the message, wherever the task is awaited or by Run.
func (t *Task) step(f Frame) (st Status, p *PanicError) {
	defer func() {
		if r := recover(); r != nil {
			if q := t.pending; q != nil && q.raised && samePanic(q.Value, r) {
				q.raised = false
				p = q
			} else if q, ok := r.(*PanicError); ok {
				p = q // another task's panic raised again where it was awaited
			} else {
				p = &PanicError{Value: r, Stack: debug.Stack()}
			}
			t.pending = nil
		}
	}()
	st = f.Step(t)
	if q := t.pending; q != nil && q.raised {
		// Rethrow raised it in this frame and a deferred call recovered it:
		// it must not travel further.
		t.pending = nil
	}
	return st, nil
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
