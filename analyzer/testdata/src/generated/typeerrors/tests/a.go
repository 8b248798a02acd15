// Package tests has a type error in its test files only: go generate
// writes the package's own generated code, and stops at the error for its
// tests'.
package tests

import "github.com/asyncgen/asyncgen/runtime"

// async
func work() error { // want `^generated code for async function work is missing \(no workAsync\): run go generate$`
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
