package unsupported

import (
	goruntime "runtime"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func pair() (int, string) { // want `//async function pair has results \(int, string\): want \(T, error\), T, error or no results \(return several values in a struct\)`
	return 0, ""
}

// failure is error under another name.
type failure = error

// async
func aliased() (int, failure) { // want `//async function aliased spells its error result failure, which is error but not its name: write error \(aliasedAsync's signature is read from the spelling before the package type-checks\)`
	_, err := runtime.Await(runtime.Sleep(0))
	return 0, err
}

// async
func places(ch chan int) error {
	f := func() {
		runtime.Await(runtime.Sleep(0)) // want `runtime.Await in a func literal: func literals cannot be //async; make the literal a named //async function and await its coroutine`
		runtime.Spawn(placesAsync(ch))  // want `runtime.Spawn in a func literal: func literals cannot be //async; spawn in the enclosing //async function or use runtime.SpawnOn`
	}
	f()
	defer runtime.Await(runtime.Sleep(0)) // want `runtime.Await in a defer statement: call it in a statement of its own before the defer and pass the result`
	defer func() {
		_, _ = runtime.Await(runtime.Sleep(0)) // want `runtime.Await in a func literal`
	}()
	defer runtime.Spawn(placesAsync(ch)) // want `runtime.Spawn in a defer statement`
	go runtime.Spawn(placesAsync(ch))    // want `runtime.Spawn in a go statement`
	select {
	case ch <- 1:
	default:
	}
	await := runtime.Await[struct{}] // want `runtime.Await used as a value`
	_ = await
	return nil
}

// async
func fine() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func silenced() error {
	//asyncvet:ignore -- nothing silences a refusal
	f := func() {
		runtime.Await(runtime.Sleep(0)) //asyncvet:ignore unsupported // want `runtime.Await in a func literal`
	}
	f()
	defer runtime.Await(runtime.Sleep(0)) //asyncvet:ignore deferawait // want `runtime.Await in a defer statement`
	return nil
}

// async
func exits(ch chan int) error {
	if len(ch) > 1 {
		goruntime.Goexit() // want `runtime.Goexit in an //async function would end the event loop's goroutine, not this task: return from the function instead`
	}
	defer goruntime.Goexit() // want `runtime.Goexit in an //async function`
	go func() {
		defer goruntime.Goexit() // another goroutine's: fine
	}()
	return nil
}

// async
func keep[asyncimpl any](v asyncimpl) asyncimpl { // want `type parameter asyncimpl of //async function keep hides package asyncimpl, which the generated code names: rename the type parameter`
	return v
}

// async
func same[same any](v same) same { // want `type parameter same of //async function same hides the function, which the generated code names: rename the type parameter`
	return v
}

type box[runtime any] struct{ v runtime }

// async
func (b *box[runtime]) get() int { // want `type parameter runtime of //async function get hides package runtime`
	return 0
}

// async
func pairUp[T any](v T) (T, error) {
	type pair[U any] struct {
		a T
		b U
	}
	p := pair[int]{v, 1} // want `type pair is a generic type declared inside a generic function and cannot be held in its frame across an await: declare it at package level, with the function's type parameters as well as its own`
	_, err := runtime.Await(runtime.Sleep(0))
	return p.a, err
}
