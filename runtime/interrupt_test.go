//go:build unix

package runtime_test

import (
	"errors"
	"os"
	"slices"
	"syscall"
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func interrupted(log *[]string, swallow bool) (int, error) {
	defer func() { *log = append(*log, "deferred") }()
	// A future nobody sets: the await ends only by cancellation.
	wait := runtime.NewFuture[int]()
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	_, err := runtime.Await(wait)
	*log = append(*log, "await: "+err.Error())
	if swallow {
		return 7, nil
	}
	return 0, err
}

// Ctrl-C while Run runs its coroutine cancels it, as asyncio.run does,
// rather than end the process: its deferred calls run, and Run's error
// says why. A coroutine that swallows the cancellation returns its result
// (asyncio.run too raises KeyboardInterrupt only for a cancelled task).
// After a SIGINT, the process's next one ends it: each Run here begins
// with that forgotten.
func TestRunInterrupted(t *testing.T) {
	defer runtime.ForgetInterrupt()
	var log []string
	runtime.ForgetInterrupt()
	_, err := runtime.Run(interruptedAsync(&log, false), runtime.WithClock(runtime.NewVirtualClock()))
	if !errors.Is(err, runtime.ErrInterrupted) || !errors.Is(err, runtime.ErrCancelled) {
		t.Errorf("Run returned %v; want an error wrapping ErrInterrupted and ErrCancelled", err)
	}
	if want := []string{"await: " + runtime.ErrCancelled.Error(), "deferred"}; !slices.Equal(log, want) {
		t.Errorf("log %q, want %q", log, want)
	}

	log = nil
	runtime.ForgetInterrupt()
	v, err := runtime.Run(interruptedAsync(&log, true), runtime.WithClock(runtime.NewVirtualClock()))
	if v != 7 || err != nil {
		t.Errorf("Run of a coroutine that swallows the cancellation returned %v, %v; want 7, nil", v, err)
	}
}

// async
func interruptHandled(got *string) error {
	loop, _ := runtime.Await(runtime.RunningLoop())
	seen := runtime.NewFuture[string]()
	loop.AddSignalHandler(syscall.SIGINT, func() { seen.SetResult("handler") })
	defer loop.RemoveSignalHandler(syscall.SIGINT)
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	var err error
	*got, err = runtime.Await(seen)
	return err
}

// A loop with a SIGINT handler of its own keeps SIGINT for it: Run does
// not cancel its coroutine.
func TestRunInterruptHandledByLoop(t *testing.T) {
	var got string
	if _, err := runtime.Run(interruptHandledAsync(&got)); err != nil || got != "handler" {
		t.Errorf("Run returned %v with %q from the handler; want nil and \"handler\"", err, got)
	}
}

// async
func panicking() error { panic("boom") }

// A Run that ends by a panic, or by a Goexit in its task, stops watching
// for SIGINT as one that returns does: a watch left behind would take a
// later Ctrl-C for its ended Run.
func TestRunInterruptWatchEnds(t *testing.T) {
	func() {
		defer func() { recover() }()
		runtime.Run(panickingAsync())
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		var log []string
		var loop *runtime.Loop
		var main runtime.TaskInfo
		runtime.Run(goexitStepAsync(&log, &loop, &main), runtime.WithClock(runtime.NewVirtualClock()))
	}()
	<-done
	if n := runtime.InterruptWatches(); n != 0 {
		t.Errorf("%d Runs still watch for SIGINT after a panic and a Goexit ended them", n)
	}
}
