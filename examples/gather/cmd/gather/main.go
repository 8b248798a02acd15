// Gather runs the example of package gather: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/gather"
	"github.com/asyncgen/asyncgen/examples/internal/demo"
)

func main() { demo.Main(gather.Main) }
