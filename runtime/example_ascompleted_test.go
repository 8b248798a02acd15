package runtime_test

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func after(d time.Duration) (time.Duration, error) {
	_, err := runtime.Await(runtime.Sleep(d))
	return d, err
}

// async
func firstDone() error {
	for _, a := range runtime.AsCompleted(afterAsync(3*time.Second), afterAsync(time.Second), afterAsync(2*time.Second)) {
		d, err := runtime.Await(a)
		if err != nil {
			return err
		}
		fmt.Println(d)
	}
	return nil
}

// AsCompleted gives results in the order they finish (asyncio.as_completed).
func ExampleAsCompleted() {
	runtime.Run(firstDoneAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// 1s
	// 2s
	// 3s
}
