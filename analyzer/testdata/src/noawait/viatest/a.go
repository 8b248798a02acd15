package viatest

import "github.com/asyncgen/asyncgen/runtime"

// work's coroutine is run by the package's test, which the warning's fix
// (drop //async) would break.
//
// async
func work() (int, error) { return 1, nil }

// async
func Main() error {
	_, err := runtime.Await(workAsync())
	return err
}
