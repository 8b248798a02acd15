package runtime

import (
	"slices"
	"testing"
	"time"
)

// BenchmarkWakeup measures how long a loop parked with nothing to do takes
// to run a callback sent by another goroutine with CallSoonThreadsafe, for
// both ways the Linux poller can park: in Go's netpoller (the default) and in
// a raw epoll_wait, and for the channel a loop without descriptors parks
// on. The sender waits until the loop is parked before each
// send, so every iteration measures a full wake-up.
func BenchmarkWakeup(b *testing.B) {
	for _, mode := range []struct {
		name    string
		raw, ch bool
	}{{"netpoll", false, false}, {"epoll_wait", true, false}, {"channel", false, true}} {
		b.Run(mode.name, func(b *testing.B) {
			l := NewLoop()
			defer l.Close()
			if mode.raw {
				l.poller.useRawEpoll()
			}
			if !mode.ch {
				l.poller.open(&l.inbox) // as a loop with a socket would
			}
			done := make(chan time.Duration)
			stop := NewFuture[struct{}]()
			go func() {
				lat := make([]time.Duration, 0, b.N)
				for i := 0; i < b.N; i++ {
					for !l.inbox.sleeping.Load() {
						time.Sleep(time.Microsecond)
					}
					t0 := time.Now()
					l.CallSoonThreadsafe(func() { done <- time.Since(t0) })
					lat = append(lat, <-done)
				}
				slices.Sort(lat)
				var sum time.Duration
				for _, d := range lat {
					sum += d
				}
				b.ReportMetric(float64(sum.Microseconds())/float64(len(lat)), "µs/wake")
				b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
				b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
				l.CallSoonThreadsafe(func() { stop.SetResult(struct{}{}) })
			}()
			b.ResetTimer()
			RunUntilComplete(l, script(await(func() Awaitable[struct{}] { return stop }, nil)))
		})
	}
}
