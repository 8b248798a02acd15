// Package undefined calls a coroutine constructor that go generate has not
// written yet, so it does not type-check.
package undefined

import "github.com/asyncgen/asyncgen/runtime"

// async
func fetch() error { // want `generated code for async function fetch is missing \(no fetchAsync\): run go generate`
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

func main() {
	_, _ = runtime.Run(fetchAsync()) // want `fetchAsync is not generated yet: run go generate`
	_, _ = runtime.Run(fetchAsync()) // said once per package
}
