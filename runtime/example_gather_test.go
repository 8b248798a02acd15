package runtime_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func square(x int) (int, error) {
	if _, err := runtime.Await(runtime.Sleep(time.Duration(10-x) * time.Millisecond)); err != nil {
		return 0, err
	}
	if x < 0 {
		return 0, errors.New("negative")
	}
	return x * x, nil
}

// async
func gatherSquares() error {
	// Results come in the order given, not in the order they finish.
	sq, err := runtime.Await(runtime.Gather(squareAsync(1), squareAsync(2), squareAsync(3)))
	fmt.Println(sq, err)

	// The first error is Gather's; GatherAll reports every outcome.
	_, err = runtime.Await(runtime.Gather(squareAsync(1), squareAsync(-1)))
	fmt.Println(err)
	rs, _ := runtime.Await(runtime.GatherAll(squareAsync(1), squareAsync(-1)))
	for _, r := range rs {
		fmt.Println(r.Val, r.Err)
	}
	return nil
}

// Gather runs awaitables concurrently (asyncio.gather); GatherAll is
// gather(..., return_exceptions=True).
func ExampleGather() {
	runtime.Run(gatherSquaresAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// [1 4 9] <nil>
	// negative
	// 1 <nil>
	// 0 negative
}
