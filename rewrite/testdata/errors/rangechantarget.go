package main

import "github.com/asyncgen/asyncgen/runtime"

func must(_ struct{}, err error) int {
	if err != nil {
		panic(err)
	}
	return 0
}

// async
func f(ch chan int) error {
	xs := make([]int, 2)
	for xs[must(runtime.Await(runtime.Sleep(0)))] = range ch {
	}
	return nil
}

// Error:
// rangechantarget.go:15:56: range over channel chan int with an await in a target of its iteration values: receive in a select with a default case (a bare receive blocks the loop), or pass the values through a runtime.Queue, instead
