// Subprocess runs the example of package subprocess: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/examples/subprocess"
)

func main() { demo.Main(subprocess.Main) }
