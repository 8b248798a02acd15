// Package hello is asyncio's first program in Go: a coroutine that prints,
// sleeps and prints again, in a loop.
//
//	async def main():
//	    for i in range(3):
//	        print("hello", i)
//	        await asyncio.sleep(0.1)
//	    print("world")
//
//	asyncio.run(main())
//
// Run it with go run ./examples/hello/cmd/hello.
package hello

import (
	"time"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// async
func hello(e *demo.Env) error {
	for i := range 3 {
		e.Println("hello", i)
		if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
			return err
		}
	}
	e.Println("world")
	return nil
}

// Main runs the example on e.
func Main(e *demo.Env) error {
	_, err := runtime.Run(helloAsync(e), e.Options()...)
	return err
}
