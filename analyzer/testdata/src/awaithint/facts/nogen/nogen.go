// Package nogen has an //async function whose code is not generated yet:
// its importers know it for one from its fact.
package nogen

import "github.com/asyncgen/asyncgen/runtime"

// async
func Fetch(n int) error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
