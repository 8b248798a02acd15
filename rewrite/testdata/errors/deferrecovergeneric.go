package main

import "github.com/asyncgen/asyncgen/runtime"

func handle[T any](msg *string) {
	if r := recover(); r != nil {
		*msg = "recovered"
	}
}

// async
func f() (msg string) {
	defer handle[int](&msg)
	runtime.Await(runtime.Sleep(0))
	panic("boom")
}

// Error:
// deferrecovergeneric.go:13:8: handle calls recover, which stops a panic only in the deferred function itself, and asyncgen runs a deferred call of it one call down, where recover returns nil: defer a func literal that calls recover instead
