// Package executor shows runtime.ToThread (asyncio.to_thread): a blocking
// call runs on the loop's executor, a pool of worker goroutines, while the
// loop keeps running a ticker task, which the blocking call would otherwise
// have frozen. The blocking call is a read from a pipe, which the ticker
// writes to after three ticks.
//
// Run it with go run ./examples/executor/cmd/executor.
package executor

import (
	"fmt"
	"os"
	"time"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// blockingRead stands for any call that blocks its thread (a file read, a
// database driver, a CPU-bound computation): it waits in a read from r.
func blockingRead(r *os.File) func() (string, error) {
	return func() (string, error) {
		buf := make([]byte, 64)
		n, err := r.Read(buf)
		return fmt.Sprintf("blocking read returned %q", buf[:n]), err
	}
}

// async
func ticker(e *demo.Env, w *os.File) error {
	for i := 1; i <= 3; i++ {
		if _, err := runtime.Await(runtime.Sleep(200 * time.Millisecond)); err != nil {
			return err
		}
		e.Println("tick", i)
	}
	e.Println("ticker: writing to the pipe")
	_, err := w.Write([]byte("hello"))
	return err
}

// async
func main(e *demo.Env) error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	defer r.Close()
	defer w.Close()
	start := e.Now()
	t := runtime.Spawn(tickerAsync(e, w))
	res, err := runtime.Await(runtime.ToThread(blockingRead(r)))
	if err != nil {
		return err
	}
	e.Println(res)
	if _, err := runtime.Await(t); err != nil {
		return err
	}
	e.Println("took", demo.Seconds(e.Since(start)), "s")
	return nil
}

// Main runs the example on e.
func Main(e *demo.Env) error {
	_, err := runtime.Run(mainAsync(e), e.Options()...)
	return err
}
