// Locks runs the example of package locks: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/examples/locks"
)

func main() { demo.Main(locks.Main) }
