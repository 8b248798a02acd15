package blocking

import (
	rt "github.com/asyncgen/asyncgen/runtime"
)

// A loop cannot run inside another loop's task: the runtime refuses it, as
// asyncio.run refuses to run in a running loop.

// async
func nested(l *rt.Loop) (int, error) {
	n, err := rt.Run(one()) // want `^runtime.Run fails on the event loop, where no other loop can run: await the coroutine instead, or run the loop on a goroutine of its own$`
	if err != nil {
		return 0, err
	}
	m, _ := rt.Run[int](one())                // want `^runtime.Run fails on the event loop`
	_, _ = rt.Run(one(), rt.WithDebug())      // want `^runtime.Run fails on the event loop`
	_, _ = rt.RunUntilComplete(l, one())      // want `^runtime.RunUntilComplete fails on the event loop, where no other loop can run: await the coroutine instead`
	l.CallSoon(func() { _ = l.RunForever() }) // want `^runtime.Loop.RunForever fails on the event loop, where no other loop can run: no await can go in a callback`
	go func() { _, _ = rt.Run(one()) }()      // on a goroutine of its own: fine
	return n + m, nil
}

// async
func nestedStatements() error {
	rt.Run(one()) // want `^runtime.Run fails on the event loop`
	return nil
}

// async
func nestedNoError() {
	rt.Run(one()) // want `^runtime.Run fails on the event loop`
}

// one stands for the coroutine of an //async function.
func one() (c rt.Coro[int]) { return }
