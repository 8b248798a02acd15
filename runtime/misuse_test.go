package runtime_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func awaitJob(name string, a runtime.Awaitable[int]) (int, error) {
	v, err := runtime.Await(a)
	fmt.Println(name, "got", v, err)
	return v, err
}

// async
func sharedJob() error {
	release := make(chan struct{})
	op := runtime.ToThread(func() (int, error) { <-release; return 7, nil })
	a := runtime.Spawn(awaitJobAsync("A", op))
	b := runtime.Spawn(awaitJobAsync("B", op))
	runtime.Await(runtime.Sleep(0))
	close(release)
	runtime.Await(runtime.Gather[int](a, b))
	v, err := runtime.Await(op)
	fmt.Println("again got", v, err)

	busy := make(chan struct{})
	blocker := runtime.ToThread(func() (int, error) { <-busy; return 0, nil })
	held := runtime.Spawn(awaitJobAsync("busy", blocker))
	runtime.Await(runtime.Sleep(0)) // the only worker is taken
	ran := false
	queued := runtime.ToThread(func() (int, error) { ran = true; return 42, nil })
	c := runtime.Spawn(awaitJobAsync("C", queued))
	d := runtime.Spawn(awaitJobAsync("D", queued))
	runtime.Await(runtime.Sleep(0))
	c.Cancel()
	runtime.Await(runtime.Wait([]*runtime.Task[int]{c, d}, runtime.AllCompleted, runtime.Forever))
	_, err = runtime.Await(runtime.WaitFor(queued, time.Second))
	fmt.Println("after the cancel:", errors.Is(err, runtime.ErrCancelled))
	close(busy)
	runtime.Await(held)
	fmt.Println("the cancelled job ran:", ran)
	return nil
}

// A ToThread awaitable is a future, as run_in_executor's: several tasks
// await it and get its result, and it gives it again once done; cancelling
// one await of a job still queued cancels it for every await (asyncio:
// two tasks awaiting loop.run_in_executor(None, job) both get 7; with the
// job queued behind a busy worker, cancelling one task cancels the future,
// the other gets CancelledError, and so does a later wait_for of it).
func ExampleToThread_shared() {
	runtime.Run(sharedJobAsync(), runtime.WithExecutorWorkers(1))
	// Output:
	// A got 7 <nil>
	// B got 7 <nil>
	// again got 7 <nil>
	// C got 0 runtime: cancelled
	// D got 0 runtime: cancelled
	// after the cancel: true
	// busy got 0 <nil>
	// the cancelled job ran: false
}

// async
func nilInputs() error {
	var zero runtime.Coro[int]
	_, err := runtime.Await(zero)
	fmt.Println("await:", err)
	t := runtime.Spawn(zero)
	_, err = runtime.Await(t)
	fmt.Println("spawn:", err)
	_, err = runtime.Await(runtime.ToThread[int](nil))
	fmt.Println("ToThread:", err)
	_, err = runtime.Await(runtime.Gather[int](nil))
	fmt.Println("Gather:", err)
	_, err = runtime.Await(runtime.WaitFor[int](nil, time.Second))
	fmt.Println("WaitFor:", err)
	var dst int
	_, err = runtime.Await(runtime.Into(&dst, (*runtime.Task[int])(nil)))
	fmt.Println("Into:", err)
	w, err := runtime.Await(runtime.Wait([]*runtime.Task[int]{nil}, runtime.AllCompleted, runtime.Forever))
	fmt.Println("Wait:", len(w.Done), err)
	_, err = runtime.Await(runtime.TimeoutUntil[struct{}](nil, runtime.Sleep(0)))
	fmt.Println("TimeoutUntil:", err)
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.Await(tg.Wait())
	_, err = runtime.Await(runtime.SpawnIn(tg, zero))
	fmt.Println("SpawnIn an ended group:", err)
	return nil
}

// Missing coroutines and functions fail with an error that says so, where
// asyncio raises TypeError, rather than with a nil dereference.
func Example_nilInputs() {
	runtime.Run(nilInputsAsync())
	_, err := runtime.Run(runtime.Coro[int]{})
	fmt.Println("Run:", err)
	// Output:
	// await: runtime: await of the zero Coro, which has no coroutine: await what FAsync(...) returns
	// spawn: runtime: the zero Coro has no coroutine: pass what FAsync(...) returns
	// ToThread: runtime: ToThread of a nil func: pass the function to call
	// Gather: runtime: a nil awaitable was given to Gather, Wait, WaitFor, Shield, AsCompleted or Into: pass a task, future or coroutine
	// WaitFor: runtime: a nil awaitable was given to Gather, Wait, WaitFor, Shield, AsCompleted or Into: pass a task, future or coroutine
	// Into: runtime: a nil awaitable was given to Gather, Wait, WaitFor, Shield, AsCompleted or Into: pass a task, future or coroutine
	// Wait: 0 runtime: Wait of a nil task: pass the tasks Spawn returned
	// TimeoutUntil: runtime: TimeoutUntil of a nil Deadline: pass one from NewDeadline or NewDeadlineAt
	// SpawnIn an ended group: runtime: task group has finished
	// Run: runtime: the zero Coro has no coroutine: pass what FAsync(...) returns
}
