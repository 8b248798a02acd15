package runtime_test

import (
	"log/slog"
	stdruntime "runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// leaveGoroutine is what testing's FailNow does once the failure is noted.
func leaveGoroutine() { stdruntime.Goexit() }

// async
func sleepLogged(log *[]string) {
	_, err := runtime.Await(runtime.Sleep(time.Hour))
	*log = append(*log, "sleeper: "+err.Error())
}

// async
func goexitStep(log *[]string, loop **runtime.Loop, main *runtime.TaskInfo) {
	*loop, _ = runtime.Await(runtime.RunningLoop())
	*main, _ = runtime.Await(runtime.CurrentTask())
	runtime.Spawn(sleepLoggedAsync(log))
	runtime.Await(runtime.Sleep(time.Millisecond))
	leaveGoroutine()
	*log = append(*log, "after Goexit")
}

// A task that calls runtime.Goexit (an //async test body calling t.Fatal)
// ends the loop's goroutine, but not before Run has ended that task with
// an error naming the cause, cancelled the others and closed the loop:
// before, Run's cleanup waited for the task that had left, for ever.
func TestGoexitInTaskEndsRun(t *testing.T) {
	var (
		log  []string
		loop *runtime.Loop
		main runtime.TaskInfo
	)
	var logged strings.Builder
	returned := false
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.Run(goexitStepAsync(&log, &loop, &main), runtime.WithClock(runtime.NewVirtualClock()),
			runtime.WithLogger(slog.New(slog.NewTextHandler(&logged, nil))))
		returned = true
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("Run did not end after its task called runtime.Goexit")
	}
	if returned {
		t.Error("Run returned: the goroutine should have ended")
	}
	if want := []string{"sleeper: " + runtime.ErrCancelled.Error()}; !slices.Equal(log, want) {
		t.Errorf("log = %q, want %q", log, want)
	}
	if loop == nil || !loop.Closed() {
		t.Error("the loop was not closed")
	}
	if main == nil || !main.Done() {
		t.Fatal("the main task did not end")
	}
	// Nobody can read the main task's error: the loop logs it.
	if !strings.Contains(logged.String(), "runtime.Goexit") {
		t.Errorf("logged %q, want the main task's error naming runtime.Goexit", logged.String())
	}
}

// async
func panicWhenCancelled(loop **runtime.Loop) {
	*loop, _ = runtime.Await(runtime.RunningLoop())
	defer (*loop).CallSoon(func() { panic("callback panicked") })
	runtime.Await(runtime.Sleep(time.Hour))
}

// async
func leavePanicker(loop **runtime.Loop) {
	runtime.Spawn(panicWhenCancelledAsync(loop))
	runtime.Await(runtime.Sleep(time.Millisecond))
}

// A callback that panics while Run cancels the tasks left at exit ends Run
// with that panic, and the loop is closed all the same (asyncio.run closes
// it in a finally): its signal handlers, executor and poller do not leak.
func TestRunClosesLoopAfterPanicAtExit(t *testing.T) {
	var loop *runtime.Loop
	func() {
		defer func() {
			if r := recover(); r != "callback panicked" {
				t.Errorf("recovered %v, want the callback's panic", r)
			}
		}()
		runtime.Run(leavePanickerAsync(&loop), runtime.WithClock(runtime.NewVirtualClock()))
	}()
	if loop == nil || !loop.Closed() {
		t.Error("the loop was not closed")
	}
}
