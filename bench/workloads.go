package main

import (
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// The Go side of the workloads in asyncio_bench.py, line for line.

// trivial is a coroutine that returns at once, as asyncio_bench.py's.
//
// async
//
//asyncvet:ignore noawait -- a coroutine is what the workload measures
func trivial() {}

// async
func spawnGather(n int) (time.Duration, error) {
	start := time.Now()
	cs := make([]runtime.Awaitable[struct{}], n)
	for i := range cs {
		cs[i] = trivialAsync()
	}
	_, err := runtime.Await(runtime.Gather(cs...))
	return time.Since(start), err
}

// async
func ping(n int, in, out *runtime.Queue[int]) error {
	for i := range n {
		out.PutNowait(i)
		if _, err := runtime.Await(in.Get()); err != nil {
			return err
		}
	}
	return nil
}

// async
func pong(n int, in, out *runtime.Queue[int]) error {
	for range n {
		v, err := runtime.Await(in.Get())
		if err != nil {
			return err
		}
		out.PutNowait(v)
	}
	return nil
}

// async
func pingPong(n int) (time.Duration, error) {
	a, b := runtime.NewQueue[int](0), runtime.NewQueue[int](0)
	start := time.Now()
	p := runtime.Spawn(pongAsync(n, a, b))
	if _, err := runtime.Await(pingAsync(n, b, a)); err != nil {
		return 0, err
	}
	_, err := runtime.Await(p)
	return time.Since(start), err
}

// async
func sleeper() error {
	_, err := runtime.Await(runtime.Sleep(time.Hour))
	return err
}

// sleeping is what sleepers measures.
type sleeping struct {
	start     time.Duration // per sleeper, to spawn them and run each to its sleep
	rss, heap int64         // growth while they all sleep, in bytes
}

// async
func sleepers(n int) (sleeping, error) {
	rss0, heap0 := memory()
	start := time.Now()
	tasks := make([]*runtime.Task[struct{}], n)
	for i := range tasks {
		tasks[i] = runtime.Spawn(sleeperAsync())
	}
	_, _ = runtime.Await(runtime.Sleep(0)) // every sleeper runs to its sleep
	_, _ = runtime.Await(runtime.Sleep(0))
	elapsed := time.Since(start)
	rss1, heap1 := memory()
	for _, t := range tasks {
		t.Cancel()
	}
	aw := make([]runtime.Awaitable[struct{}], n)
	for i, t := range tasks {
		aw[i] = t
	}
	_, err := runtime.Await(runtime.GatherAll(aw...))
	return sleeping{start: elapsed / time.Duration(n), rss: rss1 - rss0, heap: heap1 - heap0}, err
}
