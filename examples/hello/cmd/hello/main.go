// Hello runs the example of package hello: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/hello"
	"github.com/asyncgen/asyncgen/examples/internal/demo"
)

func main() { demo.Main(hello.Main) }
