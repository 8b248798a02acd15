package blocking

import (
	"bytes"
	"context"
	"maps"
	goruntime "runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// The standard library runs some func arguments before it returns, on the
// caller's goroutine: in an //async function, on the loop's.
//
// async
func runners(once *sync.Once, mu *sync.Mutex, xs []int, m map[string]int, s string, ch chan int, seen *sync.Map) {
	once.Do(func() {
		time.Sleep(time.Millisecond) // want `time.Sleep blocks the event loop: no await can go in a func literal: move the call out of it, then await runtime.Sleep\(d\)`
	})
	once.Do(func() { mu.Lock() })                                       // want `sync.Mutex.Lock blocks the event loop: no await can go in a func literal: move the call out of it, then use runtime.NewLock\(\) and await lock.Acquire\(\)`
	once.Do(mu.Lock)                                                    // want `sync.Mutex.Lock \(called by sync.Once.Do\) blocks the event loop: use runtime.NewLock\(\) and await lock.Acquire\(\)`
	once.Do((func() { time.Sleep(0) }))                                 // want `time.Sleep blocks the event loop`
	sort.Slice(xs, func(i, j int) bool { return <-ch > 0 })             // want `channel receive blocks the event loop`
	sort.SliceStable(xs, func(i, j int) bool { ch <- i; return false }) // want `channel send blocks the event loop`
	_ = sort.Search(len(xs), func(i int) bool { return <-ch > xs[i] })  // want `channel receive blocks the event loop`
	slices.SortFunc(xs, func(a, b int) int {
		mu.Lock() // want `sync.Mutex.Lock blocks the event loop`
		defer mu.Unlock()
		return a - b
	})
	_ = slices.IndexFunc(xs, func(x int) bool { return x == <-ch })       // want `channel receive blocks the event loop`
	_ = strings.Map(func(r rune) rune { time.Sleep(0); return r }, s)     // want `time.Sleep blocks the event loop`
	_ = bytes.IndexFunc([]byte(s), func(r rune) bool { return <-ch > 0 }) // want `channel receive blocks the event loop`
	maps.DeleteFunc(m, func(k string, v int) bool {
		time.Sleep(0) // want `time.Sleep blocks the event loop`
		return v == 0
	})
	seen.Range(func(k, v any) bool {
		return <-ch > 0 // want `channel receive blocks the event loop`
	})
	for x := range func(yield func(int) bool) {
		time.Sleep(0) // want `time.Sleep blocks the event loop`
		yield(1)
	} {
		_ = x
	}
	_ = slices.Collect(func(yield func(int) bool) {
		yield(<-ch) // want `channel receive blocks the event loop`
	})
}

var stored func()

func register(func()) {}

// Func literals that may run elsewhere, or later, are not reported.
//
// async
func notRun(ctx context.Context, mu *sync.Mutex, wg *sync.WaitGroup, xs []int, s string, ch chan int) {
	time.AfterFunc(time.Second, func() { time.Sleep(0) }) // on a goroutine of its own
	context.AfterFunc(ctx, func() { mu.Lock() })          // likewise
	wg.Go(func() { ch <- 1 })                             // likewise
	register(func() { time.Sleep(0) })                    // unknown: it may run anywhere
	stored = func() { time.Sleep(0) }                     // stored, not run here
	next := sync.OnceFunc(func() { time.Sleep(0) })       // not called here
	_ = next
	_ = strings.FieldsFuncSeq(s, func(r rune) bool { return <-ch > 0 }) // the sequence is not ranged over here
	go sort.Slice(xs, func(i, j int) bool { return <-ch > 0 })          // another goroutine
	go func() {
		step := func() { time.Sleep(0) }
		step() // another goroutine
	}()
	stored()
}

// runtime.Goexit in a func literal that runs on the loop ends the loop's
// goroutine; in one that runs on another goroutine it ends that one.
//
// async
func exitsInLiterals(once *sync.Once, xs []int, l *runtime.Loop) error {
	once.Do(func() { goruntime.Goexit() }) // want `runtime.Goexit in a func literal that runs on the event loop would end the loop's goroutine, not this task: return instead`
	func() {
		defer goruntime.Goexit() // want `runtime.Goexit in a func literal that runs on the event loop`
	}()
	stop := func() { goruntime.Goexit() } // want `runtime.Goexit in a func literal that runs on the event loop`
	stop()
	_, _ = l.CallSoon(func() { goruntime.Goexit() }) // want `runtime.Goexit in a func literal that runs on the event loop`
	once.Do(goruntime.Goexit)                        // want `runtime.Goexit \(called by sync.Once.Do on the event loop\) would end the loop's goroutine, not this task: return instead`
	_, _ = l.CallSoon(goruntime.Goexit)              // want `runtime.Goexit \(called by runtime.Loop.CallSoon on the event loop\) would end`
	go func() { goruntime.Goexit() }()               // its own goroutine: fine
	_, err := runtime.Await(runtime.ToThread(func() (int, error) {
		goruntime.Goexit() // a worker's: the await reports it
		return 0, nil
	}))
	return err
}
