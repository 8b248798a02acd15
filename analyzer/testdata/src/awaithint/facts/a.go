// Package facts awaits the call of another package's //async function,
// whose generated code is missing, instead of its coroutine.
package facts

import (
	"cases/awaithint/facts/nogen"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func use() error { // want `: first fix a.go:13: in call to runtime.Await, type error of nogen.Fetch\(1\) does not match .*; nogen.Fetch is //async: runtime.Await takes its coroutine, nogen.FetchAsync\(1\)$`
	_, err := runtime.Await(nogen.Fetch(1))
	return err
}
