// Fetch runs the example of package fetch: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/examples/fetch"
)

func main() { demo.Main(fetch.Main) }
