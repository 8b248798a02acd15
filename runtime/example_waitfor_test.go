package runtime_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func eternity() error {
	defer fmt.Println("eternity: deferred cleanup")
	_, err := runtime.Await(runtime.Sleep(time.Hour))
	return err
}

// async
func giveUp() error {
	_, err := runtime.Await(runtime.WaitFor(eternityAsync(), time.Second))
	fmt.Println(err, errors.Is(err, runtime.ErrTimeout))
	return nil
}

// WaitFor cancels what it waits for when the time is up, waits for it to
// end (its defers run), then returns ErrTimeout (asyncio.wait_for).
func ExampleWaitFor() {
	runtime.Run(giveUpAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// eternity: deferred cleanup
	// runtime: timed out true
}
