package stale

/*
static int twice(int x) { return 2*x; }
*/
import "C"

import "github.com/asyncgen/asyncgen/runtime"

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// Twice calls C.
func Twice(x int) int { return int(C.twice(C.int(x))) }

// async
func wait() error { // one: generated: generated file s_async.go is stale (s.go changed since): run go generate
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
