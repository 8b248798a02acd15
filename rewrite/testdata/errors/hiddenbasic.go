package main

import (
	"strconv"

	"github.com/asyncgen/asyncgen/runtime"
)

// A package-level uint64 hides the predeclared type of n, which the frame
// holds.
type uint64 string

// async
func f() (int, error) {
	n, err := strconv.ParseUint("12", 10, 16)
	runtime.Await(runtime.Sleep(0))
	return int(n), err
}

// Error:
// hiddenbasic.go:15:2: package-level uint64 (hiddenbasic.go:11) hides Go's predeclared type uint64, which the code generated for f must spell here: rename the package-level uint64
