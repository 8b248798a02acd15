package outsideasync

import (
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func fetch(id int) (string, error) {
	_, err := runtime.Await(runtime.Sleep(time.Duration(id)))
	t := runtime.Spawn(fetchAsync(id - 1))
	_, err = runtime.Await(t)
	return "", err
}

// Go generate refuses intrinsics in the func literals of an //async
// function: unsupported reports them, and this rule leaves them alone.
//
// async
func literal() error {
	f := func() {
		runtime.Await(runtime.Sleep(0))
		runtime.Spawn(fetchAsync(1))
	}
	f()
	g := func() {
		runtime.Spawn(fetchAsync(1))
	}
	g()
	defer func() {
		runtime.Await(runtime.Sleep(0))
	}()
	_, err := runtime.Await(fetchAsync(2))
	return err
}

func plain() {
	runtime.Await(fetchAsync(1)) // want `runtime.Await outside an //async function: mark plain //async and run go generate, or run the coroutine with runtime.Run`
	runtime.Spawn(fetchAsync(1)) // want `runtime.Spawn outside an //async function: mark plain //async and run go generate, or use runtime.SpawnOn\(loop, c\)`
	go func() {
		runtime.Await(runtime.Sleep(1)) // want `runtime.Await in a func literal, which is not async: make the literal a named //async function and run its coroutine with runtime.Run, or await or spawn it from an //async function`
	}()
}

func handler() func() {
	return func() {
		runtime.Spawn(fetchAsync(1)) // want `runtime.Spawn in a func literal, which is not async`
	}
}

var h = func() {
	runtime.Await(runtime.Sleep(0)) // want `runtime.Await in a func literal, which is not async`
}

var v, _ = runtime.Await(runtime.Sleep(0)) // want `runtime.Await outside an //async function: run the coroutine with runtime.Run`

func fine() {
	_, _ = runtime.Run(fetchAsync(1))
	l := runtime.NewLoop()
	defer l.Close()
	_ = runtime.SpawnOn(l, fetchAsync(2))
}

// An intrinsic taken as a value panics when called.
func asValue(c runtime.Coro[string]) (string, error) {
	await := runtime.Await[string]  // want `runtime.Await used as a value, which panics when called: call runtime.Await directly in an //async function`
	apply(runtime.Spawn[string], c) // want `runtime.Spawn used as a value`
	return await(c)
}

func apply(f func(runtime.Coro[string]) *runtime.Task[string], c runtime.Coro[string]) { f(c) }

// A function whose results no //async function may have is told to change
// them first.
func stats() (n, m int, err error) {
	_, err = runtime.Await(runtime.Sleep(0)) // want `runtime.Await outside an //async function: stats cannot be //async with its results \(want \(T, error\), T, error or none\): change them and mark it //async, or run the coroutine with runtime.Run`
	return
}
