// Package awaithint awaits the call of an //async function instead of its
// coroutine, runtime.Await(fetch(1)) for runtime.Await(fetchAsync(1)): go
// generate stops at the type error, and the advice says which call to make.
package awaithint

import "github.com/asyncgen/asyncgen/runtime"

// async
func fetch(id int) (string, error) { // want `^generated code for async function fetch is missing \(no fetchAsync\): go generate stops at the package's type errors: first fix a.go:16: too many arguments in call to runtime.Await; fetch is //async: runtime.Await takes its coroutine, fetchAsync\(1\)\n\thave \(string, error\)\n`
	_, err := runtime.Await(runtime.Sleep(0))
	return "x", err
}

// async
func use() error { // want `^generated code for async function use is missing \(no useAsync\): go generate stops at the package's type errors: first fix a.go:16: too many arguments in call to runtime.Await; fetch is //async: runtime.Await takes its coroutine, fetchAsync\(1\)\n`
	s, err := runtime.Await(fetch(1))
	_ = s
	return err
}
