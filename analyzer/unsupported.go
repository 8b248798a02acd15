package analyzer

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"
)

// Unsupported reports exactly the problems [Validate] finds, the ones that
// make asyncgen refuse a package, so the editor shows what go generate
// would refuse.
var Unsupported = &analysis.Analyzer{
	Name:     "unsupported",
	Doc:      "report what asyncgen cannot compile\n\nThe signatures and constructs that go generate refuses in an //async\nfunction, found by the very validation asyncgen runs (analyzer.Validate).",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#Unsupported",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runUnsupported,
}

func runUnsupported(pass *analysis.Pass) (any, error) {
	for _, af := range index(pass).List {
		if ast.IsGenerated(af.File) {
			continue
		}
		for _, p := range Validate(pass.Fset, pass.TypesInfo, af) {
			pass.Report(analysis.Diagnostic{Pos: p.Pos, Category: "unsupported", Message: p.Message})
		}
	}
	return nil, nil
}
