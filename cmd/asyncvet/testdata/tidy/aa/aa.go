// Package aa calls zz's method as it was: its type error is in its
// generated file too, placed at the same line by //line directives.
package aa

import (
	"example.com/mod/zz"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func Use() (string, error) {
	c := &zz.Client{}
	return runtime.Await(c.GetAsync("/p"))
}
