package runtime

import (
	"time"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// This file holds hand-written frames: what asyncgen generates for an
// //async function, written out for tests that run without the generator. A
// script frame runs a list of steps, each plain code or an await, with the
// frame's state number indexing the list: the smallest faithful frame.

// step is one statement of a script.
type step func(s *scriptCore) awaiting

// awaiting is an await in progress: poll it, then take its result.
type awaiting interface {
	poll(t *asyncimpl.Task) asyncimpl.Status
	finish(t *asyncimpl.Task)
}

type awaitStep[T any] struct {
	a    Awaitable[T]
	then func(T, error)
}

func (s *awaitStep[T]) poll(t *asyncimpl.Task) asyncimpl.Status { return asyncimpl.Poll[T](t, s.a) }
func (s *awaitStep[T]) finish(t *asyncimpl.Task) {
	v, err := asyncimpl.Result[T](t, s.a)
	if s.then != nil {
		s.then(v, err)
	}
}

// do is a step of plain code.
func do(fn func()) step {
	return func(*scriptCore) awaiting { fn(); return nil }
}

// await is a step awaiting what mk makes, then passing the result to then.
func await[T any](mk func() Awaitable[T], then func(T, error)) step {
	return func(*scriptCore) awaiting { return &awaitStep[T]{a: mk(), then: then} }
}

// when runs s only if cond holds when the script reaches it.
func when(cond func() bool, s step) step {
	return func(c *scriptCore) awaiting {
		if !cond() {
			return nil
		}
		return s(c)
	}
}

// ret returns from the script with the error fn gives.
func ret(fn func() error) step {
	return func(c *scriptCore) awaiting { c.err, c.done = fn(), true; return nil }
}

// scriptCore runs the steps; the frames below give it a result type.
type scriptCore struct {
	steps []step
	cur   awaiting
	done  bool
	err   error
}

func (c *scriptCore) run(t *asyncimpl.Task, h *asyncimpl.Header) asyncimpl.Status {
	t.Rethrow()
	for !c.done && int(h.State) < len(c.steps) {
		if c.cur == nil {
			c.cur = c.steps[h.State](c)
			if c.cur == nil {
				h.State++
				continue
			}
		}
		if st := c.cur.poll(t); st != asyncimpl.Ready {
			return st
		}
		cur := c.cur
		c.cur = nil
		h.State++
		cur.finish(t)
	}
	h.Err = c.err
	return asyncimpl.Return
}

type scriptFrame struct {
	asyncimpl.Base[struct{}]
	scriptCore
}

var scriptFunc = &asyncimpl.Func{Name: "runtime.script", File: "frames_test.go", Line: 1}

// script makes a coroutine running steps in order.
func script(steps ...step) Coro[struct{}] {
	f := &scriptFrame{scriptCore: scriptCore{steps: steps}}
	return asyncimpl.NewCoro[struct{}](f, &f.Base, scriptFunc)
}

func (f *scriptFrame) Step(t *asyncimpl.Task) asyncimpl.Status { return f.run(t, &f.Header) }

type valueScriptFrame[T any] struct {
	asyncimpl.Base[T]
	scriptCore
	result func() T
}

// scriptValue makes a coroutine running steps, then returning result().
func scriptValue[T any](result func() T, steps ...step) Coro[T] {
	f := &valueScriptFrame[T]{scriptCore: scriptCore{steps: steps}, result: result}
	return asyncimpl.NewCoro[T](f, &f.Base, scriptFunc)
}

func (f *valueScriptFrame[T]) Step(t *asyncimpl.Task) asyncimpl.Status {
	st := f.run(t, &f.Header)
	if st == asyncimpl.Return && f.Err == nil {
		f.Val = f.result()
	}
	return st
}

// valueFrame is a hand-written frame of
//
//	//async
//	func value[T any](v T, err error) (T, error) { return v, err }
type valueFrame[T any] struct {
	asyncimpl.Base[T]
	v   T
	err error
}

var valueFunc = &asyncimpl.Func{Name: "runtime.value", File: "frames_test.go", Line: 1}

func value[T any](v T, err error) Coro[T] {
	f := &valueFrame[T]{v: v, err: err}
	return asyncimpl.NewCoro[T](f, &f.Base, valueFunc)
}

func (f *valueFrame[T]) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	f.Val, f.Err = f.v, f.err
	return asyncimpl.Return
}

// sleep is the step awaiting Sleep(d), ignoring its result.
func sleep(d time.Duration) step {
	return await(func() Awaitable[struct{}] { return Sleep(d) }, nil)
}
