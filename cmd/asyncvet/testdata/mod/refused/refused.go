// Package refused is what go generate refuses: awaits in a func literal
// and in a deferred call, reported whichever rules are turned off.
package refused

import "github.com/asyncgen/asyncgen/runtime"

// async
func cleanup() error {
	f := func() { runtime.Await(runtime.Sleep(0)) }
	f()
	defer runtime.Await(runtime.Sleep(0))
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
