// Package unawaited shows what happens to a task nobody awaits: it runs
// concurrently while main runs, and when main returns, runtime.Run cancels
// it and runs it to its end (its defers run), as asyncio.run does.
//
// Run it with go run ./examples/unawaited/cmd/unawaited.
package unawaited

import (
	"errors"
	"time"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// async
func background(e *demo.Env) error {
	defer e.Println("background: deferred call runs")
	for i := 0; ; i++ {
		e.Println("background: tick", i)
		if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
			if errors.Is(err, runtime.ErrCancelled) {
				e.Println("background: cancelled")
			}
			return err
		}
	}
}

// async
func main(e *demo.Env) error {
	runtime.Spawn(backgroundAsync(e)) //asyncvet:ignore droppedtask -- never awaited: the point of the example
	if _, err := runtime.Await(runtime.Sleep(250 * time.Millisecond)); err != nil {
		return err
	}
	e.Println("main: returns")
	return nil
}

// Main runs the example on e.
func Main(e *demo.Env) error {
	_, err := runtime.Run(mainAsync(e), e.Options()...)
	e.Println("Run: returned")
	return err
}
