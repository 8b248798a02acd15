package blocking

import (
	"os"
	"sync"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// The loop runs the callbacks given to it on its own goroutine: later, but
// while one blocks, no task runs. A callback cannot await.
//
// async
func callbacks(l *runtime.Loop, mu *sync.Mutex, wg *sync.WaitGroup, ch chan int, cond *runtime.Condition) error {
	_, _ = l.CallSoon(func() {
		time.Sleep(time.Millisecond) // want `time.Sleep blocks the event loop: no await can go in a callback: move the call into an //async function and spawn it as a task \(runtime.SpawnOn works in a callback\), then await runtime.Sleep\(d\)`
	})
	_, _ = l.CallLater(time.Second, func() { mu.Lock() })                   // want `sync.Mutex.Lock blocks the event loop: no await can go in a callback: move the call into an //async function and spawn it as a task \(runtime.SpawnOn works in a callback\), then use runtime.NewLock\(\) and await lock.Acquire\(\)`
	_, _ = l.CallAt(l.Now()+time.Second, func() { ch <- 1 })                // want `channel send blocks the event loop: no await can go in a callback: move the call into`
	_ = l.CallSoonThreadsafe(func() { <-ch })                               // want `channel receive blocks the event loop: no await can go in a callback: move the call into`
	_ = l.AddSignalHandler(os.Interrupt, func() { wg.Wait() })              // want `sync.WaitGroup.Wait blocks the event loop: no await can go in a callback: move the call into an //async function and spawn it as a task \(runtime.SpawnOn works in a callback\), then await the tasks \(runtime.Gather\), or wrap it in runtime.ToThread`
	_, _ = l.CallSoon(wg.Wait)                                              // want `sync.WaitGroup.Wait \(called by runtime.Loop.CallSoon\) blocks the event loop: no await can go in a callback: move the call into`
	_, _ = l.CallSoon(func() { sync.OnceFunc(func() { time.Sleep(0) })() }) // want `time.Sleep blocks the event loop: no await can go in a callback: move the call into`
	_, _ = l.CallSoon(func() { func() { _ = <-ch }() })                     // want `channel receive blocks the event loop: no await can go in a callback: move the call into`
	_, _ = l.CallLater(0, (func() { defer mu.Lock() }))                     // want `sync.Mutex.Lock blocks the event loop: no await can go in a callback: move the call into`
	step := func() {
		time.Sleep(0) // want `time.Sleep blocks the event loop: no await can go in a callback: move the call into`
	}
	_, _ = l.CallSoon(step)
	_, err := runtime.Await(cond.WaitFor(func() bool {
		return <-ch > 0 // want `channel receive blocks the event loop: no await can go in a predicate: move the call out of it, into a task that notifies the condition, then use a runtime.Queue and await q.Get\(\), or receive in a select with default`
	}))
	q := runtime.NewPriorityQueueFunc(0, func(a, b string) bool {
		mu.Lock() // want `sync.Mutex.Lock blocks the event loop: no await can go in a comparison: compute what it needs before the items are put, and if that blocks, use runtime.NewLock\(\) and await lock.Acquire\(\)`
		defer mu.Unlock()
		return a < b
	})
	_ = q.PutNowait("x")
	return err
}

type notLoop struct{}

func (notLoop) CallSoon(fn func()) {}

// Func literals given to the runtime that run off the loop, and callbacks
// registered outside //async functions, are not reported.
//
// async
func notOnLoop(l *runtime.Loop, n notLoop, mu *sync.Mutex, ch chan int) error {
	_, err := runtime.Await(runtime.ToThread(func() (struct{}, error) {
		time.Sleep(time.Millisecond) // on a worker goroutine
		mu.Lock()
		ch <- 1
		_ = l.CallSoonThreadsafe(func() {}) // the way back to the loop
		return struct{}{}, nil
	}))
	n.CallSoon(func() { time.Sleep(0) }) // not the runtime's loop
	schedule(l, mu)
	return err
}

func schedule(l *runtime.Loop, mu *sync.Mutex) {
	_, _ = l.CallSoon(func() { mu.Lock() }) // outside an //async function: not checked
}
