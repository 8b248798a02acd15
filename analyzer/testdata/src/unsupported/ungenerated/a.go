// Package ungenerated has never been through go generate: the FAsync it
// uses do not exist, so it does not type-check. What go generate would
// refuse is reported all the same, for the //async functions whose only
// errors are those uses.
package ungenerated

import "github.com/asyncgen/asyncgen/runtime"

// async
func work() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func outer() error {
	f := func() error {
		_, err := runtime.Await(workAsync()) // want `runtime.Await in a func literal: func literals cannot be //async`
		return err
	}
	_ = f
	defer runtime.Await(workAsync()) // want `runtime.Await in a defer statement`
	t := runtime.Spawn(workAsync())
	_, err := runtime.Await(t)
	return err
}

// async
func pair() (int, string) { // want `//async function pair has results \(int, string\)`
	_, _ = runtime.Await(workAsync())
	return 0, ""
}

// async
func broken() error {
	defer runtime.Await(runtime.Sleep(0)) // left to the compiler's error below
	return missing
}

func init() {
	t := runtime.Spawn(outerAsync())
	_ = t
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// The errors that an undefined FAsync causes around it (here: not enough
// arguments in call to must) are no others.
//
// async
func knockOn() int {
	defer runtime.Await(runtime.Sleep(0)) // want `runtime.Await in a defer statement`
	return must(runtime.Await(workAsync()))
}
