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
	select {
	case xs[must(runtime.Await(runtime.Sleep(0)))] = <-ch:
	default:
	}
	return nil
}

// Error:
// selecttarget.go:16:7: await in the target of a select case is not supported: receive into a new variable (case v := <-ch:) and assign it to the target in the case body
