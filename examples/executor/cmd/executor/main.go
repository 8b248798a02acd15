// Executor runs the example of package executor: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/executor"
	"github.com/asyncgen/asyncgen/examples/internal/demo"
)

func main() { demo.Main(executor.Main) }
