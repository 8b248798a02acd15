// Package refused has never been through go generate, and go generate
// would refuse it: rather than to run go generate, the rule says what to
// fix first.
package refused

import "github.com/asyncgen/asyncgen/runtime"

// async
func work() error { // want `^generated code for async function work is missing \(no workAsync\): go generate refuses the package: first fix a.go:17: runtime.Await in a func literal: func literals cannot be //async; make the literal a named //async function and await its coroutine \(and 1 more problem that unsupported reports\)$`
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func outer() error { // want `generated code for async function outer is missing \(no outerAsync\): go generate refuses the package: first fix a.go:17`
	f := func() error {
		_, err := runtime.Await(workAsync()) // want `^workAsync is not generated yet: go generate refuses the package: first fix a.go:17: runtime.Await in a func literal`
		return err
	}
	_ = f
	defer runtime.Await(runtime.Sleep(0))
	_, err := runtime.Await(workAsync())
	return err
}
