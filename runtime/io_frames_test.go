package runtime

import "github.com/asyncgen/asyncgen/runtime/asyncimpl"

// This file holds the hand-written frames of the I/O tests and benchmarks:
// a program frame whose steps are plain code, awaits and jumps, so that a
// test can write the loops an //async function would have (read until the
// end, echo forever) before the generator exists.

// pstep is one statement of a program; it may move f.State.
type pstep func(f *progFrame) progAwait

// progAwait is an await in progress: poll it, then take its result.
type progAwait interface {
	poll(t *asyncimpl.Task) asyncimpl.Status
	finish(t *asyncimpl.Task)
}

type progWait[T any] struct {
	a    Awaitable[T]
	then func(T, error)
}

func (w *progWait[T]) poll(t *asyncimpl.Task) asyncimpl.Status { return asyncimpl.Poll[T](t, w.a) }
func (w *progWait[T]) finish(t *asyncimpl.Task) {
	v, err := asyncimpl.Result[T](t, w.a)
	if w.then != nil {
		w.then(v, err)
	}
}

// call is a step of plain code.
func call(fn func()) pstep {
	return func(*progFrame) progAwait { fn(); return nil }
}

// wait awaits what mk makes and passes the result to then (which may be nil).
func wait[T any](mk func() Awaitable[T], then func(T, error)) pstep {
	return func(*progFrame) progAwait { return &progWait[T]{a: mk(), then: then} }
}

// jump continues the program at step i.
func jump(i int) pstep {
	return func(f *progFrame) progAwait { f.State = int32(i) - 1; return nil }
}

// jumpIf continues the program at step i when cond holds.
func jumpIf(cond func() bool, i int) pstep {
	return func(f *progFrame) progAwait {
		if cond() {
			f.State = int32(i) - 1
		}
		return nil
	}
}

// exitIf returns from the program when cond holds.
func exitIf(cond func() bool) pstep {
	return func(f *progFrame) progAwait {
		if cond() {
			f.State = int32(len(f.steps)) - 1
		}
		return nil
	}
}

type progFrame struct {
	asyncimpl.Base[struct{}]
	steps []pstep
	cur   progAwait
}

var progFunc = &asyncimpl.Func{Name: "runtime.prog", File: "io_frames_test.go", Line: 1}

// prog makes a coroutine running steps.
func prog(steps ...pstep) Coro[struct{}] {
	f := &progFrame{steps: steps}
	return asyncimpl.NewCoro[struct{}](f, &f.Base, progFunc)
}

func (f *progFrame) Step(t *asyncimpl.Task) asyncimpl.Status {
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
