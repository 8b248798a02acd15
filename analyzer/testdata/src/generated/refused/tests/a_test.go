package tests

import (
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func helper() error { // want `^generated code for async function helper is missing \(no helperAsync\): go generate refuses the package: first fix a_test.go:17: runtime.Await in a defer statement`
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func refused() error { // want `generated code for async function refused is missing \(no refusedAsync\): go generate refuses the package: first fix a_test.go:17`
	defer runtime.Await(runtime.Sleep(0))
	return nil
}

func TestWork(t *testing.T) {}
