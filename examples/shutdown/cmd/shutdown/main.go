// Shutdown runs the example of package shutdown: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/shutdown"
	"github.com/asyncgen/asyncgen/examples/internal/demo"
)

func main() { demo.Main(shutdown.Main) }
