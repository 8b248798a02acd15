// Timeout runs the example of package timeout: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/examples/timeout"
)

func main() { demo.Main(timeout.Main) }
