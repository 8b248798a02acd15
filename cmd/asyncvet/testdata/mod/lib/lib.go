// Package lib has an //async function that package app calls directly,
// which only facts passed between packages reveal.
package lib

import "github.com/asyncgen/asyncgen/runtime"

// async
func Get(n int) (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return n, err
}
