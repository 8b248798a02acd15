// Cancel runs the example of package cancel: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/cancel"
	"github.com/asyncgen/asyncgen/examples/internal/demo"
)

func main() { demo.Main(cancel.Main) }
