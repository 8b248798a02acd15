//go:build !asyncgen_reference

package runtime

import "github.com/asyncgen/asyncgen/runtime/asyncimpl"

// nestedRuns is true in reference mode only, whose Await runs a loop in
// the caller's (see enterRun).
const nestedRuns = false

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

// Await waits for a and returns its result. It is an intrinsic: asyncgen
// compiles it inside //async functions into a suspension point of the
// function's state machine. Cancellation and timeouts arrive as its error
// ([ErrCancelled], [ErrTimeout]).
//
// Executed anywhere else it panics with the fix: outside an //async
// function, or in an //async function F called directly instead of through
// FAsync. (Generated code that is missing does not compile; generated code
// that is stale runs the source as it was: asyncvet and asyncgen -check
// report it.)
func Await[T any](a Awaitable[T]) (T, error) {
	panic("runtime.Await called outside an //async function: mark the enclosing function //async (func literals cannot be) and run go generate, or run the coroutine with runtime.Run; if the enclosing function is marked //async, it was called directly: await or spawn the coroutine its FAsync returns instead")
}

// Spawn schedules the coroutine c as a task on the current loop and returns at
// once (asyncio.create_task): c starts at the loop's next pass and runs
// concurrently with the caller. It is an intrinsic like [Await]: outside an
// //async function use [SpawnOn].
func Spawn[T any](c Coro[T]) *Task[T] {
	panic("runtime.Spawn called outside an //async function: mark the enclosing function //async and run go generate, or use runtime.SpawnOn(loop, c); if the enclosing function is marked //async, it was called directly: await or spawn the coroutine its FAsync returns instead")
}
