package analyzer

import (
	"go/ast"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// AwaitErr reports runtime.Await(...) used as a statement in an //async
// function: its results, and so its error, are dropped without a word.
// Cancellation arrives as that error (runtime.ErrCancelled), so a task
// cancelled while it waits there goes on as if nothing happened: a
// cancelled loop of awaited sleeps never ends, and runtime.Run, which
// cancels the tasks left at its end and waits for them, never returns. In
// asyncio the CancelledError propagates unless caught on purpose. As
// errcheck does, an explicit blank (_, _ = runtime.Await(x), or v, _ :=)
// is taken as a discard on purpose and not reported.
var AwaitErr = &analysis.Analyzer{
	Name:     "awaiterr",
	Doc:      "report runtime.Await statements that drop the error\n\nCancellation arrives as the error of the runtime.Await that was waiting\n(runtime.ErrCancelled). runtime.Await(x) as a statement drops it, and\nthe cancelled function goes on: a loop of such awaits never ends, nor\ndoes runtime.Run, which waits for the tasks it cancels. Check the error\n(if _, err := runtime.Await(x); err != nil { return err }) or discard\nit on purpose (_, _ = runtime.Await(x)). In an //async function with an\nerror result, a statement that can become an if statement is offered\nthat check as a fix.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#AwaitErr",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runAwaitErr,
}

func runAwaitErr(pass *analysis.Pass) (any, error) {
	pass = rulePass(pass, "awaiterr")
	x := index(pass)
	for _, f := range sourceFiles(pass) {
		if inRuntime(pass) && !runtimeExample(pass, f) {
			continue
		}
		walkStack(f, func(n ast.Node, stack []ast.Node) bool {
			stmt, ok := n.(*ast.ExprStmt)
			if !ok {
				return true
			}
			call, ok := ast.Unparen(stmt.X).(*ast.CallExpr)
			if !ok || Intrinsic(pass.TypesInfo, call) != "Await" {
				return true
			}
			// An await outside an //async function's own body (in a plain
			// function, a func literal) is reported once, by outsideasync
			// or unsupported.
			if !innermostAsync(x, stack) || !awaitAllowed(stack) {
				return true
			}
			reportAwaitErr(pass, x, f, call, append(slices.Clip(stack), stmt))
			return true
		})
	}
	return nil, nil
}

// runtimeExample reports whether f is one of the runtime's example files
// (example_*_test.go). The runtime's other tests drop cancellations on
// purpose, to test what the loop does then; its examples are
// documentation, whose habits users copy.
func runtimeExample(pass *analysis.Pass, f *ast.File) bool {
	name := filepath.Base(pass.Fset.File(f.FileStart).Name())
	return strings.HasPrefix(name, "example_") && strings.HasSuffix(name, "_test.go")
}

// reportAwaitErr reports call, a runtime.Await whose statement is the last
// of up, its ancestors (outermost first), with a fix where the function
// can return the error.
func reportAwaitErr(pass *analysis.Pass, x *Index, f *ast.File, call *ast.CallExpr, up []ast.Node) {
	var af *AsyncFunc
	for i := len(up) - 1; i >= 0 && af == nil; i-- {
		if d, ok := up[i].(*ast.FuncDecl); ok {
			af = x.Decl(d)
		}
	}
	if af == nil {
		return
	}
	var advice string
	switch af.Shape {
	case ShapeError:
		advice = "check it: if _, err := runtime.Await(...); err != nil { return err }"
	case ShapeValueError:
		advice = "check it: if _, err := runtime.Await(...); err != nil { return ..., err }"
	case ShapeValue:
		advice = "check it and end the function on an error: if _, err := runtime.Await(...); err != nil { return ... } (or give it an error result to return the error in)"
	default:
		advice = "check it and end the function on an error: if _, err := runtime.Await(...); err != nil { return } (or give it an error result to return the error in)"
	}
	d := analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(), Category: "awaiterr",
		Message: "the error of runtime.Await is dropped: a cancellation (runtime.ErrCancelled) arriving here is lost, like any error of what it awaits, and the function goes on; " +
			advice + ", or discard it on purpose with _, _ =",
	}
	if edits, ok := awaitErrFix(pass, f, af, call, up); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Check the error and return it", TextEdits: edits}}
	}
	pass.Report(d)
}

// awaitErrFix rewrites the statement runtime.Await(x), the last of up, in
// the //async function af whose last result is an error, as
//
//	if _, err := runtime.Await(x); err != nil {
//		return zero, ..., err
//	}
//
// keeping the comments that follow the statement on its last line there,
// after the brace. ok is false where the function has no error result (see
// [awaitStatement]: returning is the author's choice there), where the
// statement cannot become an if statement (a for loop's post statement, an
// if's init) or where a zero value cannot be spelled (see [errorResults]).
func awaitErrFix(pass *analysis.Pass, f *ast.File, af *AsyncFunc, call *ast.CallExpr, up []ast.Node) ([]analysis.TextEdit, bool) {
	tail, ok := returnErrTail(pass, f, af, call, up)
	if !ok {
		return nil, false
	}
	open, body, ok := strings.Cut(tail, "{")
	if !ok {
		return nil, false
	}
	open += "{"
	end := lineCommentsEnd(pass, f, call.End())
	if end == call.End() {
		return []analysis.TextEdit{insert(call.Pos(), "if _, err := "), insert(call.End(), tail)}, true
	}
	return []analysis.TextEdit{
		insert(call.Pos(), "if _, err := "),
		insert(call.End(), open),
		insert(end, body),
	}, true
}

// lineCommentsEnd returns the end of the comments that follow pos on its
// line, with nothing but blanks between them, when nothing else follows
// them there; pos otherwise (no comment, code after pos on the line, a
// comment that goes on to another line), or when the file cannot be read.
func lineCommentsEnd(pass *analysis.Pass, f *ast.File, pos token.Pos) token.Pos {
	tf := pass.Fset.File(pos)
	if tf == nil {
		return pos
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return pos
	}
	comments := map[token.Pos]*ast.Comment{}
	for _, cg := range f.Comments {
		if cg.End() < pos {
			continue
		}
		for _, c := range cg.List {
			comments[c.Pos()] = c
		}
	}
	end := pos
	for off := tf.Offset(end); ; {
		for off < len(src) && (src[off] == ' ' || src[off] == '\t') {
			off++
		}
		if off >= len(src) || src[off] == '\n' || src[off] == '\r' {
			return end
		}
		c := comments[tf.Pos(off)]
		if c == nil || strings.ContainsAny(c.Text, "\n") {
			return pos // code, or a comment that ends on another line
		}
		end = c.End()
		off = tf.Offset(end)
	}
}
