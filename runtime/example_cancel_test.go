package runtime_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func cancelMe() error {
	defer fmt.Println("cancel_me: deferred call")
	_, err := runtime.Await(runtime.Sleep(time.Hour))
	fmt.Println("cancel_me:", err)
	return err
}

// async
func cancelIt() error {
	t := runtime.Spawn(cancelMeAsync())
	if _, err := runtime.Await(runtime.Sleep(time.Second)); err != nil {
		return err
	}
	t.Cancel()
	_, err := runtime.Await(t)
	fmt.Println(errors.Is(err, runtime.ErrCancelled), t.Cancelled())
	return nil
}

// Cancel makes the task's pending Await return ErrCancelled; its defers
// run; awaiting the task returns ErrCancelled too (Task.cancel).
func ExampleTask_Cancel() {
	runtime.Run(cancelItAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// cancel_me: runtime: cancelled
	// cancel_me: deferred call
	// true true
}
