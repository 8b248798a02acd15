// Package spawn spawns the call of an //async method instead of its
// coroutine.
package spawn

import "github.com/asyncgen/asyncgen/runtime"

type box struct{}

// async
func (box) get(n int) (int, error) { // want `: first fix a.go:18: too many arguments in call to runtime.Spawn; box.get is //async: runtime.Spawn takes its coroutine, b.getAsync\(2\)\n`
	_, err := runtime.Await(runtime.Sleep(0))
	return n, err
}

// async
func use() error { // want `: first fix a.go:18: too many arguments in call to runtime.Spawn; box.get is //async: `
	var b box
	t := runtime.Spawn(b.get(2))
	_, err := runtime.Await(t)
	return err
}
