package analyzer

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// GoStmt reports runtime objects (loops, tasks, futures, queues, locks and
// the like) that a go statement hands to another goroutine. Like asyncio's,
// they are not thread-safe: other goroutines reach a loop only through
// (*Loop).CallSoonThreadsafe, and blocking work reaches the loop's executor
// through runtime.ToThread.
var GoStmt = &analysis.Analyzer{
	Name:     "gostmt",
	Doc:      "report runtime objects used inside go statements\n\nThe event loop and everything on it (tasks, futures, queues, locks) are\nnot thread-safe. A go statement may use a *runtime.Loop only to call\nCallSoonThreadsafe, or to run the loop (RunForever, Close,\nRunUntilComplete); use runtime.ToThread for blocking work.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#GoStmt",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runGoStmt,
}

func runGoStmt(pass *analysis.Pass) (any, error) {
	pass = ignoring(pass, "gostmt")
	if inRuntime(pass) {
		return nil, nil // the runtime's own executor and poller
	}
	info := pass.TypesInfo
	for _, f := range sourceFiles(pass) {
		ast.Inspect(f, func(n ast.Node) bool {
			g, ok := n.(*ast.GoStmt)
			if !ok {
				return true
			}
			inner := g.Call // names declared inside it belong to the new goroutine
			reported := map[types.Object]bool{}
			walkStack(g.Call, func(n ast.Node, stack []ast.Node) bool {
				if lit, ok := n.(*ast.FuncLit); ok && len(stack) > 0 {
					// A function handed to CallSoonThreadsafe runs on the loop.
					call, ok := stack[len(stack)-1].(*ast.CallExpr)
					return !ok || call.Fun == lit ||
						!isMethod(calleeFunc(info, call), RuntimePath, "Loop", "CallSoonThreadsafe")
				}
				id, ok := n.(*ast.Ident)
				if !ok {
					return true
				}
				v, ok := info.Uses[id].(*types.Var)
				if !ok || reported[v] || (v.Pos() >= inner.Pos() && v.Pos() < inner.End()) {
					return true
				}
				if !runtimeObject(v.Type()) || threadSafeUse(info, id, stack) {
					return true
				}
				reported[v] = true
				pass.Report(analysis.Diagnostic{
					Pos: id.Pos(), End: id.End(), Category: "gostmt",
					Message: "runtime object " + id.Name + " (" + types.TypeString(v.Type(), byName(pass.Pkg)) + ") used in a go statement: the loop is not thread-safe; use loop.CallSoonThreadsafe or runtime.ToThread",
				})
				return true
			})
			return true
		})
	}
	return nil, nil
}

// runtimeObject reports whether t (or what it points to) is a type of the
// runtime that belongs to a loop. Coroutines (inert until run), options and
// clocks are not.
func runtimeObject(t types.Type) bool {
	n := namedOf(t)
	if n == nil {
		return false
	}
	obj := n.Origin().Obj()
	if obj.Pkg() == nil {
		return false
	}
	if p := obj.Pkg().Path(); p != RuntimePath && p != RuntimePath+"/asyncimpl" {
		return false
	}
	switch obj.Name() {
	case "Coro", "Option", "Clock", "VirtualClock", "PanicError", "Func", "Status":
		return false
	}
	return true
}

// threadSafeUse reports whether the identifier (whose ancestors are stack)
// is used in one of the ways a loop may be used from another goroutine:
// as the receiver of CallSoonThreadsafe, RunForever or Close, or as the loop
// argument of runtime.RunUntilComplete.
func threadSafeUse(info *types.Info, id *ast.Ident, stack []ast.Node) bool {
	// e is the expression the identifier stands for: loop, or s.loop.
	var e ast.Expr = id
	i := len(stack) - 1
	if i >= 0 {
		if sel, ok := stack[i].(*ast.SelectorExpr); ok && sel.Sel == id {
			e, i = sel, i-1
		}
	}
	if i < 0 {
		return false
	}
	switch p := stack[i].(type) {
	case *ast.SelectorExpr:
		if p.X != e || i == 0 {
			return false
		}
		call, ok := stack[i-1].(*ast.CallExpr)
		return ok && call.Fun == p &&
			isMethod(calleeFunc(info, call), RuntimePath, "Loop", "CallSoonThreadsafe", "RunForever", "Close")
	case *ast.CallExpr:
		return len(p.Args) > 0 && p.Args[0] == e && isFunc(calleeFunc(info, p), RuntimePath, "RunUntilComplete")
	}
	return false
}

// byName qualifies types by package name, as a person writes them.
func byName(pkg *types.Package) types.Qualifier {
	return func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
}
