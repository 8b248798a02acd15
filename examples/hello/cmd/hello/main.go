// Hello is asyncio's first program in Go, as a program of its own: the one
// the README shows. Package hello is the same program written for the tour
// and its tests.
package main

import (
	"fmt"
	"log"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// async
func hello() error {
	for i := range 3 {
		fmt.Println("hello", i)
		if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
			return err
		}
	}
	fmt.Println("world")
	return nil
}

func main() {
	if _, err := runtime.Run(helloAsync()); err != nil {
		log.Fatal(err)
	}
}
