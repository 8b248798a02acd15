package analyzer

import (
	"go/ast"
	"go/types"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// OutsideAsync reports runtime.Await and runtime.Spawn where asyncgen does
// not compile them, outside //async functions: in functions that are not
// //async, func literals within them, and package-level initializers, and
// taken as function values there. In an
// //async function, an intrinsic in a func literal (literals are never
// async) is refused by go generate, and [Unsupported] reports it.
var OutsideAsync = &analysis.Analyzer{
	Name:     "outsideasync",
	Doc:      "report runtime.Await and Spawn outside //async functions\n\nThe intrinsics runtime.Await and runtime.Spawn are compiled only in the\nbody of an //async function; anywhere else they panic when executed, and\nso does a function value made of them.\nIn a func literal within an //async function, go generate refuses them,\nand the unsupported rule reports them.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#OutsideAsync",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runOutsideAsync,
}

func runOutsideAsync(pass *analysis.Pass) (any, error) {
	pass = rulePass(pass, "outsideasync")
	if inRuntime(pass) {
		return nil, nil // the intrinsics' own declarations
	}
	x := index(pass)
	for _, f := range sourceFiles(pass) {
		walkStack(f, func(n ast.Node, stack []ast.Node) bool {
			switch n.(type) {
			case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr:
				// An intrinsic as a value: await := runtime.Await[int].
				e := n.(ast.Expr)
				name := intrinsicName(pass.TypesInfo, e)
				if name == "" {
					return true
				}
				if !calledAt(e, stack) && !inAsyncDecl(x, stack) {
					pass.Report(analysis.Diagnostic{
						Pos: e.Pos(), End: e.End(), Category: "outsideasync",
						Message: "runtime." + name + " used as a value, which panics when called: call runtime." + name + " directly in an //async function",
					})
				}
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := Intrinsic(pass.TypesInfo, call)
			if name == "" {
				return true
			}
			var decl *ast.FuncDecl
			var lit *ast.FuncLit
			for _, s := range stack {
				switch s := s.(type) {
				case *ast.FuncDecl:
					decl = s
				case *ast.FuncLit:
					if lit == nil {
						lit = s
					}
				}
			}
			if decl != nil && x.Decl(decl) != nil {
				// In an //async function: compiled, or refused by go
				// generate (in a func literal), which Unsupported reports.
				return true
			}
			alt := "run the coroutine with runtime.Run, or await it from an //async function"
			if name == "Spawn" {
				alt = "use runtime.SpawnOn(loop, c), or spawn from an //async function"
			}
			switch {
			case lit != nil:
				// Marking the function around the literal would not help.
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: "outsideasync",
					Message: "runtime." + name + " in a func literal, which is not async: make the literal a named //async function and run its coroutine with runtime.Run, or await or spawn it from an //async function",
				})
			case decl == nil:
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: "outsideasync",
					Message: "runtime." + name + " outside an //async function: " + alt,
				})
			case decl.Recv == nil && (decl.Name.Name == "init" || decl.Name.Name == "main" && pass.Pkg.Name() == "main" || isTestFunc(pass, decl)):
				// These cannot be //async: their signatures are fixed.
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: "outsideasync",
					Message: "runtime." + name + " outside an //async function: move this code into an //async function and run it with runtime.Run",
				})
			case !asyncResults(pass.TypesInfo, decl):
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: "outsideasync",
					Message: "runtime." + name + " outside an //async function: " + decl.Name.Name + " cannot be //async with its results (want (T, error), T, error or none): change them and mark it //async, or " + alt,
				})
			default:
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: "outsideasync",
					Message: "runtime." + name + " outside an //async function: mark " + decl.Name.Name + " //async and run go generate, or " + alt,
				})
			}
			return true
		})
	}
	return nil, nil
}

// calledAt reports whether e, whose ancestors are stack, is the function of
// a call.
func calledAt(e ast.Expr, stack []ast.Node) bool {
	var inner ast.Node = e
	for i := len(stack) - 1; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr:
			inner = p
			continue
		case *ast.CallExpr:
			return p.Fun == inner
		}
		return false
	}
	return false
}

// asyncResults reports whether decl's results are a shape an //async
// function may have.
func asyncResults(info *types.Info, decl *ast.FuncDecl) bool {
	fn, ok := info.Defs[decl.Name].(*types.Func)
	if !ok {
		return true // unknown: the usual advice
	}
	shape, _ := ShapeOf(fn.Type().(*types.Signature))
	return shape != ShapeInvalid
}

// inAsyncDecl reports whether stack, the ancestors of a node, is in the
// declaration of an //async function, where Validate judges what it holds.
func inAsyncDecl(x *Index, stack []ast.Node) bool {
	for _, s := range stack {
		if d, ok := s.(*ast.FuncDecl); ok {
			return x.Decl(d) != nil
		}
	}
	return false
}

// isTestFunc reports whether decl is a function that go test calls: a
// test, benchmark, fuzz test or example (TestMain among them) in a
// _test.go file.
func isTestFunc(pass *analysis.Pass, decl *ast.FuncDecl) bool {
	if tf := pass.Fset.File(decl.Pos()); tf == nil || !strings.HasSuffix(tf.Name(), "_test.go") {
		return false
	}
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if rest, ok := strings.CutPrefix(decl.Name.Name, prefix); ok {
			r, _ := utf8.DecodeRuneInString(rest)
			return rest == "" || !unicode.IsLower(r)
		}
	}
	return false
}
