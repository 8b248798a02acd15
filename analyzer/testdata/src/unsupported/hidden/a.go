// Package hidden hides a predeclared name that generated code spells: go
// generate refuses the package, and the linter says so once, at the
// declaration, however many //async functions the package has.
package hidden

import "github.com/asyncgen/asyncgen/runtime"

type any = interface{} // want `^package-level any hides Go's predeclared any, which the code generated for //async functions f and g uses: rename it$`

// async
func f() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func g() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// Its own new is fine.
func new() int { return 1 }
