// Workers runs the example of package workers: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/examples/workers"
)

func main() { demo.Main(workers.Main) }
