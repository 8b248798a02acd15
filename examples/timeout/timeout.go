// Package timeout shows runtime.WaitFor (asyncio.wait_for): when the time
// limit passes, the slow work is cancelled, its deferred calls run, and only
// then does WaitFor return runtime.ErrTimeout.
//
// Run it with go run ./examples/timeout/cmd/timeout.
package timeout

import (
	"errors"
	"time"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// async
func eternity(e *demo.Env) error {
	defer e.Println("eternity: deferred cleanup runs")
	e.Println("eternity: sleeping for an hour")
	if _, err := runtime.Await(runtime.Sleep(time.Hour)); err != nil {
		e.Println("eternity: cancelled")
		return err
	}
	e.Println("eternity: woke up")
	return nil
}

// async
func main(e *demo.Env) error {
	start := e.Now()
	_, err := runtime.Await(runtime.WaitFor(eternityAsync(e), 100*time.Millisecond))
	if errors.Is(err, runtime.ErrTimeout) {
		e.Println("main: timeout!")
	} else if err != nil {
		return err
	}
	e.Println("main: gave up after", demo.Seconds(e.Since(start)), "s")
	return nil
}

// Main runs the example on e.
func Main(e *demo.Env) error {
	_, err := runtime.Run(mainAsync(e), e.Options()...)
	return err
}
