// Timeout runs the example of package timeout: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/timeout"
	"github.com/asyncgen/asyncgen/examples/internal/demo"
)

func main() { demo.Main(timeout.Main) }
