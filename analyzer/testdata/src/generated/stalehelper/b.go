package stalehelper

import "github.com/asyncgen/asyncgen/runtime"

// async
func H() error { // want `^generated code for async function H is missing \(no HAsync\): run go generate$`
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
