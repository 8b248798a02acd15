package app

import "github.com/asyncgen/asyncgen/runtime"

// async
func stale() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
