package refused

/*
static int twice(int x) { return 2*x; }
*/
import "C"

import "github.com/asyncgen/asyncgen/runtime"

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// async
func twice(x int) (int, error) { // one: generated: generated code for async function twice is missing (no twiceAsync): go generate refuses the package: first fix r.go:15: //async function twice uses cgo
	_, err := runtime.Await(runtime.Sleep(0))
	return int(C.twice(C.int(x))), err // one: unsupported: //async function twice uses cgo
}

// async
func pairUp[T any](v T) (T, error) { // one: generated: generated code for async function pairUp is missing (no pairUpAsync): go generate refuses the package: first fix r.go:15
	type pair[U any] struct {
		a T
		b U
	}
	p := pair[int]{v, 1} // one: unsupported: type pair is a generic type declared inside a generic function
	_, err := runtime.Await(runtime.Sleep(0))
	return p.a, err
}
