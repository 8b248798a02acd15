package noawait

import (
	"cases/lib"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func sum(xs []int) int { // want `async function sum never awaits \(warning\): drop //async and call it directly, or await something`
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// async
func literalOnly() { // want `async function literalOnly never awaits`
	f := func() { runtime.Await(runtime.Sleep(0)) }
	_ = f
}

// async
func awaits() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func spawns() {
	runtime.Spawn(awaitsAsync())
	runtime.Await(sumAsync([]int{1}))
	runtime.Spawn(spawnedAsync())
	h := handlerAsync
	_ = h
	runtime.Await(runtime.Gather(gatheredAsync()))
}

// Coroutines used other than awaited at once stay coroutines.

// async
func spawned() {}

// async
func handler() {}

// async
func gathered() int { return 1 }

// Exported, and not used here: its uses are elsewhere.
//
// async
func Exported() {}

func plain() {}

type box[T any] struct{ v T }

// A method of a generic type whose coroutine is spawned stays a coroutine.
//
// async
func (b *box[T]) get() T { return b.v }

// async
func spawnsGeneric() (int, error) {
	t := runtime.Spawn((&box[int]{v: 1}).getAsync())
	return runtime.Await(t)
}

type job interface{ runAsync() runtime.Coro[struct{}] }

type printJob struct{}

// A method whose coroutine may satisfy an interface stays a coroutine.
//
// async
func (printJob) run() {}

// async
func runAll(jobs []job) error {
	for _, j := range jobs {
		if _, err := runtime.Await(j.runAsync()); err != nil {
			return err
		}
	}
	return nil
}

var _ = []job{printJob{}}

// A function awaited on the spot, whose generated code (noawait's
// a_async.go stands in for it) calls its FAsync otherwise: still a
// warning, the generated code does not count.
//
// async
func onTheSpot() int { return 1 } // want `async function onTheSpot never awaits`

// async
func usesOnTheSpot() (int, error) {
	runtime.Await(runtime.Sleep(0))
	return runtime.Await(onTheSpotAsync())
}

type echo struct{}

// An exported method whose coroutine serves an interface of another
// package, through a call's parameter: it must stay a coroutine.
//
// async
func (echo) Serve() {}

// async
func registers() {
	runtime.Await(runtime.Sleep(0))
	lib.Register(echo{})
	runtime.Await(echo{}.ServeAsync())
}

// An exported function may be used as a coroutine by other packages,
// whatever this one does with it.
//
// async
func Exp() int { return 1 }

// async
func usesExp() (int, error) {
	runtime.Await(runtime.Sleep(0))
	return runtime.Await(ExpAsync())
}

// async
func goes() {
	runtime.Await(runtime.Sleep(0))
	lib.GoIt(goer{})
	runtime.Await(goer{}.GoAsync())
}

type goer struct{}

// A method whose coroutine a generic function of another package asks for
// through its constraint: it must stay a coroutine.
//
// async
func (goer) Go() {}
