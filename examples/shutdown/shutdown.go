// Package shutdown shows a graceful shutdown on SIGINT: a signal handler
// installed with Loop.AddSignalHandler sets an event; main, waiting on it,
// cancels the worker, whose deferred cleanup runs, and returns normally. To
// run unattended, the example sends itself SIGINT after 0.65 s, as Ctrl-C
// would.
//
// Run it with go run ./examples/shutdown/cmd/shutdown.
package shutdown

import (
	"os"
	"time"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// async
func worker(e *demo.Env) error {
	defer e.Println("worker: cleaned up")
	for i := 1; ; i++ {
		e.Println("worker: job", i)
		if _, err := runtime.Await(runtime.Sleep(300 * time.Millisecond)); err != nil {
			return err
		}
	}
}

// async
func main(e *demo.Env, stop *runtime.Event) error {
	w := runtime.Spawn(workerAsync(e))
	if _, err := runtime.Await(stop.Wait()); err != nil {
		return err
	}
	e.Println("main: SIGINT received, stopping the worker")
	w.Cancel()
	// The worker ends with the cancellation it was sent, as planned
	// (asyncio: except CancelledError: pass); any other error is one.
	if _, err := runtime.Await(w); err != nil && !w.Cancelled() {
		return err
	}
	e.Println("main: clean exit")
	return nil
}

// Main runs the example on e. It needs the real clock: the signal arrives
// in real time.
func Main(e *demo.Env) error {
	l := runtime.NewLoop(e.Options()...)
	defer l.Close()
	stop := runtime.NewEvent()
	if err := l.AddSignalHandler(os.Interrupt, stop.Set); err != nil {
		return err
	}
	defer l.RemoveSignalHandler(os.Interrupt)
	// Ctrl-C after 0.65 s: after job 3 (0.6 s), well before job 4 (0.9 s).
	l.CallLater(650*time.Millisecond, func() {
		if me, err := os.FindProcess(os.Getpid()); err == nil {
			me.Signal(os.Interrupt)
		}
	})
	_, err := runtime.RunUntilComplete(l, mainAsync(e, stop))
	return err
}
