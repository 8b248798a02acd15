// Tasks runs the example of package tasks: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/examples/tasks"
)

func main() { demo.Main(tasks.Main) }
