// Package imported awaits the call of another package's //async method,
// whose generated code is there, instead of its coroutine.
package imported

import (
	"cases/lib"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func use(s *lib.Store) error { // want `: first fix a.go:13: too many arguments in call to runtime.Await; lib.Store.Load is //async: runtime.Await takes its coroutine, s.LoadAsync\("k"\)\n`
	_, err := runtime.Await(s.Load("k"))
	return err
}
