package runtime

import "github.com/asyncgen/asyncgen/runtime/asyncimpl"

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
// a coroutine is spawned as a task, and any other awaitable is awaited by a
// task made for it.
func ensureFuture[T any](l *Loop, a Awaitable[T]) future[T] {
	switch v := a.(type) {
	case *Task[T]:
		return v
	case *Future[T]:
		return v
	case Coro[T]:
		return SpawnOn(l, v)
	}
	return SpawnOn(l, awaitCoro(a))
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

var awaitFunc = &asyncimpl.Func{Name: "runtime.await", File: "ensure.go", Line: 60}

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
