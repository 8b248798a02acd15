// Package complete declares the FAsync of every //async function, methods
// and generic ones included: nothing to report.
package complete

import "github.com/asyncgen/asyncgen/runtime"

type list[T any] struct{ xs []T }

// async
func (l *list[T]) first() (T, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return l.xs[0], err
}

type value struct{}

// async
func (value) get() int {
	runtime.Await(runtime.Sleep(0))
	return 1
}

// async
func pick[K comparable, V any](m map[K]V, k K) V {
	runtime.Await(runtime.Sleep(0))
	return m[k]
}
