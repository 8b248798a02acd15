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

// BenchmarkPingPong hands a value back and forth between two tasks: through
// two queues, and through futures exactly as the runtime's hand-written
// BenchmarkPingPong/runtime.
func BenchmarkPingPong(b *testing.B) {
	b.Run("queue", func(b *testing.B) {
		b.ReportAllocs()
		toPing, toPong := runtime.NewQueue[int](0), runtime.NewQueue[int](0)
		l := runtime.NewLoop()
		defer l.Close()
		runtime.SpawnOn(l, pongAsync(b.N, toPong, toPing))
		if _, err := runtime.RunUntilComplete(l, pingAsync(b.N, toPing, toPong)); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("future", func(b *testing.B) {
		b.ReportAllocs()
		toPong, toPing := runtime.NewFuture[int](), runtime.NewFuture[int]()
		l := runtime.NewLoop()
		defer l.Close()
		runtime.SpawnOn(l, pingFuturesAsync(-1, b.N-1, &toPong, &toPing))
		if _, err := runtime.RunUntilComplete(l, pingFuturesAsync(0, b.N, &toPing, &toPong)); err != nil {
			b.Fatal(err)
		}
	})
}
