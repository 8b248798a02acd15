// Echo runs the example of package echo: see its documentation.
package main

import (
	"github.com/asyncgen/asyncgen/examples/echo"
	"github.com/asyncgen/asyncgen/examples/internal/demo"
)

func main() { demo.Main(echo.Main) }
