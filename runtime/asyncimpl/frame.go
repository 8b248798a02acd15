package asyncimpl

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"unsafe"
)

// Status is what a frame's Step, or an awaitable's Poll, reports to the task.
type Status uint8

const (
	// Return: the frame finished; its results are in its Base. It is the zero
	// value so that a Step whose panic was recovered by a deferred call returns
	// it without saying so.
	Return Status = iota
	// Suspend: the task waits; whatever it awaits will wake it.
	Suspend
	// Call: a frame was pushed on the task; the task steps it next.
	Call
	// Ready: the awaited value is available now (Poll only).
	Ready
)

// Frame is one activation of an //async function.
type Frame interface {
	// Step runs the frame from its current state to the next suspension or
	// return.
	Step(t *Task) Status
	// Head returns the frame's bookkeeping, shared by all frames.
	Head() *Header
}

// Func describes an //async function for messages and task dumps.
type Func struct {
	Name string // package-qualified, e.g. "crawl.fetch" or "crawl.(*Client).get"
	File string // source file, base name
	Line int    // line of the func keyword
	// Lines[s] is the source line where a frame in state s is suspended
	// (the line of the await that state s resumes); may be short or nil.
	Lines []int32
}

// Pos returns "file:line" of a frame of this function in state s.
func (fn *Func) Pos(s int32) string {
	line := fn.Line
	if s >= 0 && int(s) < len(fn.Lines) && fn.Lines[s] > 0 {
		line = int(fn.Lines[s])
	}
	return fmt.Sprintf("%s:%d", fn.File, line)
}

// Tracker observes coroutines for the runtime's debug mode.
type Tracker interface {
	Made(h *Header)    // a coroutine was made
	Started(h *Header) // it was awaited or spawned
}

var tracker atomic.Pointer[Tracker]

// SetTracker installs t (nil removes it).
func SetTracker(t Tracker) {
	if t == nil {
		tracker.Store(nil)
		return
	}
	tracker.Store(&t)
}

func (h *Header) start() {
	h.flags |= started
	if tr := tracker.Load(); tr != nil {
		(*tr).Started(h)
	}
}

// Header is the part of a frame that the task runner reads.
type Header struct {
	// State is the frame's next state; the generated Step owns it.
	State int32
	flags uint32
	info  *Func
	// Err is the function's error result (see Base). It lives here, in the
	// part every frame shares, so the runtime reads it through Head without
	// knowing the type of the value result.
	Err error
}

const (
	started  = 1 << iota // pushed on a task or spawned
	returned             // Step returned Return
	consumed             // Result was taken
	spawned              // claimed by a task of its own (see Claim)
)

// Head implements Frame for frames that embed Base.
func (h *Header) Head() *Header { return h }

// Info describes the function the frame runs.
func (h *Header) Info() *Func { return h.info }

// Started reports whether the frame was ever pushed on a task.
func (h *Header) Started() bool { return h.flags&started != 0 }

// Ended reports whether the frame has left its task: it returned, or a
// panic unwound it.
func (h *Header) Ended() bool { return h.flags&returned != 0 }

// Base is embedded first in every generated frame. Val and Err (from Header)
// are the function's results: named results of the source function are
// compiled to them directly, so deferred closures that modify named results
// modify Val and Err.
//
// Val comes first: a zero-size last field would pad every Base[struct{}]
// (the frame of every function returning only an error, or nothing) by a
// word, and put the smallest frames in the next size class.
type Base[T any] struct {
	Val T
	Header
}

// BaseOf returns the Base whose Header is h.
func BaseOf[T any](h *Header) *Base[T] {
	return (*Base[T])(unsafe.Add(unsafe.Pointer(h), -unsafe.Offsetof((*Base[T])(nil).Header)))
}

// Coro is a coroutine: a frame not yet run, run by awaiting it (inline, in the
// awaiting task) or by spawning it as a task of its own. The zero Coro is not
// usable.
type Coro[T any] struct {
	f Frame
	b *Base[T]
}

// NewCoro wraps a fresh frame whose Base is b, describing function fn.
func NewCoro[T any](f Frame, b *Base[T], fn *Func) Coro[T] {
	b.info = fn
	if tr := tracker.Load(); tr != nil {
		(*tr).Made(&b.Header)
	}
	return Coro[T]{f: f, b: b}
}

// Frame returns the coroutine's frame.
func (c Coro[T]) Frame() Frame { return c.f }

// Base returns the coroutine's results holder.
func (c Coro[T]) Base() *Base[T] { return c.b }

// Name names the coroutine's function.
func (c Coro[T]) Name() string {
	if c.b == nil {
		return "<nil coroutine>"
	}
	if c.b.info == nil {
		return "<coroutine>"
	}
	return c.b.info.Name
}

// Poll implements Awaitable: the first poll pushes the frame; the next, made
// once the frame has returned, reports Ready.
func (c Coro[T]) Poll(t *Task) Status {
	if c.b == nil {
		return Ready // Result says what is wrong
	}
	h := &c.b.Header
	if h.flags&started == 0 {
		h.start()
		t.Push(c.f)
		return Call
	}
	return Ready
}

// Result implements Awaitable.
func (c Coro[T]) Result() (T, error) {
	b := c.b
	if b == nil {
		var zero T
		return zero, errZeroCoro
	}
	if err := b.resultErr(); err != nil {
		var zero T
		return zero, err
	}
	b.flags |= consumed
	return b.Val, b.Err
}

// resultErr reports why the results cannot be taken now.
func (b *Base[T]) resultErr() error {
	switch {
	case b.flags&spawned != 0:
		// Whether or not its task has ended: the task holds the
		// outcome, and its awaiters read it there.
		return fmt.Errorf("runtime: coroutine %s was spawned as a task and awaited: await the *Task that Spawn returned: %w", b.funcName(), ErrReused)
	case b.flags&consumed != 0:
		return fmt.Errorf("runtime: coroutine %s awaited twice: a coroutine runs once; %s, or spawn it once and await the *Task as often as needed: %w", b.funcName(), b.again(), ErrReused)
	case b.flags&returned == 0:
		return fmt.Errorf("runtime: coroutine %s is already awaited by another task: a coroutine runs in one task; spawn it and have each task await the *Task: %w", b.funcName(), ErrReused)
	}
	return nil
}

func (b *Base[T]) funcName() string {
	if b.info == nil {
		return "<coroutine>"
	}
	return b.info.Name
}

// again says how to make another coroutine of b's function: call fAsync
// again, f being the function's name without its package and receiver.
func (b *Base[T]) again() string {
	if b.info == nil {
		return "make another for another run"
	}
	name := b.info.Name
	name = name[strings.LastIndexByte(name, '.')+1:]
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i] // a generic function's type parameters
	}
	return "call " + name + "Async(...) again for another run"
}

// Claim marks the coroutine as started by task t without pushing it, for
// spawning. It fails if the coroutine was already awaited or spawned.
func (c Coro[T]) Claim(t *Task) error {
	h := &c.b.Header
	if h.flags&started != 0 {
		return fmt.Errorf("runtime: coroutine %s awaited or spawned twice: a coroutine runs once; %s: %w", c.b.funcName(), c.b.again(), ErrReused)
	}
	h.flags |= spawned
	h.start()
	return nil
}

// errZeroCoro is the error of an await of the zero Coro.
var errZeroCoro = errors.New("runtime: await of the zero Coro, which has no coroutine: await what FAsync(...) returns")

// ErrCancelled is the error of an await interrupted by cancellation;
// runtime.ErrCancelled is this value. errors.Is(err, context.Canceled) holds.
var ErrCancelled error = &ctxError{msg: "runtime: cancelled", target: context.Canceled}

// ErrTimeout is runtime.ErrTimeout. errors.Is(err, context.DeadlineExceeded)
// holds.
var ErrTimeout error = &ctxError{msg: "runtime: timed out", target: context.DeadlineExceeded}

type ctxError struct {
	msg    string
	target error
}

func (e *ctxError) Error() string        { return e.msg }
func (e *ctxError) Is(target error) bool { return target == e.target }

// ErrReused is wrapped by the errors for a coroutine awaited or spawned twice.
var ErrReused = errors.New("coroutine reused")

// Awaitable is anything runtime.Await accepts. Its methods are the await
// protocol used by generated code.
type Awaitable[T any] interface {
	// Poll starts or continues the await on behalf of task t.
	Poll(t *Task) Status
	// Result returns the outcome once Poll has reported Ready.
	Result() (T, error)
}

// Poll polls a on behalf of t, unless t was woken to be interrupted (then
// Result reports ErrCancelled). It is generic in the awaitable's concrete
// type so that awaiting a Coro or a *Task does not box it. Hand-written
// frames use it, and Result; generated code calls the awaitable's Poll and
// Result directly (see Task.Polled).
func Poll[T any, A Awaitable[T]](t *Task, a A) Status {
	if t.Interrupted {
		return Ready
	}
	st := a.Poll(t)
	t.Resumed = false
	return st
}

// Result takes the outcome of the await that Poll reported Ready.
func Result[T any, A Awaitable[T]](t *Task, a A) (T, error) {
	if t.Interrupted {
		t.Interrupted = false
		t.Resumed = false
		var zero T
		return zero, ErrCancelled
	}
	return a.Result()
}

// New returns a pointer to a new zero T. Generated code calls it, and Zero,
// in a package that declares its own new, which hides the builtin there.
func New[T any]() *T { return new(T) }

// Zero returns the zero value of T (see New).
func Zero[T any]() (zero T) { return }
