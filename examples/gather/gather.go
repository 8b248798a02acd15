// Package gather shows runtime.Gather (asyncio.gather): the factorial program
// of asyncio's documentation runs three computations concurrently and gets
// their results in the order given, not the order they finish; then a Gather
// whose second awaitable fails returns that first error at once, while its
// sibling keeps running to its end.
//
// Run it with go run ./examples/gather/cmd/gather.
package gather

import (
	"errors"
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// async
func factorial(e *demo.Env, name string, number int) (int, error) {
	f := 1
	for i := 2; i <= number; i++ {
		e.Printf("Task %s: Compute factorial(%d), currently i=%d...\n", name, number, i)
		if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
			return 0, err
		}
		f *= i
	}
	e.Printf("Task %s: factorial(%d) = %d\n", name, number, f)
	return f, nil
}

// async
func slow(e *demo.Env) (int, error) {
	if _, err := runtime.Await(runtime.Sleep(300 * time.Millisecond)); err != nil {
		return 0, err
	}
	e.Println("slow: finished all the same")
	return 1, nil
}

// async
func fail(after time.Duration) (int, error) {
	if _, err := runtime.Await(runtime.Sleep(after)); err != nil {
		return 0, err
	}
	return 0, errors.New("boom")
}

// async
func main(e *demo.Env) error {
	results, err := runtime.Await(runtime.Gather(
		factorialAsync(e, "A", 4),
		factorialAsync(e, "B", 2),
		factorialAsync(e, "C", 3),
	))
	if err != nil {
		return err
	}
	e.Println("results in order:", fmt.Sprint(results[0], ", ", results[1], ", ", results[2]))

	start := e.Now()
	_, err = runtime.Await(runtime.Gather(slowAsync(e), failAsync(100*time.Millisecond)))
	e.Println("gather failed after", demo.Seconds(e.Since(start)), "s:", err)
	if _, err := runtime.Await(runtime.Sleep(300 * time.Millisecond)); err != nil {
		return err
	}
	return nil
}

// Main runs the example on e.
func Main(e *demo.Env) error {
	_, err := runtime.Run(mainAsync(e), e.Options()...)
	return err
}
