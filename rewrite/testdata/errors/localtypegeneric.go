package main

import "github.com/asyncgen/asyncgen/runtime"

// async
func f[T any](v T) (T, error) {
	type box[U any] struct {
		t T
		u U
	}
	b := box[int]{v, 1}
	runtime.Await(runtime.Sleep(0))
	return b.t, nil
}

// Error:
// localtypegeneric.go:11:2: type box is a generic type declared inside a generic function and cannot be held in its frame across an await: declare it at package level, with the function's type parameters as well as its own
