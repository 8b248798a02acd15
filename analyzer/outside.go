package analyzer

import (
	"go/ast"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// OutsideAsync reports runtime.Await and runtime.Spawn where asyncgen does
// not compile them: in functions that are not //async, and in func literals
// (literals are never async, even inside an //async function).
var OutsideAsync = &analysis.Analyzer{
	Name:     "outsideasync",
	Doc:      "report runtime.Await and Spawn outside //async functions\n\nThe intrinsics runtime.Await and runtime.Spawn are compiled only in the\nbody of an //async function; anywhere else, including func literals\nwithin one, they panic when executed.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#OutsideAsync",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runOutsideAsync,
}

func runOutsideAsync(pass *analysis.Pass) (any, error) {
	pass = ignoring(pass, "outsideasync")
	if inRuntime(pass) {
		return nil, nil // the intrinsics' own declarations
	}
	x := index(pass)
	seen := map[*ast.FuncLit]bool{}
	for _, f := range sourceFiles(pass) {
		walkStack(f, func(n ast.Node, stack []ast.Node) bool {
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
			alt := "run the coroutine with runtime.Run, or await it from an //async function"
			if name == "Spawn" {
				alt = "use runtime.SpawnOn(loop, c), or spawn from an //async function"
			}
			switch {
			case lit != nil && (decl == nil || x.Decl(decl) == nil):
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
			case x.Decl(decl) == nil && decl.Recv == nil && (decl.Name.Name == "init" || decl.Name.Name == "main" && pass.Pkg.Name() == "main" || isTestFunc(pass, decl)):
				// These cannot be //async: their signatures are fixed.
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: "outsideasync",
					Message: "runtime." + name + " outside an //async function: move this code into an //async function and run it with runtime.Run",
				})
			case x.Decl(decl) == nil:
				pass.Report(analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: "outsideasync",
					Message: "runtime." + name + " outside an //async function: mark " + decl.Name.Name + " //async and run go generate, or " + alt,
				})
			case lit != nil && !deferred(stack, lit) && !seen[lit]:
				seen[lit] = true
				// Validate refuses it too, at the call (category unsupported);
				// this names the literal that is not async.
				pass.Report(analysis.Diagnostic{
					Pos: lit.Pos(), End: lit.Type.End(), Category: "outsideasync",
					Message: "func literal calls runtime." + name + " but literals are not async: make it a named //async function and await its coroutine",
				})
			}
			return true
		})
	}
	return nil, nil
}

// deferred reports whether lit is the function of a defer statement (a case
// left to [DeferAwait]).
func deferred(stack []ast.Node, lit *ast.FuncLit) bool {
	for i := len(stack) - 1; i >= 2; i-- {
		if stack[i] == lit {
			call, ok := stack[i-1].(*ast.CallExpr)
			if !ok || call.Fun != lit {
				return false
			}
			_, ok = stack[i-2].(*ast.DeferStmt)
			return ok
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
