// Unawaited runs the example of package unawaited: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/examples/unawaited"
)

func main() { demo.Main(unawaited.Main) }
