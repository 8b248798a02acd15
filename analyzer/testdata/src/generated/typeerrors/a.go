// Package typeerrors has a type error apart from its //async function: go
// generate type-checks the package before it writes any code, and stops at
// the error, which is to fix first.
package typeerrors

import "github.com/asyncgen/asyncgen/runtime"

// async
func work() error { // want `^generated code for async function work is missing \(no workAsync\): go generate stops at the package's type errors: first fix b.go:9: cannot use "x" \(untyped string constant\) as int value in return statement$`
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

func main() {
	_, _ = runtime.Run(workAsync()) // want `^workAsync is not generated yet: go generate stops at the package's type errors: first fix b.go:9: `
}
