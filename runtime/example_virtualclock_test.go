package runtime_test

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func sleepLong(clock runtime.Clock) error {
	start := clock.Now()
	if _, err := runtime.Await(runtime.WaitFor(runtime.Sleep(24*time.Hour), time.Hour)); err != nil {
		fmt.Println(err, "after", clock.Now()-start)
	}
	return nil
}

// On a virtual clock a program with long sleeps and timeouts runs in
// microseconds, and in the same order as on the real clock: the loop jumps
// to the next timer whenever it would otherwise wait.
func ExampleVirtualClock() {
	clock := runtime.NewVirtualClock()
	runtime.Run(sleepLongAsync(clock), runtime.WithClock(clock))
	// Output:
	// runtime: timed out after 1h0m0s
}
