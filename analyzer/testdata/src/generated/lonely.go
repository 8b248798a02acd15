package generated

import "github.com/asyncgen/asyncgen/runtime"

// async
func lonely() error { // want `generated code for async function lonely is missing \(no lonelyAsync\): run go generate`
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

type derived struct{ base }

// derived's own Get has no generated code yet: the GetAsync that base
// promotes is not it.
//
// async
func (derived) Get() (int, error) { // want `generated code for async function Get is missing \(no GetAsync\): run go generate`
	_, err := runtime.Await(runtime.Sleep(0))
	return 2, err
}
