package runtime

import (
	"math/rand/v2"
	stdruntime "runtime"
	"sync"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// The frames below are what asyncgen generates for the loops in their doc
// comments, written by hand so the runtime can be measured on its own.

// spawnAwaitFrame is
//
//	//async
//	func spawnAwait(n int) {
//		for i := 0; i < n; i++ {
//			runtime.Await(runtime.Spawn(trivialAsync()))
//		}
//	}
type spawnAwaitFrame struct {
	asyncimpl.Base[struct{}]
	n, i int
	t    *Task[struct{}]
}

func (f *spawnAwaitFrame) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	for {
		switch f.State {
		case 0:
			if f.i >= f.n {
				return asyncimpl.Return
			}
			a := spawn_trivial(t)
			f.State = 1
			if st := t.Polled(a.Poll(t)); st != Ready {
				f.t = a
				return st
			}
			a.Result()
			f.i++
			f.State = 0
		case 1: // the await's resume state
			if t.Interrupted {
				t.Cancelled()
			} else {
				if st := t.Polled(f.t.Poll(t)); st != Ready {
					return st
				}
				f.t.Result()
			}
			f.t = nil
			f.i++
			f.State = 0
		}
	}
}

type trivialFrame struct{ asyncimpl.Base[struct{}] }

var trivialFunc = &asyncimpl.Func{Name: "runtime.trivial", File: "bench_test.go"}

func trivial() Coro[struct{}] {
	f := &trivialFrame{}
	return asyncimpl.NewCoro[struct{}](f, &f.Base, trivialFunc)
}

func (f *trivialFrame) Step(t *asyncimpl.Task) asyncimpl.Status { return asyncimpl.Return }

// spawn_trivial is runtime.Spawn(trivialAsync()) in an //async function of
// the package that declares trivial: the task and the frame in one
// allocation.
func spawn_trivial(t *asyncimpl.Task) *Task[struct{}] {
	return asyncimpl.Spawn[Task[struct{}]](t, trivialFunc, trivialFrame{})
}

func coro[F interface {
	asyncimpl.Frame
	*S
}, S any](f F, b *asyncimpl.Base[struct{}]) Coro[struct{}] {
	return asyncimpl.NewCoro[struct{}](f, b, trivialFunc)
}

func BenchmarkSpawnAwait(b *testing.B) {
	b.Run("runtime", func(b *testing.B) {
		b.ReportAllocs()
		f := &spawnAwaitFrame{n: b.N}
		if _, err := Run(coro(f, &f.Base)); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("goroutine", func(b *testing.B) {
		b.ReportAllocs()
		var wg sync.WaitGroup
		for i := 0; i < b.N; i++ {
			wg.Add(1)
			go wg.Done()
			wg.Wait()
		}
	})
}

// pingFrame is one side of
//
//	//async
//	func ping(n int, in, out *runtime.Queue[int], first bool) {
//		for i := 0; i < n; i++ {
//			if first { out.PutNowait(i) }
//			v, _ := runtime.Await(in.Get())
//			if !first { out.PutNowait(v) }
//		}
//	}
type pingFrame struct {
	asyncimpl.Base[struct{}]
	n, i    int
	in, out *Queue[int]
	first   bool
	a       QueueGet[int]
}

func (f *pingFrame) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	for {
		var v int
		switch f.State {
		case 0:
			if f.i >= f.n {
				return asyncimpl.Return
			}
			if f.first {
				f.out.PutNowait(f.i)
			}
			a := f.in.Get()
			f.State = 1
			if st := t.Polled(a.Poll(t)); st != Ready {
				f.a = a
				return st
			}
			v, _ = a.Result()
		case 1: // the await's resume state
			if t.Interrupted {
				t.Cancelled()
			} else {
				if st := t.Polled(f.a.Poll(t)); st != Ready {
					return st
				}
				v, _ = f.a.Result()
			}
			f.a = QueueGet[int]{}
		}
		if !f.first {
			f.out.PutNowait(v)
		}
		f.i++
		f.State = 0
	}
}

func BenchmarkPingPong(b *testing.B) {
	b.Run("runtime", func(b *testing.B) {
		b.ReportAllocs()
		toPong, toPing := NewQueue[int](1), NewQueue[int](1)
		l := NewLoop()
		ping := &pingFrame{n: b.N, in: toPing, out: toPong, first: true}
		pong := &pingFrame{n: b.N, in: toPong, out: toPing}
		SpawnOn(l, coro(pong, &pong.Base))
		b.ResetTimer()
		if _, err := RunUntilComplete(l, coro(ping, &ping.Base)); err != nil {
			b.Fatal(err)
		}
		l.Close()
	})
	b.Run("channel", func(b *testing.B) {
		b.ReportAllocs()
		ping, pong := make(chan int), make(chan int)
		go func() {
			for v := range ping {
				pong <- v
			}
		}()
		for i := 0; i < b.N; i++ {
			ping <- i
			<-pong
		}
		close(ping)
	})
}

// sleeperFrame is
//
//	//async
//	func sleeper(d time.Duration) { runtime.Await(runtime.Sleep(d)) }
type sleeperFrame struct {
	asyncimpl.Base[struct{}]
	d time.Duration
	a Delay
}

func (f *sleeperFrame) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	switch f.State {
	case 0:
		a := Sleep(f.d)
		f.State = 1
		if st := t.Polled(a.Poll(t)); st != Ready {
			f.a = a
			return st
		}
		a.Result()
	case 1: // the await's resume state
		if t.Interrupted {
			t.Cancelled()
		} else {
			if st := t.Polled(f.a.Poll(t)); st != Ready {
				return st
			}
			f.a.Result()
		}
	}
	return asyncimpl.Return
}

const sleepers = 100_000

func heapInUse() uint64 {
	stdruntime.GC()
	var m stdruntime.MemStats
	stdruntime.ReadMemStats(&m)
	return m.HeapAlloc + m.StackInuse
}

func BenchmarkSleepers(b *testing.B) {
	b.Run("runtime", func(b *testing.B) {
		var perTask float64
		for i := 0; i < b.N; i++ {
			l := NewLoop()
			ready := make([]*Task[struct{}], 0, sleepers)
			before := heapInUse()
			for j := 0; j < sleepers; j++ {
				f := &sleeperFrame{d: time.Millisecond}
				ready = append(ready, SpawnOn(l, coro(f, &f.Base)))
			}
			// One pass starts every task; each is then asleep on its timer.
			l.runOnce()
			perTask = float64(heapInUse()-before-uint64(cap(ready))*8) / sleepers
			for l.tasks.len() > 0 {
				l.runOnce()
			}
			l.Close()
		}
		b.ReportMetric(perTask, "B/task")
	})
	b.Run("goroutine", func(b *testing.B) {
		var perTask float64
		for i := 0; i < b.N; i++ {
			var wg, started sync.WaitGroup
			release := make(chan struct{})
			before := heapInUse()
			wg.Add(sleepers)
			started.Add(sleepers)
			for j := 0; j < sleepers; j++ {
				go func() {
					defer wg.Done()
					started.Done()
					<-release
					time.Sleep(time.Millisecond)
				}()
			}
			started.Wait()
			perTask = float64(heapInUse()-before) / sleepers
			close(release)
			wg.Wait()
		}
		b.ReportMetric(perTask, "B/task")
	})
}

func BenchmarkTimers(b *testing.B) {
	b.Run("runtime", func(b *testing.B) {
		b.ReportAllocs()
		const n = 1_000_000
		for i := 0; i < b.N; i++ {
			l := NewLoop(WithClock(NewVirtualClock()))
			r := rand.New(rand.NewPCG(1, 2))
			fired := 0
			fire := func() { fired++ }
			for j := 0; j < n; j++ {
				l.CallLater(time.Duration(r.Int64N(int64(100*time.Millisecond))), fire)
			}
			for fired < n {
				l.runOnce()
			}
			l.Close()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/timer")
	})
}
