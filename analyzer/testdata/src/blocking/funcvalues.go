package blocking

import (
	"io"
	"sort"
	"sync"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// A local variable assigned once, from a blocking function or method,
// blocks where it is called.
//
// async
func funcValues(r io.Reader, mu *sync.Mutex, l sync.Locker, wg *sync.WaitGroup, pick bool, fs []func(time.Duration), more func() func(time.Duration)) error {
	nap := time.Sleep
	nap(time.Millisecond) // want `time.Sleep \(called through nap\) blocks the event loop: await runtime.Sleep\(d\)`
	var lock = mu.Lock
	lock() // want `sync.Mutex.Lock \(called through lock\) blocks the event loop: use runtime.NewLock\(\) and await lock.Acquire\(\)`
	mu.Unlock()
	acquire := l.Lock
	acquire() // want `sync.Locker.Lock \(called through acquire\) blocks the event loop`
	l.Unlock()
	wait := (*sync.WaitGroup).Wait
	wait(wg) // want `sync.WaitGroup.Wait \(called through wait\) blocks the event loop`
	read := io.ReadAll
	again := read
	b, err := again(r) // want `io.ReadAll \(called through again\) blocks the event loop: wrap it in runtime.ToThread`
	_ = b

	// Not known: assigned twice, chosen at run time, a parameter, or called
	// on another goroutine.
	sleep := time.Sleep
	if pick {
		sleep = func(time.Duration) {}
	}
	sleep(time.Millisecond)
	var other func(time.Duration)
	other = time.Sleep
	other(time.Millisecond)
	fs[0](time.Millisecond)
	sleeper()(time.Millisecond)
	more()(time.Millisecond)
	snooze := time.Sleep
	go snooze(time.Millisecond)
	return err
}

// A func literal held in a local variable that is never assigned again runs
// where the variable is called, or where a runner calls it.
//
// async
func literalValues(once *sync.Once, mu *sync.Mutex, xs []int, ch chan int) {
	less := func(i, j int) bool {
		return <-ch < 0 // want `channel receive blocks the event loop`
	}
	sort.Slice(xs, less)
	setup := func() {
		mu.Lock() // want `sync.Mutex.Lock blocks the event loop`
		mu.Unlock()
	}
	once.Do(setup)
	step := func() {
		time.Sleep(0) // want `time.Sleep blocks the event loop`
	}
	step()
	step() // reported once, in the literal
	again := step
	again()
	seq := func(yield func(int) bool) {
		yield(<-ch) // want `channel receive blocks the event loop`
	}
	for x := range seq {
		_ = x
	}
	defer func() {
		done := func() { mu.Lock() } // want `sync.Mutex.Lock blocks the event loop`
		done()
	}()

	// The results of sync.OnceFunc and OnceValue run their argument when
	// they are called.
	first := sync.OnceValue(func() int {
		return <-ch // want `channel receive blocks the event loop`
	})
	_ = first()
	sync.OnceFunc(func() { time.Sleep(0) })() // want `time.Sleep blocks the event loop`
	lock := sync.OnceFunc(mu.Lock)
	lock() // want `sync.Mutex.Lock \(called through lock\) blocks the event loop`

	// Not known, or not run here.
	work := func() { mu.Lock() } // passed on, never called here
	register(work)
	twice := func() { time.Sleep(0) } // assigned again below: its value is not known
	twice = func() {}
	twice()
	var later func()
	later = func() { time.Sleep(0) } // declared without it
	later()
	taken := func() { time.Sleep(0) } // its address is taken: it may change
	reassign(&taken)
	taken()
	offload := func() (struct{}, error) {
		time.Sleep(0) // on the executor
		return struct{}{}, nil
	}
	runtime.Await(runtime.ToThread(offload))
	elsewhere := func() { time.Sleep(0) }
	go func() {
		elsewhere() // another goroutine
	}()
}

func reassign(*func()) {}

func sleeper() func(time.Duration) { return time.Sleep }
