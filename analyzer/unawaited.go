package analyzer

import (
	"go/ast"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// Unawaited reports coroutines that are made and then dropped: a call
// returning runtime.Coro used as a statement, assigned to the blank
// identifier, or made in a go or defer statement. Like an async def called
// without await in Python, such a coroutine never runs.
var Unawaited = &analysis.Analyzer{
	Name:     "unawaited",
	Doc:      "report coroutines that are never awaited or spawned\n\nMaking a coroutine runs nothing: FAsync(...) must be passed to\nruntime.Await, runtime.Spawn, runtime.Run or another function, or it\nnever runs. Inside an //async function a dropped coroutine statement is\noffered a fix that awaits it and returns its error, in a function\nwith an error result.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#Unawaited",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runUnawaited,
}

func runUnawaited(pass *analysis.Pass) (any, error) {
	pass = rulePass(pass, "unawaited")
	if inRuntime(pass) {
		return nil, nil // the runtime's own tests
	}
	x := index(pass)
	for _, f := range sourceFiles(pass) {
		walkStack(f, func(n ast.Node, stack []ast.Node) bool {
			var call *ast.CallExpr
			var stmt ast.Node // the statement a fix can make an await of
			switch n := n.(type) {
			case *ast.ExprStmt:
				call, _ = ast.Unparen(n.X).(*ast.CallExpr)
				stmt = n
			case *ast.GoStmt:
				call, stack = n.Call, append(slices.Clip(stack), n)
			case *ast.DeferStmt:
				call, stack = n.Call, append(slices.Clip(stack), n)
			case *ast.AssignStmt, *ast.ValueSpec:
				for _, e := range blankValues(n) {
					if c, ok := ast.Unparen(e).(*ast.CallExpr); ok {
						reportUnawaited(pass, x, f, c, stack, nil)
					}
				}
				return true
			default:
				return true
			}
			if call != nil {
				reportUnawaited(pass, x, f, call, stack, stmt)
			}
			return true
		})
	}
	return nil, nil
}

// reportUnawaited reports call, whose ancestors are stack, if it makes an
// awaitable; stmt is the expression statement call is, where the fix can
// await it, or nil.
func reportUnawaited(pass *analysis.Pass, x *Index, f *ast.File, call *ast.CallExpr, stack []ast.Node, stmt ast.Node) {
	tv, ok := pass.TypesInfo.Types[call]
	if !ok || !tv.IsValue() || !isAwaitable(tv.Type) {
		return
	}
	coro := isCoro(tv.Type)
	what := "awaitable"
	if coro {
		what = "coroutine"
	}
	if fn := calleeFunc(pass.TypesInfo, call); fn != nil {
		what += " " + fn.Name() + "(...)"
	}
	// Only a coroutine can be spawned or run, and only an //async
	// function can await.
	var advice string
	g := goOrDefer(stack)
	switch {
	case innermostAsync(x, stack) && g != nil && g.Call() == call && g.Go && coro:
		advice = "spawn it in place of the go statement (t := runtime.Spawn(...)), or it never runs"
	case innermostAsync(x, stack) && g != nil && g.Call() == call && g.Go:
		advice = "a go statement cannot run it: await it in the //async function instead, or it never runs"
	case innermostAsync(x, stack) && g != nil && g.Call() == call:
		advice = "await it before each return instead (go generate refuses runtime.Await in a deferred call), or it never runs"
	case innermostAsync(x, stack) && g != nil:
		advice = "await it in a statement of its own before the " + g.Keyword() + " statement and pass the result, or it never runs"
	case innermostAsync(x, stack) && coro:
		advice = "pass it to runtime.Await or runtime.Spawn, or it never runs"
	case innermostAsync(x, stack):
		advice = "pass it to runtime.Await, or it never runs"
	case enclosingAsync(x, stack) && coro:
		advice = "await or spawn it in the enclosing //async function, not in a func literal, or it never runs"
	case enclosingAsync(x, stack):
		advice = "await it in the enclosing //async function, not in a func literal, or it never runs"
	case coro:
		advice = "run it with runtime.Run, or it never runs"
	default:
		advice = "only an //async function can await it, and until then it does nothing"
	}
	d := analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(), Category: "unawaited",
		Message: what + " is never awaited: " + advice,
	}
	if stmt != nil && innermostAsync(x, stack) && awaitAllowed(stack) {
		if before, after, edits, ok := awaitStatement(pass, f, x, call, append(slices.Clip(stack), stmt)); ok {
			edits = append(edits, insert(call.Pos(), before), insert(call.End(), after))
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Await it and return its error", TextEdits: edits}}
		}
	}
	pass.Report(d)
}

// DroppedTask reports runtime.Spawn(...) used as a statement (or assigned to
// the blank identifier): the task's result, its error and any panic it
// raises are lost, and nothing can cancel it.
var DroppedTask = &analysis.Analyzer{
	Name:     "droppedtask",
	Doc:      "report tasks from runtime.Spawn that are dropped\n\nA task that nobody keeps cannot be awaited or cancelled, and its error\nis lost. Keep it (t := runtime.Spawn(c)) and await it, or await the\ncoroutine directly.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#DroppedTask",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runDroppedTask,
}

func runDroppedTask(pass *analysis.Pass) (any, error) {
	pass = rulePass(pass, "droppedtask")
	if inRuntime(pass) {
		return nil, nil // the runtime's own tests
	}
	x := index(pass)
	for _, f := range sourceFiles(pass) {
		walkStack(f, func(n ast.Node, stack []ast.Node) bool {
			var calls []ast.Expr
			switch n := n.(type) {
			case *ast.ExprStmt:
				calls = append(calls, n.X)
			case *ast.AssignStmt, *ast.ValueSpec:
				calls = blankValues(n)
			}
			for _, e := range calls {
				call, ok := ast.Unparen(e).(*ast.CallExpr)
				if !ok || Intrinsic(pass.TypesInfo, call) != "Spawn" {
					continue
				}
				if !innermostAsync(x, stack) {
					// A Spawn outside an //async function's own body is
					// reported by outsideasync or unsupported, once.
					continue
				}
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: "droppedtask",
					Message: "task from runtime.Spawn is dropped: its result and error are lost; keep it (t := runtime.Spawn(...)) and await it",
				})
			}
			return true
		})
	}
	return nil, nil
}

// blankValues returns the values that an assignment or a var declaration
// gives to the blank identifier (_ = x, var _ = x), one to one.
func blankValues(n ast.Node) []ast.Expr {
	var lhs, rhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		lhs, rhs = n.Lhs, n.Rhs
	case *ast.ValueSpec:
		for _, id := range n.Names {
			lhs = append(lhs, id)
		}
		rhs = n.Values
	}
	if len(lhs) != len(rhs) {
		return nil
	}
	var out []ast.Expr
	for i, l := range lhs {
		if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
			out = append(out, rhs[i])
		}
	}
	return out
}
