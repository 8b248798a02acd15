// Package runtime is asyncgen's event loop: Python asyncio's programming
// model for Go, without a goroutine per task.
//
// Functions marked //async are compiled by asyncgen (go generate) into
// stackless state machines; calling FAsync makes a [Coro] without running
// it, [Await] runs it inline or waits for what it is given, and [Spawn]
// schedules it as a [Task] that runs concurrently:
//
//	//async
//	func crawlAll() ([]string, error) {
//		t := runtime.Spawn(fetchAsync(3)) // starts now, runs concurrently
//		pages, err := runtime.Await(runtime.Gather(fetchAsync(1), fetchAsync(2)))
//		if err != nil {
//			return nil, err
//		}
//		last, err := runtime.Await(t)
//		return append(pages, last), err
//	}
//
//	func main() {
//		pages, err := runtime.Run(crawlAllAsync())
//		fmt.Println(pages, err)
//	}
//
// # The loop
//
// A [Loop] runs on one goroutine and does one thing at a time, in asyncio's
// order: a FIFO ready queue of which each pass runs only what was queued when
// the pass began; a finished task, a completed future, a fired timer each
// wake their awaiters through the ready queue. Timers due at the same
// instant fire in the order they were set (asyncio promises no order). [Run] makes a loop, runs a coroutine to
// completion, then cancels what is left, runs it to its end, shuts the
// executor down and closes the loop, as asyncio.run does. With
// [WithClock]([NewVirtualClock]()) the loop jumps over idle time, so programs
// with timeouts and sleeps test in microseconds and never flake (it follows
// real time while [ToThread] calls are out; see [VirtualClock] for I/O and
// other goroutines).
//
// # What can be awaited
//
// Coroutines, [Task], [Future], [Sleep], the combinators [Gather],
// [GatherAll], [WaitFor], [Wait], [AsCompleted], [Shield], [Timeout]
// ([TimeoutAt], and [TimeoutUntil] with a [Deadline] that moves),
// [TaskGroup], [ToThread] (blocking work on a bounded pool of goroutines),
// queues and synchronization primitives, and socket, stream, subprocess and
// datagram operations. A combinator takes awaitables of one result type;
// [Into] turns any awaitable into one that stores its value in a variable,
// so that awaitables of different types can be gathered.
//
// # I/O
//
// [OpenConnection] and [StartServer] give TCP and Unix [Stream]s: reads are
// awaitables ([Stream.Read], [Stream.ReadLine], [Stream.ReadExactly],
// [Stream.ReadUntil], [Stream.ReadUntilAny], and [Stream.Fill], which
// waits for bytes without consuming them); [Stream.Write] only buffers,
// and [Stream.Drain] is the back-pressure point, as in asyncio. A read takes
// what is there without waiting for the next pass, but a stream gives at
// most 256 KiB a pass (asyncio's largest recv): a reader then yields, so a
// peer that sends faster than its task reads does not hold up the loop's
// timers and other tasks. [ListenDatagram] and [DialDatagram]
// serve UDP, [Exec] and [Shell] start subprocesses with async pipes, and
// [Loop.AddSignalHandler] runs a handler on the loop. On Linux every
// descriptor sits in one edge-triggered epoll instance whose own descriptor
// Go's netpoller watches, so an idle loop parks like a goroutine blocked on
// a socket and other goroutines wake it in well under a microsecond; there
// is no goroutine per connection, except for TLS (two helper goroutines per
// connection, see [WithTLS]). Elsewhere the I/O operations fail with an
// error.
//
// # Errors, cancellation, panics
//
// Errors are values: cancellation and timeouts arrive as the error of the
// [Await] that was suspended, [ErrCancelled] and [ErrTimeout], which match
// context.Canceled and context.DeadlineExceeded under errors.Is. Cancelling a
// task cancels what it awaits, down the chain, unless shielded. A panic in a
// task is captured with its stack and raised again where the task is
// awaited, or by Run, as a [*PanicError] naming the original stack; it never
// takes the loop down.
//
// # Concurrency
//
// Like asyncio's, the primitives here are not safe for concurrent use. Other
// goroutines reach a loop only through [Loop.CallSoonThreadsafe] and the
// results of [ToThread].
//
// # Diagnosing
//
// [WithDebug] logs task steps and callbacks that block the loop for more
// than 100ms and coroutines never awaited, and makes CallSoon and CallAt fail
// off the loop's goroutine. Task and future errors never retrieved are
// logged in any mode. [Loop.DumpTasks] lists every pending task with what it
// awaits and where each of its frames is suspended in the source.
package runtime
