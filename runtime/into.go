package runtime

import "github.com/asyncgen/asyncgen/runtime/asyncimpl"

// Into returns a coroutine that awaits a and, if a succeeds, stores its
// value in *dst (a nil dst drops it). It lets awaitables of different
// result types go to one [Gather], [Wait] or [TaskGroup], as asyncio's
// gather takes awaitables of any type:
//
//	var user User
//	var posts []Post
//	_, err := runtime.Await(runtime.Gather(
//		runtime.Into(&user, getUserAsync(id)),
//		runtime.Into(&posts, getPostsAsync(id)),
//	))
//
// The coroutine's error is a's, and *dst is left as it was when a fails. As
// with any coroutine given to Gather, the others keep running after the
// first error, and each stores its value when it succeeds, after the Gather
// has returned; when that matters, read the values only if err is nil.
func Into[T any](dst *T, a Awaitable[T]) Coro[struct{}] {
	f := &intoFrame[T]{dst: dst, a: a}
	return asyncimpl.NewCoro[struct{}](f, &f.Base, intoFunc)
}

// intoFrame is
//
//	//async
//	func into[T any](dst *T, a Awaitable[T]) error {
//		v, err := runtime.Await(a)
//		if err == nil && dst != nil {
//			*dst = v
//		}
//		return err
//	}
//
// written by hand, as the runtime's other frames.
type intoFrame[T any] struct {
	asyncimpl.Base[struct{}]
	dst *T
	a   Awaitable[T]
}

var intoFunc = &asyncimpl.Func{Name: "runtime.Into", File: "into.go", Line: lineHere()}

func (f *intoFrame[T]) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	if nilAwaitable(f.a) {
		f.Err = errNilAwaitable
		return asyncimpl.Return
	}
	if st := asyncimpl.Poll[T](t, f.a); st != Ready {
		return st
	}
	v, err := asyncimpl.Result[T](t, f.a)
	f.a = nil
	if err == nil && f.dst != nil {
		*f.dst = v
	}
	f.Err = err
	return asyncimpl.Return
}
