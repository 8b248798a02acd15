// Package cancel is the cancel_me program of asyncio's documentation:
// Task.Cancel makes the task's pending Await return runtime.ErrCancelled;
// the task's deferred calls run; awaiting the task then returns
// runtime.ErrCancelled too. A second task shields its work
// (runtime.Shield): cancelling the awaiter leaves the shielded work running.
//
// Run it with go run ./examples/cancel/cmd/cancel.
package cancel

import (
	"errors"
	"time"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// async
func cancelMe(e *demo.Env) error {
	defer e.Println("cancel_me(): after sleep")
	e.Println("cancel_me(): before sleep")
	if _, err := runtime.Await(runtime.Sleep(time.Hour)); err != nil {
		if errors.Is(err, runtime.ErrCancelled) {
			e.Println("cancel_me(): cancel sleep")
		}
		return err
	}
	return nil
}

// async
func important(e *demo.Env) (string, error) {
	if _, err := runtime.Await(runtime.Sleep(200 * time.Millisecond)); err != nil {
		return "", err
	}
	e.Println("important(): finished")
	return "saved", nil
}

// async
func caller(e *demo.Env, work *runtime.Task[string]) (string, error) {
	return runtime.Await(runtime.Shield[string](work))
}

// async
func main(e *demo.Env) error {
	task := runtime.Spawn(cancelMeAsync(e))
	if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
		return err
	}
	task.Cancel()
	if _, err := runtime.Await(task); errors.Is(err, runtime.ErrCancelled) {
		e.Println("main(): cancel_me is cancelled now")
	}

	work := runtime.Spawn(importantAsync(e))
	c := runtime.Spawn(callerAsync(e, work))
	if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
		return err
	}
	c.Cancel()
	if _, err := runtime.Await(c); errors.Is(err, runtime.ErrCancelled) {
		e.Println("main(): the caller is cancelled, the shielded work goes on")
	}
	v, err := runtime.Await(work)
	if err != nil {
		return err
	}
	e.Println("main(): the shielded work returned", v)
	return nil
}

// Main runs the example on e.
func Main(e *demo.Env) error {
	_, err := runtime.Run(mainAsync(e), e.Options()...)
	return err
}
