// Package executor shows runtime.ToThread (asyncio.to_thread): a blocking
// function runs on the loop's executor, a pool of worker goroutines, while a
// ticker task keeps ticking on the loop, which the blocking call would
// otherwise have frozen.
//
// Run it with go run ./examples/executor/cmd/executor.
package executor

import (
	"time"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// blockingIO stands for a call that blocks its thread: a file read, a
// database driver, a CPU-bound computation.
func blockingIO() (string, error) {
	time.Sleep(700 * time.Millisecond)
	return "blocking call done", nil
}

// async
func ticker(e *demo.Env) error {
	for i := 1; ; i++ {
		if _, err := runtime.Await(runtime.Sleep(200 * time.Millisecond)); err != nil {
			return err
		}
		e.Println("tick", i)
	}
}

// async
func main(e *demo.Env) error {
	start := e.Now()
	t := runtime.Spawn(tickerAsync(e))
	res, err := runtime.Await(runtime.ToThread(blockingIO))
	if err != nil {
		return err
	}
	t.Cancel()
	e.Println(res)
	e.Println("took", demo.Seconds(e.Since(start)), "s")
	return nil
}

// Main runs the example on e. The example needs the real clock: on a
// virtual clock, the ticker's sleeps take no time while the blocking call
// does.
func Main(e *demo.Env) error {
	_, err := runtime.Run(mainAsync(e), e.Options()...)
	return err
}
