//go:build go1.22

package unsupported

import "github.com/asyncgen/asyncgen/runtime"

// A file of Go 1.22 cannot declare the generic alias that a local alias of
// a generic function held across an await becomes at package level.
//
// async
func oldAlias[T any](v T) (T, error) {
	type pair = struct{ a, b T }
	p := pair{v, v} // want `type pair is an alias declared inside a generic function and cannot be held in its frame across an await before go1.24, which generic aliases need: declare it at package level, or raise the go version of the module`
	_, err := runtime.Await(runtime.Sleep(0))
	return p.b, err
}
