package analyzer

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// DirectCall reports calls of an //async function F itself: its body runs
// only as the state machine that FAsync makes, so F must be called as
// runtime.Await(FAsync(...)). Inside an //async function the rewrite is
// offered as a fix when the call's results keep their meaning.
var DirectCall = &analysis.Analyzer{
	Name:     "directcall",
	Doc:      "report direct calls of //async functions\n\nAn //async function F is compiled into FAsync, which makes a coroutine;\nthe source body of F is never run as written. Call it as\nruntime.Await(FAsync(...)) in an //async function, or run it with\nruntime.Run(FAsync(...)).",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#DirectCall",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runDirectCall,
}

func runDirectCall(pass *analysis.Pass) (any, error) {
	pass = rulePass(pass, "directcall")
	x := index(pass)
	for _, f := range sourceFiles(pass) {
		walkStack(f, func(n ast.Node, stack []ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn := calleeFunc(pass.TypesInfo, call)
			fact := x.Fact(fn)
			if fact == nil {
				return true
			}
			async := asyncRef(pass.TypesInfo, fn, call.Fun)
			d := analysis.Diagnostic{
				Pos: call.Pos(), End: call.End(), Category: "directcall",
			}
			switch {
			case innermostAsync(x, stack):
			case enclosingAsync(x, stack):
				d.Message = "call of async function " + funcName(fn) + " in a func literal, which is not async: make the literal a named //async function, or spawn " + async + "(...) from the enclosing function"
				pass.Report(d)
				return true
			default:
				d.Message = "call of async function " + funcName(fn) + " outside an //async function: run it with runtime.Run(" + async + "(...))"
				pass.Report(d)
				return true
			}
			d.Message = "call of async function " + funcName(fn) + " runs its body as plain Go, where runtime.Await panics: await " + async + "(...) instead"
			switch g := goOrDefer(stack); {
			case g == nil:
			case g.Call() == call && g.Go:
				d.Message = "go statement of async function " + funcName(fn) + " runs its body as plain Go, where runtime.Await panics: spawn it, t := runtime.Spawn(" + async + "(...)), and await t where its result is needed"
			case g.Call() == call:
				d.Message = "deferred call of async function " + funcName(fn) + " runs its body as plain Go, where runtime.Await panics: await " + async + "(...) before each return instead (go generate refuses runtime.Await in a deferred call)"
			default:
				d.Message = "call of async function " + funcName(fn) + " runs its body as plain Go, where runtime.Await panics: await " + async + "(...) in a statement of its own before the " + g.Keyword() + " statement, and pass its result"
			}
			_, stmt := stack[len(stack)-1].(*ast.ExprStmt)
			id := calleeIdent(call.Fun)
			switch {
			case id == nil || !awaitAllowed(stack):
			case stmt:
				// Its results were dropped; the await's error, F's or
				// the task's cancellation, ends the function.
				if before, after, edits, ok := awaitStatement(pass, f, x, call, stack); ok {
					edits = append(edits, insert(call.Pos(), before), insert(id.End(), "Async"), insert(call.End(), after))
					d.SuggestedFixes = []analysis.SuggestedFix{{
						Message:   "Await " + async + "(...) and return its error",
						TextEdits: edits,
					}}
				}
			case fact.Shape == ShapeValueError:
				if rt, edits, ok := runtimeRef(pass, f, call.Pos(), "Await"); ok {
					edits = append(edits,
						insert(call.Pos(), rt+"Await("),
						insert(id.End(), "Async"),
						insert(call.End(), ")"))
					d.SuggestedFixes = []analysis.SuggestedFix{{
						Message:   "Call " + rt + "Await(" + async + "(...))",
						TextEdits: edits,
					}}
				}
			}
			pass.Report(d)
			return true
		})
		reportAsyncValues(pass, x, f)
	}
	return nil, nil
}

// goOrDeferStmt is a go or defer statement.
type goOrDeferStmt struct {
	Go   bool
	Stmt ast.Stmt
}

func (g *goOrDeferStmt) Call() *ast.CallExpr {
	if s, ok := g.Stmt.(*ast.GoStmt); ok {
		return s.Call
	}
	return g.Stmt.(*ast.DeferStmt).Call
}

func (g *goOrDeferStmt) Keyword() string {
	if g.Go {
		return "go"
	}
	return "defer"
}

// goOrDefer returns the go or defer statement that a node with ancestors
// stack is part of, within its innermost function, or nil.
func goOrDefer(stack []ast.Node) *goOrDeferStmt {
	for i := len(stack) - 1; i >= 0; i-- {
		switch s := stack[i].(type) {
		case *ast.GoStmt:
			return &goOrDeferStmt{Go: true, Stmt: s}
		case *ast.DeferStmt:
			return &goOrDeferStmt{Stmt: s}
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
	}
	return nil
}

// innermostAsync reports whether the innermost function around a node with
// this stack is an //async function (not a func literal).
func innermostAsync(x *Index, stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch s := stack[i].(type) {
		case *ast.FuncLit:
			return false
		case *ast.FuncDecl:
			return x.Decl(s) != nil
		}
	}
	return false
}

// enclosingAsync reports whether the function declaration around a node
// with this stack is an //async function, whatever literals lie between.
func enclosingAsync(x *Index, stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		if d, ok := stack[i].(*ast.FuncDecl); ok {
			return x.Decl(d) != nil
		}
	}
	return false
}

// asyncRef spells FAsync for the //async function fn as e, an expression
// that names fn, does: FAsync, or pkg.FAsync when e names fn through an
// import of its package, pkg being the name the file imports it under.
func asyncRef(info *types.Info, fn *types.Func, e ast.Expr) string {
	async := AsyncName(fn.Name())
	switch x := ast.Unparen(e).(type) {
	case *ast.IndexExpr:
		e = x.X
	case *ast.IndexListExpr:
		e = x.X
	}
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			if _, ok := info.Uses[id].(*types.PkgName); ok {
				return id.Name + "." + async
			}
		}
	}
	return async
}

// calleeIdent returns the identifier naming the function in a call's Fun:
// f, x.f, pkg.f, f[T], x.f[T1, T2].
func calleeIdent(fun ast.Expr) *ast.Ident {
	fun = ast.Unparen(fun)
	switch e := fun.(type) {
	case *ast.IndexExpr:
		fun = e.X
	case *ast.IndexListExpr:
		fun = e.X
	}
	switch e := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}
