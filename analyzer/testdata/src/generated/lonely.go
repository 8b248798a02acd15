package generated

import "github.com/asyncgen/asyncgen/runtime"

// async
func lonely() error { // want `generated code for async function lonely is missing \(no lonelyAsync\): run go generate`
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
