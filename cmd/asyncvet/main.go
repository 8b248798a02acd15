package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/asyncgen/asyncgen/analyzer"
)

func main() { multichecker.Main(analyzer.Analyzers...) }
