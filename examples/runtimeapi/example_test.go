package runtimeapi

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// virtual is the option the examples run with: a virtual clock, so their
// sleeps take no time.
func virtual() runtime.Option { return runtime.WithClock(runtime.NewVirtualClock()) }

// Run, Spawn and Gather: crawl spawns fetch(3), gathers fetch(1) and
// fetch(2), then awaits the task.
func Example_run() {
	pages, err := runtime.Run(crawlAsync(), virtual())
	fmt.Println(pages, err)
	// Output:
	// [page 1 page 2 page 3] <nil>
}

// GatherAll reports each outcome, errors included
// (asyncio.gather(..., return_exceptions=True)).
func Example_gatherAll() {
	runtime.Run(gatherAllAsync(), virtual())
	// Output:
	// "page 1" <nil>
	// "" boom
	// "page 2" <nil>
}

// WaitFor cancels what it waits for when the time is up.
func Example_waitFor() {
	runtime.Run(waitForAsync(), virtual())
	// Output:
	// runtime: timed out true
	// page 1 <nil>
}

// Timeout bounds a coroutine run inline, without a task of its own.
func Example_timeout() {
	runtime.Run(timeoutAsync(), virtual())
	// Output:
	// runtime: timed out
}

// A TaskGroup's Wait returns when all its tasks have finished; the first
// failure cancels the others.
func Example_taskGroup() {
	runtime.Run(taskGroupAsync(), virtual())
	// Output:
	// page 1 <nil>
	// page 2 <nil>
	// boom true
}

// AsCompleted gives results in the order they finish.
func Example_asCompleted() {
	runtime.Run(asCompletedAsync(), virtual())
	// Output:
	// page 1
	// page 2
	// page 3
}

// Cancelling a task: its pending Await, and then awaiting the task, return
// ErrCancelled.
func Example_cancel() {
	runtime.Run(cancelAsync(), virtual())
	// Output:
	// runtime: cancelled true true
}

// A bounded queue consumed by two tasks, with Join waiting for every
// TaskDone.
func Example_queue() {
	runtime.Run(queueAsync(), virtual())
	// Output:
	// [a:0 b:1 a:2 b:3 a:4]
}

// An Event wakes its waiters.
func Example_event() {
	runtime.Run(eventAsync(), virtual())
	// Output:
	// waiting
	// set
	// woken
}

// ToThread runs a blocking function on the executor.
func Example_toThread() {
	runtime.Run(toThreadAsync())
	// Output:
	// 499500 <nil>
}

// A Future is completed by whoever holds it.
func Example_future() {
	runtime.Run(futureAsync(), virtual())
	// Output:
	// resolved <nil>
}

// On a virtual clock an hour's sleep takes no time, and the loop's clock
// still reads an hour later.
func Example_virtualClock() {
	clock := runtime.NewVirtualClock()
	runtime.Run(elapsedAsync(clock), runtime.WithClock(clock))
	// Output:
	// 1h0m0s
}
