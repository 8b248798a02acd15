package main

import "github.com/asyncgen/asyncgen/runtime"

// async
func f() error {
	g := func() {
		runtime.Await(runtime.Sleep(0))
	}
	runtime.Await(runtime.Sleep(0))
	g()
	return nil
}

// Error:
// literal.go:8:3: runtime.Await inside a function literal: function literals cannot be //async; await in the enclosing function or make the literal a named //async function
