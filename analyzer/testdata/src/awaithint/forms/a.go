// Package forms has the type errors of calls of //async functions passed
// where their coroutines are expected, and of others like them that are
// not: each line says the hint for its error, or that it has none.
package forms

import (
	"cases/lib"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func fetch(id int) (string, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return "x", err
}

// async
func ping() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func work() {
	_, _ = runtime.Await(runtime.Sleep(0))
}

// async
func pair[T any](v T) (T, error) { return v, nil }

type box struct{}

// async
func (box) get(n int) (int, error) { return n, nil }

func plain(id int) (string, error) { return "", nil }

func other(a any) {}

// async
func use(s *lib.Store) error {
	_, err := runtime.Await(fetch(1))    // hint: fetch is //async: runtime.Await takes its coroutine, fetchAsync(1)
	_, err = runtime.Await((fetch(2)))   // hint: fetch is //async: runtime.Await takes its coroutine, fetchAsync(2)
	_, err = runtime.Await(ping())       // hint: ping is //async: runtime.Await takes its coroutine, pingAsync()
	_, err = runtime.Await(work())       // hint: work is //async: runtime.Await takes its coroutine, workAsync()
	_, err = runtime.Await(pair[int](3)) // hint: pair is //async: runtime.Await takes its coroutine, pairAsync[int](3)
	_ = runtime.Spawn(fetch(4))          // hint: fetch is //async: runtime.Spawn takes its coroutine, fetchAsync(4)
	var b box
	_, err = runtime.Await(b.get(5))                   // hint: box.get is //async: runtime.Await takes its coroutine, b.getAsync(5)
	_, err = runtime.Await(lib.Get(6))                 // hint: lib.Get is //async: runtime.Await takes its coroutine, lib.GetAsync(6)
	_, err = runtime.Await(s.Load("k"))                // hint: lib.Store.Load is //async: runtime.Await takes its coroutine, s.LoadAsync("k")
	_, err = runtime.Await(runtime.Gather(fetch(7)))   // hint: fetch is //async: runtime.Gather takes its coroutine, fetchAsync(7)
	_, err = runtime.Await(runtime.WaitFor(ping(), 0)) // hint: ping is //async: runtime.WaitFor takes its coroutine, pingAsync()
	_, err = runtime.Await(fetch(                      // hint: fetch is //async: runtime.Await takes its coroutine, fetchAsync(undefinedName)
		undefinedName, // hint: none (the error is in the argument)
	))
	_, err = runtime.Await(plain(8))    // hint: none (plain is not //async)
	_, err = runtime.Await(lib.Plain()) // hint: none (lib.Plain is not //async)
	other(fetch(9))                     // hint: none (other takes no coroutine)
	return err
}

func main() {
	runtime.Run(use(nil)) // hint: use is //async: runtime.Run takes its coroutine, useAsync(nil)
}
