package analyzer

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// Unsupported reports the problems [Validate] and [PackageProblems] find, the ones that make
// asyncgen refuse a package, so the editor shows what go generate would
// refuse. Two kinds have a rule of their own, which names the construct
// rather than the call, and are left to it so that one mistake shows once:
// an intrinsic in a func literal ([OutsideAsync]) and runtime.Await in a
// deferred call ([DeferAwait]).
var Unsupported = &analysis.Analyzer{
	Name:     "unsupported",
	Doc:      "report what asyncgen cannot compile\n\nThe signatures and constructs that go generate refuses in an //async\nfunction, found by the very validation asyncgen runs (analyzer.Validate).",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#Unsupported",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runUnsupported,
}

func runUnsupported(pass *analysis.Pass) (any, error) {
	quiet := map[string]map[string]map[int]bool{
		"outsideasync": silenced(pass, "outsideasync"),
		"deferawait":   silenced(pass, "deferawait"),
	}
	var funcs []*AsyncFunc
	for _, af := range index(pass).List {
		if !ast.IsGenerated(af.File) {
			funcs = append(funcs, af)
		}
	}
	for _, p := range PackageProblems(pass.Fset, pass.Pkg, funcs) {
		pass.Report(analysis.Diagnostic{Pos: p.Pos, Category: "unsupported", Message: p.Message})
	}
	for _, af := range funcs {
		for _, p := range Validate(pass.Fset, pass.TypesInfo, af) {
			if rule, at := reportedByRule(pass, af, p.Pos); rule != "" {
				// Unless silenced there: unsupported cannot be.
				if pos := pass.Fset.Position(at); !quiet[rule][pos.Filename][pos.Line] {
					continue
				}
			}
			pass.Report(analysis.Diagnostic{Pos: p.Pos, Category: "unsupported", Message: p.Message})
		}
	}
	return nil, nil
}

// reportedByRule returns the rule that reports the problem at pos, and where
// it reports it, or "" if none does: OutsideAsync reports an intrinsic in a
// func literal that is not the function of a defer statement (at the
// outermost such literal), DeferAwait anything in a deferred call that
// awaits (at the defer statement).
func reportedByRule(pass *analysis.Pass, af *AsyncFunc, pos token.Pos) (rule string, at token.Pos) {
	path, _ := astutil.PathEnclosingInterval(af.File, pos, pos)
	stack := make([]ast.Node, len(path)) // outermost first, as walkStack gives it
	var lit *ast.FuncLit
	var def *ast.DeferStmt
	for i, n := range path {
		stack[len(path)-1-i] = n
	}
	for _, n := range stack {
		switch n := n.(type) {
		case *ast.FuncLit:
			if lit == nil {
				lit = n
			}
		case *ast.DeferStmt:
			if lit == nil && def == nil {
				def = n
			}
		}
	}
	switch {
	case lit != nil && !deferred(stack, lit):
		return "outsideasync", lit.Pos()
	case def != nil && awaitsIn(pass, def.Call) && (lit != nil || def.Call.Pos() == pos):
		// In the deferred call that awaits, or in the literal it calls.
		return "deferawait", def.Defer
	}
	return "", token.NoPos
}
