package runtime_test

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// wantFix fails t unless err names the way to make the value.
func wantFix(t *testing.T, what string, err error, fix string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), fix) {
		t.Errorf("%s: error %v, want one naming %s", what, err, fix)
	}
}

// The zero Loop runs nothing: each method says to make one with NewLoop,
// where it used to dereference nil (or, for CallSoonThreadsafe, drop the
// callback without a word).
func TestZeroLoopRefused(t *testing.T) {
	var l runtime.Loop
	_, err := l.CallSoon(func() {})
	wantFix(t, "CallSoon", err, "NewLoop")
	_, err = l.CallLater(time.Second, func() {})
	wantFix(t, "CallLater", err, "NewLoop")
	_, err = l.CallAt(time.Second, func() {})
	wantFix(t, "CallAt", err, "NewLoop")
	wantFix(t, "CallSoonThreadsafe", l.CallSoonThreadsafe(func() {}), "NewLoop")
	wantFix(t, "RunForever", l.RunForever(), "NewLoop")
	wantFix(t, "AddSignalHandler", l.AddSignalHandler(syscall.SIGUSR1, func() {}), "NewLoop")
	_, err = runtime.RunUntilComplete(&l, failAfterAsync(0, "x"))
	wantFix(t, "RunUntilComplete", err, "NewLoop")
	task := runtime.SpawnOn(&l, failAfterAsync(0, "x"))
	_, err = task.Result()
	wantFix(t, "SpawnOn", err, "NewLoop")
	func() {
		defer func() {
			err, _ := recover().(error)
			wantFix(t, "Now", err, "NewLoop")
		}()
		l.Now()
	}()
}

// async
func zeroPrimitives() []error {
	var b runtime.Barrier
	_, barrierErr := runtime.Await(b.Wait())
	var g runtime.TaskGroup
	_, spawnInErr := runtime.SpawnIn(&g, failAfterAsync(0, "x")).Result()
	_, waitErr := runtime.Await(g.Wait()) // not nil, as if the task had run
	return []error{barrierErr, spawnInErr, waitErr}
}

// The zero Barrier and the zero TaskGroup say how to make one, where the
// Barrier let every task through at once and SpawnIn dereferenced nil (its
// Wait, too, fails, so that the work it did not run is not taken for done);
// the zero Task cannot be cancelled.
func TestZeroPrimitivesRefused(t *testing.T) {
	errs, err := runtime.Run(zeroPrimitivesAsync())
	if err != nil {
		t.Fatal(err)
	}
	wantFix(t, "Barrier.Wait", errs[0], "NewBarrier")
	wantFix(t, "SpawnIn", errs[1], "NewTaskGroup")
	wantFix(t, "TaskGroup.Wait", errs[2], "NewTaskGroup")
	var task runtime.Task[int]
	if task.Cancel() {
		t.Error("the zero Task reports that it was cancelled")
	}
}
