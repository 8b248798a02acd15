package analyzer

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// LockAcrossAwait reports a runtime.Await reached while a sync.Mutex or
// sync.RWMutex locked earlier in the same block is still held: the task
// suspends holding the lock, and any other task that locks it blocks the
// whole event loop, usually for good.
var LockAcrossAwait = &analysis.Analyzer{
	Name:     "lockacrossawait",
	Doc:      "report sync mutexes held across runtime.Await\n\nA task that suspends while holding a sync.Mutex makes every other task\nthat locks it block the event loop's goroutine, which deadlocks the\nloop. Unlock before awaiting, or use runtime.NewLock, whose Acquire is\nawaited.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#LockAcrossAwait",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runLockAcrossAwait,
}

func runLockAcrossAwait(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	asyncBodies(pass, func(af *AsyncFunc) {
		ast.Inspect(af.Decl.Body, func(n ast.Node) bool {
			var list []ast.Stmt
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BlockStmt:
				list = n.List
			case *ast.CaseClause:
				list = n.Body
			case *ast.CommClause:
				list = n.Body
			default:
				return true
			}
			for i, s := range list {
				key, lock := mutexCall(info, s, "Lock", "RLock")
				if key == "" {
					continue
				}
				if await := heldAwait(info, list[i+1:], key); await != nil {
					pass.Report(analysis.Diagnostic{
						Pos: await.Pos(), End: await.End(), Category: "lockacrossawait",
						Message: "runtime.Await while " + key + " (" + lock + ") is held: unlock before awaiting, or use runtime.NewLock and await its Acquire",
					})
				}
			}
			return true
		})
	})
	return nil, nil
}

// mutexCall returns the receiver's text and type ("mu", "sync.Mutex") when s
// is the statement mu.M() for a method M in names of sync.Mutex or
// sync.RWMutex, and "" otherwise.
func mutexCall(info *types.Info, s ast.Stmt, names ...string) (key, typ string) {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return "", ""
	}
	return mutexCallExpr(info, es.X, names...)
}

func mutexCallExpr(info *types.Info, e ast.Expr, names ...string) (key, typ string) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return "", ""
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", ""
	}
	fn := calleeFunc(info, call)
	for _, t := range []string{"Mutex", "RWMutex"} {
		if isMethod(fn, "sync", t, names...) {
			return types.ExprString(sel.X), "sync." + t
		}
	}
	return "", ""
}

// heldAwait returns the first await in stmts that comes before key is
// unlocked, not looking into func literals. A deferred unlock keeps the
// lock held to the end of the function.
func heldAwait(info *types.Info, stmts []ast.Stmt, key string) *ast.CallExpr {
	for _, s := range stmts {
		if k, _ := mutexCall(info, s, "Unlock", "RUnlock"); k == key {
			return nil
		}
		var await *ast.CallExpr
		unlocked := false
		ast.Inspect(s, func(n ast.Node) bool {
			if await != nil || unlocked {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.DeferStmt:
				return false // runs at return, after any await here
			case *ast.CallExpr:
				if k, _ := mutexCallExpr(info, n, "Unlock", "RUnlock"); k == key {
					unlocked = true
					return false
				}
				if Intrinsic(info, n) == "Await" {
					await = n
					return false
				}
			}
			return true
		})
		if await != nil {
			return await
		}
		if unlocked {
			return nil
		}
	}
	return nil
}
