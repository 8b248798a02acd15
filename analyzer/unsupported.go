package analyzer

import (
	"golang.org/x/tools/go/analysis"
)

// Unsupported reports the problems [Validate] and [PackageProblems] find,
// the ones that make asyncgen refuse a package, so the editor shows what go
// generate would refuse. It reports every one of them, and cannot be
// silenced: go generate refuses the code whatever the linter is told. The
// other rules leave these problems to it, so that each shows once.
//
// It runs despite type errors, which a package has until go generate has
// written the FAsync it uses: then each //async function whose declaration
// type-checks but for such uses is checked (without the lowering, which
// needs every type), so that a refusal shows before go generate is run.
var Unsupported = &analysis.Analyzer{
	Name:             "unsupported",
	Doc:              "report what asyncgen cannot compile\n\nThe signatures and constructs that go generate refuses in an //async\nfunction (runtime.Await or Spawn in a func literal or a deferred call\namong them), package-level declarations that hide predeclared names\nthe generated code uses, and //async lines that mark nothing (not in the\ndoc comment of a top-level function declaration), found by the very validation asyncgen runs\n(analyzer.Validate and analyzer.PackageProblems). It cannot be silenced.",
	URL:              "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#Unsupported",
	Requires:         []*analysis.Analyzer{Funcs},
	Run:              runUnsupported,
	RunDespiteErrors: true,
}

func runUnsupported(pass *analysis.Pass) (any, error) {
	for _, p := range index(pass).refusals().all() {
		pass.Report(analysis.Diagnostic{Pos: p.Pos, Category: "unsupported", Message: p.Message})
	}
	return nil, nil
}
