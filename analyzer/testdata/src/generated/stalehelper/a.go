// Package stalehelper had its helper g renamed to h since a_async.go was
// generated, which still calls g: its type error, which its //line
// directives place in a.go, is not one that go generate stops at, since
// asyncgen replaces the stale file.
package stalehelper

import "github.com/asyncgen/asyncgen/runtime"

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

func h() int { return 1 }

// async
func F() (int, error) { // want `^generated file a_async.go is stale \(a.go changed since\): run go generate$`
	_, err := runtime.Await(runtime.Sleep(0))
	return h(), err
}
