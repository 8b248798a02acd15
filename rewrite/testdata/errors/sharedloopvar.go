//go:build go1.21

package main

import "github.com/asyncgen/asyncgen/runtime"

// async
func f() (n int) {
	for i := 0; i < 3; i++ {
		runtime.Await(runtime.Sleep(0))
		n += i
	}
	return n
}

// Error:
// sharedloopvar.go:9:2: loop variable declared in a file whose Go version, go1.21, is before go1.22, where a loop's variables are shared by its iterations: asyncgen gives each iteration its own, as Go 1.22 does, which changes what closures see; raise the file's version (its //go:build go1.N line) to go1.22 or later
