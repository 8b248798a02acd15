//go:build asyncgen_reference

package runtime

import "github.com/asyncgen/asyncgen/runtime/asyncimpl"

// This file replaces await.go in reference mode (build tag
// asyncgen_reference), in which asyncgen's reference variant of each FAsync
// calls F as written. Await and Spawn then run for real: each drives what it
// is given to the end on a private loop with a virtual clock, so a program
// runs as plain sequential Go. Its traces must equal those of the state
// machines wherever the program's order does not depend on concurrency;
// asyncgen's differential tests rely on it.

// nestedRuns lets Await and Spawn run their private loops inside the
// caller's loop.
const nestedRuns = true

// Awaitable is anything [Await] accepts: coroutines, tasks, futures, sleeps,
// combinators, queue, lock and I/O operations. Its methods are the protocol
// between generated code and the loop, documented in package asyncimpl; a
// program only awaits awaitables.
type Awaitable[T any] = asyncimpl.Awaitable[T]

// Coro is a coroutine: what calling FAsync returns for an //async function F.
// Making it runs nothing (like calling an async def in Python). Awaiting it
// runs it inline in the awaiting task; [Spawn] runs it as a task of its own. A
// coroutine runs once: awaiting or spawning it again is an error that names it.
type Coro[T any] = asyncimpl.Coro[T]

// Await, in reference mode, runs a to the end on a private loop and returns
// its result. A panic in a coroutine is raised again here with its original
// value, as the state machine's caller frame would see it; a task that
// panicked raises its *PanicError, as its Result does.
func Await[T any](a Awaitable[T]) (T, error) {
	c, ok := a.(Coro[T])
	if !ok {
		f := &referenceAwait[T]{a: a}
		c = asyncimpl.NewCoro[T](f, &f.Base, referenceAwaitFunc)
	}
	return runPrivate(c, ok)
}

// Spawn, in reference mode, runs c to the end on a private loop and returns
// its finished task. The task keeps its outcome, a panic included, for
// whoever awaits it, as a task of the state machines does.
func Spawn[T any](c Coro[T]) *Task[T] {
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	t := SpawnOn(l, c)
	for !t.Done() {
		l.run(1)
	}
	return t
}

// runPrivate runs c on a private loop; with unwrap, a panic that left c is
// raised again with its original value.
func runPrivate[T any](c Coro[T], unwrap bool) (v T, err error) {
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	defer func() {
		if r := recover(); r != nil {
			if p, ok := r.(*PanicError); ok && unwrap {
				panic(p.Value)
			}
			panic(r)
		}
	}()
	return RunUntilComplete(l, c)
}

// referenceAwait is the frame of a coroutine that awaits a and returns its
// result.
type referenceAwait[T any] struct {
	asyncimpl.Base[T]
	a Awaitable[T]
}

var referenceAwaitFunc = &asyncimpl.Func{Name: "runtime.Await", File: "await_reference.go", Line: lineHere()}

func (f *referenceAwait[T]) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	if st := asyncimpl.Poll[T](t, f.a); st != asyncimpl.Ready {
		return st
	}
	f.Val, f.Err = asyncimpl.Result[T](t, f.a)
	return asyncimpl.Return
}
