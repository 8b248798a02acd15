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

// pingPong1 is one side of a ping-pong through two queues, exactly the
// function whose hand-written frame the runtime's BenchmarkPingPong runs.
//
// async
func pingPong1(n int, in, out *runtime.Queue[int], first bool) {
	for i := 0; i < n; i++ {
		if first {
			out.PutNowait(i)
		}
		v, _ := runtime.Await(in.Get())
		if !first {
			out.PutNowait(v)
		}
	}
}

// produce and consume move n items through a queue, the functions whose
// hand-written frames the runtime's BenchmarkQueue runs.
//
// async
func produce(q *runtime.Queue[int], n int) error {
	for i := range n {
		if _, err := runtime.Await(q.Put(i)); err != nil {
			return err
		}
	}
	return nil
}

// async
func consume(q *runtime.Queue[int], n int) (sum int, err error) {
	for range n {
		v, err := runtime.Await(q.Get())
		if err != nil {
			return sum, err
		}
		sum += v
	}
	return sum, nil
}

// lockLoop is one of the contending tasks of the runtime's BenchmarkLock.
//
// async
func lockLoop(lk *runtime.Lock, n int) {
	for range n {
		runtime.Await(lk.Acquire())
		runtime.Await(runtime.Sleep(0))
		lk.Release()
	}
}

// async
func awaitAll(ts []*runtime.Task[struct{}]) {
	for _, t := range ts {
		runtime.Await(t)
	}
}
