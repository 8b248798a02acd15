package runtime_test

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// sum stands for blocking or CPU-bound work, which must not run on the
// loop's goroutine.
func sum(n int) func() (int, error) {
	return func() (int, error) {
		s := 0
		for i := range n {
			s += i
		}
		return s, nil
	}
}

// async
func offload() (int, error) {
	return runtime.Await(runtime.ToThread(sum(1000)))
}

// ToThread runs a blocking function on the loop's executor and awaits its
// result (asyncio.to_thread); the loop runs other tasks meanwhile.
func ExampleToThread() {
	fmt.Println(runtime.Run(offloadAsync()))
	// Output:
	// 499500 <nil>
}
