package analyzer

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"
)

// DeferAwait reports runtime.Await in a deferred call of an //async function:
// deferred calls run while the function returns, when it can no longer
// suspend. Validate refuses the same code; the unsupported rule leaves it
// to this one, which names the defer statement, so it is reported once.
var DeferAwait = &analysis.Analyzer{
	Name:     "deferawait",
	Doc:      "report runtime.Await inside deferred functions\n\nDeferred calls run as an //async function returns, panics or is\ncancelled, when it can no longer suspend, so they cannot await. Await\nthe cleanup before each return, or spawn it and keep the task.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#DeferAwait",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runDeferAwait,
}

func runDeferAwait(pass *analysis.Pass) (any, error) {
	pass = ignoring(pass, "deferawait")
	asyncBodies(pass, func(af *AsyncFunc) {
		ast.Inspect(af.Decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.DeferStmt:
				if awaitsIn(pass, n.Call) {
					pass.Report(analysis.Diagnostic{
						Pos: n.Defer, End: n.Call.Fun.End(), Category: "deferawait",
						Message: "deferred function calls runtime.Await but cannot suspend: await the cleanup before returning instead",
					})
				}
				return false
			}
			return true
		})
	})
	return nil, nil
}

// awaitsIn reports whether the deferred call awaits: it is runtime.Await
// itself, or its function is a literal whose body awaits (at any depth).
// Awaits in the call's arguments run at the defer statement and are left to
// Validate.
func awaitsIn(pass *analysis.Pass, call *ast.CallExpr) bool {
	if Intrinsic(pass.TypesInfo, call) == "Await" {
		return true
	}
	lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit)
	if !ok {
		return false
	}
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && Intrinsic(pass.TypesInfo, c) == "Await" {
			found = true
		}
		return !found
	})
	return found
}
