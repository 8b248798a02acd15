package main

import "github.com/asyncgen/asyncgen/runtime"

//async
func f(ch chan int) error {
	select {
	case ch <- must(runtime.Await(valAsync())):
	default:
	}
	return nil
}

//async
func val() (int, error) { return 1, nil }

func must(v int, err error) int { return v }

// Error:
// selectcase.go:8:7: await in a select case is not supported: await before the select
