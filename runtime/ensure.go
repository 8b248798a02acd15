package runtime

import (
	"errors"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// future is a task or a future as the combinators see it: something with an
// outcome and done callbacks (asyncio's Future protocol).
type future[T any] interface {
	Awaitable[T]
	Done() bool
	Cancel() bool
	Cancelled() bool
	addDone(l *Loop, fn func()) *waiter
	removeDone(w *waiter)
}

var (
	_ future[int] = (*Task[int])(nil)
	_ future[int] = (*Future[int])(nil)
)

// ensureFuture is asyncio.ensure_future: tasks and futures stay as they are,
// a coroutine is spawned as a task, Gather and Shield, futures in asyncio,
// start and serve as futures, and any other awaitable is awaited by a task
// made for it.
func ensureFuture[T any](l *Loop, a Awaitable[T]) future[T] {
	if nilAwaitable(a) {
		return failedFuture[T](errNilAwaitable)
	}
	switch v := a.(type) {
	case *Task[T]:
		return v
	case *Future[T]:
		return v
	case Coro[T]:
		return SpawnOn(l, v)
	case startedFuture[T]:
		v.start(l)
		return v
	}
	return SpawnOn(l, awaitCoro(a))
}

// errNilAwaitable is the outcome of a nil awaitable given to a combinator
// (asyncio: TypeError, an awaitable is required).
var errNilAwaitable = errors.New("runtime: a nil awaitable was given to Gather, Wait, WaitFor, Shield, AsCompleted or Into: pass a task, future or coroutine")

// nilAwaitable reports whether a is nil, or a nil task or future.
func nilAwaitable[T any](a Awaitable[T]) bool {
	switch v := a.(type) {
	case nil:
		return true
	case *Task[T]:
		return v == nil
	case *Future[T]:
		return v == nil
	}
	return false
}

// failedFuture is a future that failed with err.
func failedFuture[T any](err error) future[T] {
	f := NewFuture[T]()
	f.SetError(err)
	return f
}

// startedFuture is an awaitable that is a future once started: a Gather or
// a Shield.
type startedFuture[T any] interface {
	future[T]
	start(l *Loop)
}

// outcome returns a finished future's result, with a panic it carries as
// the error instead of raised.
func outcome[T any](f future[T]) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, ok := r.(*PanicError)
			if !ok {
				panic(r)
			}
			err = p
		}
	}()
	return f.Result()
}

// raisePanic raises again a panic that a combinator collected as an error.
func raisePanic(err error) {
	if p, ok := err.(*PanicError); ok {
		panic(p)
	}
}

// awaitFrame is the frame of
//
//	//async
//	func await[T any](a Awaitable[T]) (T, error) { return runtime.Await(a) }
//
// written by hand: it lets a task, or a combinator's pushed frame, await any
// awaitable.
type awaitFrame[T any] struct {
	asyncimpl.Base[T]
	a Awaitable[T]
}

var awaitFunc = &asyncimpl.Func{Name: "runtime.await", File: "ensure.go", Line: lineHere()}

func awaitCoro[T any](a Awaitable[T]) Coro[T] {
	f := &awaitFrame[T]{a: a}
	return asyncimpl.NewCoro[T](f, &f.Base, awaitFunc)
}

func (f *awaitFrame[T]) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	if st := asyncimpl.Poll[T](t, f.a); st != Ready {
		return st
	}
	f.Val, f.Err = asyncimpl.Result[T](t, f.a)
	f.a = nil
	return asyncimpl.Return
}

// identity is what makes two awaitables given to a combinator the same one,
// as Python's gather, wait and as_completed see them: the same task, future
// or coroutine. Any other awaitable (a Sleep, a Queue's Get) is its own.
func identity[T any](a Awaitable[T]) any {
	switch v := a.(type) {
	case *Task[T]:
		return v
	case *Future[T]:
		return v
	case Coro[T]:
		return v.Base()
	}
	return nil
}

// firsts returns, for each element of xs, the index of the first element
// with the same key (nil keys are all distinct); nil if nothing repeats.
func firsts[E any](xs []E, key func(E) any) []int {
	var idx []int
	var seen map[any]int
	for i, x := range xs {
		k := key(x)
		if k == nil {
			continue
		}
		j := -1
		if len(xs) <= 16 {
			for p := range i {
				if key(xs[p]) == k {
					j = p
					break
				}
			}
		} else {
			if seen == nil {
				seen = make(map[any]int, len(xs))
			}
			if p, ok := seen[k]; ok {
				j = p
			} else {
				seen[k] = i
			}
		}
		if j >= 0 {
			if idx == nil {
				idx = make([]int, len(xs))
				for q := range idx {
					idx[q] = q
				}
			}
			idx[i] = j
		}
	}
	return idx
}

// distinct returns xs without its repeats (see firsts), in order; xs
// itself if nothing repeats.
func distinct[E any](xs []E, key func(E) any) []E {
	dup := firsts(xs, key)
	if dup == nil {
		return xs
	}
	var out []E
	for i, x := range xs {
		if dup[i] == i {
			out = append(out, x)
		}
	}
	return out
}
