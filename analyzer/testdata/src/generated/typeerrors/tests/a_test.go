package tests

import (
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func helper() error { // want `^generated code for async function helper is missing \(no helperAsync\): go generate stops at the package's type errors: first fix a_test.go:16: `
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

func TestWork(t *testing.T) {
	var n int = "one"
	_ = n
}
