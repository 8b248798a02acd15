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
