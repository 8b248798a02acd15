package unawaited

import (
	"github.com/asyncgen/asyncgen/runtime"

	"cases/lib"
)

// async
func fetch(id int) (string, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return "page", err
}

// async
func caller() error {
	fetchAsync(1)         // want `coroutine fetchAsync\(...\) is never awaited: pass it to runtime.Await or runtime.Spawn, or it never runs`
	lib.GetAsync(2)       // want `coroutine GetAsync\(...\) is never awaited`
	runtime.Sleep(0)      // want `awaitable Sleep\(...\) is never awaited: pass it to runtime.Await, or it never runs`
	_ = fetchAsync(3)     // want `coroutine fetchAsync\(...\) is never awaited`
	var _ = fetchAsync(6) // want `coroutine fetchAsync\(...\) is never awaited`
	defer fetchAsync(4)   // want `coroutine fetchAsync\(...\) is never awaited: await it before each return instead`
	go fetchAsync(5)      // want `coroutine fetchAsync\(...\) is never awaited: spawn it in place of the go statement`
	go runtime.Sleep(0)   // want `awaitable Sleep\(...\) is never awaited: a go statement cannot run it`
	c := fetchAsync(6)
	t := runtime.Spawn(c)
	if _, err := runtime.Await(t); err != nil {
		return err
	}
	q := runtime.NewQueue[int](1)
	q.Get() // want `awaitable Get\(...\) is never awaited: pass it to runtime.Await, or it never runs`
	func() {
		fetchAsync(11)   // want `coroutine fetchAsync\(...\) is never awaited: await or spawn it in the enclosing //async function, not in a func literal, or it never runs`
		runtime.Sleep(0) // want `awaitable Sleep\(...\) is never awaited: await it in the enclosing //async function, not in a func literal, or it never runs`
	}()
	pass(fetchAsync(7))
	cs := []runtime.Coro[string]{fetchAsync(8)}
	_, err := runtime.Await(cs[0])
	return err
}

func pass(c runtime.Coro[string]) { _, _ = runtime.Run(c) }

func plain() {
	fetchAsync(9)    // want `coroutine fetchAsync\(...\) is never awaited: run it with runtime.Run, or it never runs`
	runtime.Sleep(0) // want `awaitable Sleep\(...\) is never awaited: only an //async function can await it, and until then it does nothing`
	_, _ = runtime.Run(fetchAsync(10))
}

// pause is a name of the program's for a runtime awaitable.
type pause = runtime.Awaitable[struct{}]

func nap() pause { return runtime.Sleep(0) }

// async
func napping() error {
	nap() // want `awaitable nap\(...\) is never awaited: pass it to runtime.Await, or it never runs`
	_, err := runtime.Await(nap())
	return err
}
