package main

import "github.com/asyncgen/asyncgen/runtime"

//async
func f(ch chan int) error {
	select {
	case <-ch:
		runtime.Await(runtime.Sleep(0))
	}
	return nil
}

// Error:
// select.go:7:2: select statement containing an await is not supported: await outside the select
