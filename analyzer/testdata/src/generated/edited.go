package generated

import "github.com/asyncgen/asyncgen/runtime"

// async
func edited() error { // want `generated file edited_async.go is stale \(edited.go changed since\): run go generate`
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
