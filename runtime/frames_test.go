package runtime

import (
	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// This file holds hand-written frames: what asyncgen generates for an
// //async function, written out for tests that run before and without the
// generator. A script frame runs a list of steps, each either plain code or
// an await, with the state number indexing the list; it is the smallest
// faithful frame: re-armed defers are not needed by these tests.

// step is one statement of a script.
type step func(f *scriptFrame) awaiting

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
	return func(*scriptFrame) awaiting { fn(); return nil }
}

// await is a step awaiting what mk makes, then passing the result to then.
func await[T any](mk func() Awaitable[T], then func(T, error)) step {
	return func(*scriptFrame) awaiting { return &awaitStep[T]{a: mk(), then: then} }
}

// ret is the last step: the function's results.
func ret(fn func() error) step {
	return func(f *scriptFrame) awaiting { f.Err = fn(); f.State = int32(len(f.steps)); return nil }
}

type scriptFrame struct {
	asyncimpl.Base[struct{}]
	steps []step
	cur   awaiting
}

var scriptFunc = &asyncimpl.Func{Name: "runtime.script", File: "frames_test.go", Line: 1}

// script makes a coroutine running steps in order.
func script(steps ...step) Coro[struct{}] {
	f := &scriptFrame{steps: steps}
	return asyncimpl.NewCoro[struct{}](f, &f.Base, scriptFunc)
}

func (f *scriptFrame) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	for int(f.State) < len(f.steps) {
		if f.cur == nil {
			f.cur = f.steps[f.State](f)
			if f.cur == nil {
				f.State++
				continue
			}
		}
		if st := f.cur.poll(t); st != asyncimpl.Ready {
			return st
		}
		cur := f.cur
		f.cur = nil
		f.State++
		cur.finish(t)
	}
	return asyncimpl.Return
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
