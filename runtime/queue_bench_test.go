package runtime

import (
	stdruntime "runtime"
	"sync"
	"testing"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// Benchmarks of the queue and the lock against their Go peers, run in the
// same benchmark so that they share the machine's state:
//
//	go test -run '^$' -bench 'BenchmarkQueue|BenchmarkLock' -benchmem ./runtime/
//
// The frames below are what asyncgen generates for the loops in their doc
// comments, written by hand so the runtime is measured on its own.

// queueItems go through the queue in one op of BenchmarkQueue.
const queueItems = 1_000_000

// BenchmarkQueue moves queueItems from one producer to one consumer through
// a queue of capacity 64. Peer: a buffered channel of 64 between two
// goroutines. ns/item is ns/op divided by queueItems.
func BenchmarkQueue(b *testing.B) {
	b.Run("runtime", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			q := NewQueue[int](64)
			l := NewLoop()
			SpawnOn(l, produce(q, queueItems))
			sum, err := RunUntilComplete(l, consume(q, queueItems))
			l.Close()
			if err != nil || sum != queueItems*(queueItems-1)/2 {
				b.Fatalf("consumer: sum %d, err %v", sum, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/queueItems, "ns/item")
	})
	b.Run("channel", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			ch := make(chan int, 64)
			var wg sync.WaitGroup
			var sum int
			wg.Add(2)
			go func() {
				defer wg.Done()
				for i := range queueItems {
					ch <- i
				}
				close(ch)
			}()
			go func() {
				defer wg.Done()
				for v := range ch {
					sum += v
				}
			}()
			wg.Wait()
			if sum != queueItems*(queueItems-1)/2 {
				b.Fatalf("consumer: sum %d", sum)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/queueItems, "ns/item")
	})
}

// lockTasks contend for the lock in BenchmarkLock.
const lockTasks = 8

// BenchmarkLock: lockTasks tasks contend for a Lock, each doing acquire, a
// yield, release; an op is one such round trip. Peer: lockTasks goroutines
// doing sync.Mutex Lock, runtime.Gosched, Unlock.
func BenchmarkLock(b *testing.B) {
	b.Run("runtime", func(b *testing.B) {
		b.ReportAllocs()
		lk := NewLock()
		l := NewLoop()
		defer l.Close()
		var ts []*Task[struct{}]
		for i := range lockTasks {
			ts = append(ts, SpawnOn(l, lockLoop(lk, share(b.N, i))))
		}
		b.ResetTimer()
		if _, err := RunUntilComplete(l, awaitAll(ts)); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("mutex", func(b *testing.B) {
		b.ReportAllocs()
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range lockTasks {
			wg.Add(1)
			go func(n int) {
				defer wg.Done()
				for range n {
					mu.Lock()
					stdruntime.Gosched()
					mu.Unlock()
				}
			}(share(b.N, i))
		}
		wg.Wait()
	})
}

// share is worker i's part of n round trips.
func share(n, i int) int {
	s := n / lockTasks
	if i < n%lockTasks {
		s++
	}
	return s
}

// produceFrame is
//
//	//async
//	func produce(q *runtime.Queue[int], n int) error {
//		for i := range n {
//			if _, err := runtime.Await(q.Put(i)); err != nil {
//				return err
//			}
//		}
//		return nil
//	}
type produceFrame struct {
	asyncimpl.Base[struct{}]
	q    *Queue[int]
	n, i int
	a0   QueuePut[int]
}

var produceFunc = &asyncimpl.Func{Name: "runtime.produce", File: "queue_bench_test.go"}

func produce(q *Queue[int], n int) Coro[struct{}] {
	f := &produceFrame{q: q, n: n}
	return asyncimpl.NewCoro[struct{}](f, &f.Base, produceFunc)
}

func (f *produceFrame) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	for {
		var err error
		switch f.State {
		case 0:
			if f.i >= f.n {
				return asyncimpl.Return
			}
			a := f.q.Put(f.i)
			f.State = 1
			if st := t.Polled(a.Poll(t)); st != Ready {
				f.a0 = a
				return st
			}
			_, err = a.Result()
		case 1: // the await's resume state
			if t.Interrupted {
				err = t.Cancelled()
			} else {
				if st := t.Polled(f.a0.Poll(t)); st != Ready {
					return st
				}
				_, err = f.a0.Result()
			}
			f.a0 = QueuePut[int]{}
		}
		if err != nil {
			f.Err = err
			return asyncimpl.Return
		}
		f.i++
		f.State = 0
	}
}

// consumeFrame is
//
//	//async
//	func consume(q *runtime.Queue[int], n int) (sum int, err error) {
//		for range n {
//			v, err := runtime.Await(q.Get())
//			if err != nil {
//				return sum, err
//			}
//			sum += v
//		}
//		return sum, nil
//	}
type consumeFrame struct {
	asyncimpl.Base[int]
	q    *Queue[int]
	n, i int
	a0   QueueGet[int]
}

var consumeFunc = &asyncimpl.Func{Name: "runtime.consume", File: "queue_bench_test.go"}

func consume(q *Queue[int], n int) Coro[int] {
	f := &consumeFrame{q: q, n: n}
	return asyncimpl.NewCoro[int](f, &f.Base, consumeFunc)
}

func (f *consumeFrame) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	for {
		var v int
		var err error
		switch f.State {
		case 0:
			if f.i >= f.n {
				return asyncimpl.Return
			}
			a := f.q.Get()
			f.State = 1
			if st := t.Polled(a.Poll(t)); st != Ready {
				f.a0 = a
				return st
			}
			v, err = a.Result()
		case 1: // the await's resume state
			if t.Interrupted {
				err = t.Cancelled()
			} else {
				if st := t.Polled(f.a0.Poll(t)); st != Ready {
					return st
				}
				v, err = f.a0.Result()
			}
			f.a0 = QueueGet[int]{}
		}
		if err != nil {
			f.Err = err
			return asyncimpl.Return
		}
		f.Val += v
		f.i++
		f.State = 0
	}
}

// lockLoopFrame is
//
//	//async
//	func lockLoop(lk *runtime.Lock, n int) {
//		for range n {
//			runtime.Await(lk.Acquire())
//			runtime.Await(runtime.Sleep(0))
//			lk.Release()
//		}
//	}
type lockLoopFrame struct {
	asyncimpl.Base[struct{}]
	lk   *Lock
	n, i int
	a0   Awaitable[struct{}]
	a1   Delay
}

var lockLoopFunc = &asyncimpl.Func{Name: "runtime.lockLoop", File: "queue_bench_test.go"}

func lockLoop(lk *Lock, n int) Coro[struct{}] {
	f := &lockLoopFrame{lk: lk, n: n}
	return asyncimpl.NewCoro[struct{}](f, &f.Base, lockLoopFunc)
}

func (f *lockLoopFrame) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	for {
		switch f.State {
		case 0:
			if f.i >= f.n {
				return asyncimpl.Return
			}
			a := f.lk.Acquire()
			f.State = 2
			if st := t.Polled(a.Poll(t)); st != Ready {
				f.a0 = a
				return st
			}
			a.Result()
			fallthrough
		case 1:
			d := Sleep(0)
			f.State = 3
			if st := t.Polled(d.Poll(t)); st != Ready {
				f.a1 = d
				return st
			}
			d.Result()
		case 2: // the resume state of the Acquire
			if t.Interrupted {
				t.Cancelled()
			} else {
				if st := t.Polled(f.a0.Poll(t)); st != Ready {
					return st
				}
				f.a0.Result()
			}
			f.a0 = nil
			f.State = 1
			continue
		case 3: // the resume state of the Sleep
			if t.Interrupted {
				t.Cancelled()
			} else {
				if st := t.Polled(f.a1.Poll(t)); st != Ready {
					return st
				}
				f.a1.Result()
			}
		}
		f.lk.Release()
		f.i++
		f.State = 0
	}
}

// awaitAllFrame is
//
//	//async
//	func awaitAll(ts []*runtime.Task[struct{}]) {
//		for _, t := range ts {
//			runtime.Await(t)
//		}
//	}
type awaitAllFrame struct {
	asyncimpl.Base[struct{}]
	ts []*Task[struct{}]
	i  int
}

var awaitAllFunc = &asyncimpl.Func{Name: "runtime.awaitAll", File: "queue_bench_test.go"}

func awaitAll(ts []*Task[struct{}]) Coro[struct{}] {
	f := &awaitAllFrame{ts: ts}
	return asyncimpl.NewCoro[struct{}](f, &f.Base, awaitAllFunc)
}

func (f *awaitAllFrame) Step(t *asyncimpl.Task) asyncimpl.Status {
	t.Rethrow()
	for ; f.i < len(f.ts); f.i++ {
		if t.Interrupted {
			t.Cancelled()
		} else {
			if st := t.Polled(f.ts[f.i].Poll(t)); st != Ready {
				return st
			}
			f.ts[f.i].Result()
		}
	}
	return asyncimpl.Return
}
