package runtime_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// A TaskGroup body cancelled while a task of the group fails on its way
// out returns errors.Join(ErrCancelled, the failure), as the TaskGroup doc
// shows. The failure wins, as asyncio's TaskGroup raises its tasks' errors
// and drops the body's CancelledError. Checked against CPython 3.11:
//
//	async def child():
//	    try: await asyncio.sleep(10)
//	    except asyncio.CancelledError: raise RuntimeError("cleanup failed")
//	async def body():
//	    async with asyncio.TaskGroup() as tg:
//	        tg.create_task(child()); await asyncio.sleep(1)
//
// async with asyncio.timeout(0.1): await body(), then await
// asyncio.wait_for(body(), 0.1), then a task of body() cancelled after
// 0.1 s: each raises ExceptionGroup (RuntimeError('cleanup failed'),), the
// task is not cancelled() and the timeout leaves cancelling() at 0.

// async
func cleanupFails() error {
	if _, err := runtime.Await(runtime.Sleep(10 * time.Second)); err != nil {
		return errors.New("cleanup failed")
	}
	return nil
}

// async
func groupBody() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, cleanupFailsAsync())
	if _, err := runtime.Await(runtime.Sleep(time.Second)); err != nil {
		tg.Cancel()
		_, werr := runtime.Await(tg.Wait())
		return errors.Join(err, werr)
	}
	_, err := runtime.Await(tg.Wait())
	return err
}

// oneLine prints err on one line, with whether it is a cancellation or a
// timeout.
func oneLine(err error) string {
	return fmt.Sprintf("%q cancelled=%v timeout=%v", strings.ReplaceAll(fmt.Sprint(err), "\n", " | "),
		errors.Is(err, runtime.ErrCancelled), errors.Is(err, runtime.ErrTimeout))
}

// async
func joinedCancellation() {
	_, err := runtime.Await(runtime.Timeout(100*time.Millisecond, groupBodyAsync()))
	fmt.Println("Timeout:", oneLine(err))
	_, err = runtime.Await(runtime.WaitFor(groupBodyAsync(), 100*time.Millisecond))
	fmt.Println("WaitFor:", oneLine(err))
	t := runtime.Spawn(groupBodyAsync())
	runtime.Await(runtime.Sleep(100 * time.Millisecond))
	t.Cancel()
	_, err = runtime.Await(t)
	fmt.Println("task:", oneLine(err), "Cancelled:", t.Cancelled())
	t = runtime.Spawn(groupBodyAsync()) // its failure is never read
	runtime.Await(runtime.Sleep(100 * time.Millisecond))
	t.Cancel()
}

func ExampleTaskGroup_failureJoinedWithCancellation() {
	logs, logger := textLogs()
	runtime.Run(joinedCancellationAsync(), runtime.WithClock(runtime.NewVirtualClock()), runtime.WithLogger(logger))
	fmt.Print(logs)
	// Output:
	// Timeout: "runtime: cancelled | cleanup failed" cancelled=true timeout=false
	// WaitFor: "runtime: cancelled | cleanup failed" cancelled=true timeout=false
	// task: "runtime: cancelled | cleanup failed" cancelled=true timeout=false Cancelled: false
	// level=ERROR msg="runtime: unhandled error during Run shutdown" task=Task-7 coroutine=runtime_test.groupBody defined=cancel_joined_test.go:38 err="runtime: cancelled\ncleanup failed"
}

// async
func failsAtOnce() error { return errors.New("child failed") }

// async
func waitsTwice() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, failsAtOnceAsync())
	_, err := runtime.Await(tg.Wait()) // withdraws the cancellation the failure sent
	fmt.Println("first Wait:", err)
	_, err = runtime.Await(runtime.Sleep(time.Second))
	runtime.Await(tg.Wait()) // the group has ended: nothing to withdraw
	return err
}

// async
func timeoutAroundWaitsTwice() error {
	_, err := runtime.Await(runtime.Timeout(100*time.Millisecond, waitsTwiceAsync()))
	return err
}

// async
func cancelWithTheDeadline() {
	t := runtime.Spawn(timeoutAroundWaitsTwiceAsync())
	runtime.Await(runtime.Sleep(100 * time.Millisecond))
	t.Cancel() // in the pass the Timeout expires: the Cancel is not the Timeout's
	_, err := runtime.Await(t)
	fmt.Println("Timeout:", err)
}

// A TaskGroup withdraws the cancellation its failure sent its task once,
// however often it is waited for: a second Wait must not take back a
// cancellation that came from outside, which would let a Timeout expiring
// in the same pass claim it and return ErrTimeout (asyncio: the
// CancelledError goes on when cancelling() stays above the timeout's
// count).
func ExampleTaskGroup_waitedTwice() {
	runtime.Run(cancelWithTheDeadlineAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// first Wait: child failed
	// Timeout: runtime: cancelled
}
