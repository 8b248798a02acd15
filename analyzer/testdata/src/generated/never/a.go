// Package never has //async functions that go generate can never write
// code for: unsupported reports each, and generated reports only what the
// refusals hold back.
package never

import "github.com/asyncgen/asyncgen/runtime"

// async
func init() {
	runtime.Await(runtime.Sleep(0))
}

// async
func _() {
	runtime.Await(runtime.Sleep(0))
}

// async
func (t) _() {
	runtime.Await(runtime.Sleep(0))
}

// async
func external() error

type t struct{}

// async
func work() error { // want `^generated code for async function work is missing \(no workAsync\): go generate refuses the package: first fix a.go:9: init cannot be //async`
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
