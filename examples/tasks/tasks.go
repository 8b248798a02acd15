// Package tasks shows what a task is for: two awaits in sequence take the sum
// of their times (0.1 s + 0.2 s = 0.3 s), the same coroutines spawned as two
// tasks run concurrently and take the longest (0.2 s). This is the say_after
// program of asyncio's documentation.
//
// Run it with go run ./examples/tasks/cmd/tasks.
package tasks

import (
	"time"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// async
func sayAfter(e *demo.Env, delay time.Duration, what string) error {
	if _, err := runtime.Await(runtime.Sleep(delay)); err != nil {
		return err
	}
	e.Println(what)
	return nil
}

// async
func sequential(e *demo.Env) error {
	start := e.Now()
	e.Println("in sequence:")
	if _, err := runtime.Await(sayAfterAsync(e, 100*time.Millisecond, "hello")); err != nil {
		return err
	}
	if _, err := runtime.Await(sayAfterAsync(e, 200*time.Millisecond, "world")); err != nil {
		return err
	}
	e.Println("took", demo.Seconds(e.Since(start)), "s")
	return nil
}

// async
func concurrent(e *demo.Env) error {
	start := e.Now()
	e.Println("as two tasks:")
	t1 := runtime.Spawn(sayAfterAsync(e, 100*time.Millisecond, "hello"))
	t2 := runtime.Spawn(sayAfterAsync(e, 200*time.Millisecond, "world"))
	if _, err := runtime.Await(t1); err != nil {
		return err
	}
	if _, err := runtime.Await(t2); err != nil {
		return err
	}
	e.Println("took", demo.Seconds(e.Since(start)), "s")
	return nil
}

// async
func both(e *demo.Env) error {
	if _, err := runtime.Await(sequentialAsync(e)); err != nil {
		return err
	}
	_, err := runtime.Await(concurrentAsync(e))
	return err
}

// Main runs the example on e.
func Main(e *demo.Env) error {
	_, err := runtime.Run(bothAsync(e), e.Options()...)
	return err
}
