package conformance

import "github.com/asyncgen/asyncgen/runtime"

// This file: the //async functions that bench_test.go measures, the
// generated counterparts of the runtime's hand-written benchmark frames.

// chain awaits a chain of n+1 coroutines (n, n-1, ..., 0) that all complete
// without suspending.
//
// async
func chain(n int) int {
	if n == 0 {
		return 0
	}
	v, _ := runtime.Await(chainAsync(n - 1))
	return v + 1
}

// awaitChains awaits iters chains of depth+1 coroutines.
//
// async
func awaitChains(iters, depth int) int {
	sum := 0
	for i := 0; i < iters; i++ {
		v, _ := runtime.Await(chainAsync(depth))
		sum += v
	}
	return sum
}

// async
func trivial() {}

// async
func spawnAwait(n int) {
	for i := 0; i < n; i++ {
		runtime.Await(runtime.Spawn(trivialAsync()))
	}
}

// ping and pong hand a value back and forth through two queues.
//
// async
func ping(n int, in, out *runtime.Queue[int]) {
	for i := 0; i < n; i++ {
		out.PutNowait(i)
		runtime.Await(in.Get())
	}
}

// async
func pong(n int, in, out *runtime.Queue[int]) {
	for i := 0; i < n; i++ {
		v, _ := runtime.Await(in.Get())
		out.PutNowait(v)
	}
}

// pingFutures is the runtime's hand-written pingFrame: one side of a
// ping-pong that hands off through a fresh Future each time.
//
// async
func pingFutures(start, n int, in, out **runtime.Future[int]) {
	for i := start; i < n; i++ {
		(*out).SetResult(i)
		runtime.Await(*in)
		*in = runtime.NewFuture[int]()
	}
}
