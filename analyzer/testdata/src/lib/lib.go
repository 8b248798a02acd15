// Package lib declares //async functions that other cases call, so that
// their diagnostics depend on facts exported across packages.
package lib

import "github.com/asyncgen/asyncgen/runtime"

// Get is //async.
//
// async
func Get(n int) (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return n, err
}

// Store has an //async method.
type Store struct{}

// Load is //async.
//
// async
func (s *Store) Load(key string) (string, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return key, err
}

// Plain is not //async.
func Plain() int { return 1 }

// Handler is served by Register: its method returns a coroutine, as an
// //async method's FAsync does.
type Handler interface {
	ServeAsync() runtime.Coro[struct{}]
}

// Register takes a Handler.
func Register(h Handler) {}

// GoIt takes what has a GoAsync coroutine, through a constraint.
func GoIt[T interface{ GoAsync() runtime.Coro[struct{}] }](t T) {}
