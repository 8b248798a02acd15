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
