package main

import "github.com/asyncgen/asyncgen/runtime"

// async
func f() (int, string) {
	runtime.Await(runtime.Sleep(0))
	return 1, ""
}

// Error:
// results.go:6:10: f: results must be (T, error), T, error or none
