// Shutdown runs the example of package shutdown: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/examples/shutdown"
)

func main() { demo.Main(shutdown.Main) }
