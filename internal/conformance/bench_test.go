package conformance

import (
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

// chainDepth is the number of coroutines in BenchmarkAwaitChain's chain.
const chainDepth = 10

// BenchmarkAwaitChain awaits a chain of 10 generated coroutines that all
// complete at once; ns/level is the cost of one await of a coroutine, frame
// allocation included.
func BenchmarkAwaitChain(b *testing.B) {
	b.ReportAllocs()
	b.ResetTimer()
	got, err := runtime.Run(awaitChainsAsync(b.N, chainDepth-1))
	if err != nil || got != b.N*(chainDepth-1) {
		b.Fatalf("awaitChains = %d, %v", got, err)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/chainDepth, "ns/level")
}

// BenchmarkSpawnAwait spawns a trivial coroutine and awaits its task, as the
// runtime's hand-written BenchmarkSpawnAwait/runtime.
func BenchmarkSpawnAwait(b *testing.B) {
	b.ReportAllocs()
	if _, err := runtime.Run(spawnAwaitAsync(b.N)); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPingPong hands a value back and forth between two tasks through
// two queues, as the runtime's hand-written BenchmarkPingPong/runtime.
func BenchmarkPingPong(b *testing.B) {
	b.ReportAllocs()
	toPong, toPing := runtime.NewQueue[int](1), runtime.NewQueue[int](1)
	l := runtime.NewLoop()
	defer l.Close()
	runtime.SpawnOn(l, pingPong1Async(b.N, toPong, toPing, false))
	b.ResetTimer()
	if _, err := runtime.RunUntilComplete(l, pingPong1Async(b.N, toPing, toPong, true)); err != nil {
		b.Fatal(err)
	}
}

// queueItems go through the queue in one op of BenchmarkQueue.
const queueItems = 1_000_000

// BenchmarkQueue moves queueItems from a producer to a consumer task through
// a queue of capacity 64, as the runtime's hand-written
// BenchmarkQueue/runtime; ns/item is ns/op divided by queueItems.
func BenchmarkQueue(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		q := runtime.NewQueue[int](64)
		l := runtime.NewLoop()
		runtime.SpawnOn(l, produceAsync(q, queueItems))
		sum, err := runtime.RunUntilComplete(l, consumeAsync(q, queueItems))
		l.Close()
		if err != nil || sum != queueItems*(queueItems-1)/2 {
			b.Fatalf("consume = %d, %v", sum, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/queueItems, "ns/item")
}

// lockTasks contend for the lock in BenchmarkLock.
const lockTasks = 8

// BenchmarkLock: lockTasks tasks doing acquire, a yield, release, as the
// runtime's hand-written BenchmarkLock/runtime; an op is one round trip.
func BenchmarkLock(b *testing.B) {
	b.ReportAllocs()
	lk := runtime.NewLock()
	l := runtime.NewLoop()
	defer l.Close()
	var ts []*runtime.Task[struct{}]
	for i := range lockTasks {
		n := b.N / lockTasks
		if i < b.N%lockTasks {
			n++
		}
		ts = append(ts, runtime.SpawnOn(l, lockLoopAsync(lk, n)))
	}
	b.ResetTimer()
	if _, err := runtime.RunUntilComplete(l, awaitAllAsync(ts)); err != nil {
		b.Fatal(err)
	}
}
