// Fetch runs the example of package fetch: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/fetch"
	"github.com/asyncgen/asyncgen/examples/internal/demo"
)

func main() { demo.Main(fetch.Main) }
