package analyzer

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// runtimeRef returns how the code at pos in file refers to package runtime
// ("runtime." or the name it was imported under, "" when dot-imported) and
// the edits that import it when file does not, under the name runtime or,
// when that name is taken at pos, asyncruntime. names are the runtime's
// members the fix spells, which must not be hidden when it is dot-imported.
// ok is false when no reference is possible without renaming something, as
// when a local variable named runtime hides the import at pos.
func runtimeRef(pass *analysis.Pass, file *ast.File, pos token.Pos, names ...string) (prefix string, edits []analysis.TextEdit, ok bool) {
	scope := pass.TypesInfo.Scopes[file]
	if scope == nil {
		return "", nil, false
	}
	if in := scope.Innermost(pos); in != nil {
		scope = in
	}
	for _, imp := range file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		pn := pass.TypesInfo.PkgNameOf(imp)
		if path != RuntimePath || pn == nil {
			continue
		}
		switch pn.Name() {
		case "_":
			continue
		case ".":
			for _, n := range names {
				if _, obj := scope.LookupParent(n, pos); obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != RuntimePath {
					return "", nil, false
				}
			}
			return "", nil, true
		}
		if _, obj := scope.LookupParent(pn.Name(), pos); obj != pn {
			return "", nil, false // hidden by a local name
		}
		return pn.Name() + ".", nil, true
	}
	// Not imported: add an import under a name nothing at pos is called
	// (an import of another package named runtime, a package-level or a
	// local declaration).
	for _, name := range []string{"runtime", "asyncruntime"} {
		if _, obj := scope.LookupParent(name, pos); obj != nil {
			continue
		}
		spec := strconv.Quote(RuntimePath)
		if name != "runtime" {
			spec = name + " " + spec
		}
		edit := analysis.TextEdit{
			Pos:     afterPackageLine(pass.Fset, file),
			End:     afterPackageLine(pass.Fset, file),
			NewText: []byte("\n\nimport " + spec),
		}
		return name + ".", []analysis.TextEdit{edit}, true
	}
	return "", nil, false
}

// afterPackageLine is where an import goes: after the package clause and
// any comment that begins on its line, which stays there.
func afterPackageLine(fset *token.FileSet, file *ast.File) token.Pos {
	at := file.Name.End()
	line := fset.Position(at).Line
	for _, cg := range file.Comments {
		for _, c := range cg.List { // not the group: it may go on below
			if c.Pos() >= at && fset.Position(c.Pos()).Line == line {
				at = c.End()
			}
		}
	}
	return at
}

// awaitAllowed reports whether asyncgen compiles runtime.Await at a node
// of an //async function whose ancestors are stack (outermost first): not
// in a func literal, nor in the call of a defer or go statement.
func awaitAllowed(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncLit, *ast.DeferStmt, *ast.GoStmt:
			return false
		case *ast.FuncDecl:
			return true
		}
	}
	return true
}

// typeText spells t as file can refer to it from package pkg; ok is false
// when t names a package that file does not import.
func typeText(file *ast.File, pkg *types.Package, t types.Type) (s string, ok bool) {
	ok = true
	s = types.TypeString(t, func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		for _, imp := range file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path != p.Path() {
				continue
			}
			if imp.Name == nil {
				return p.Name()
			}
			if imp.Name.Name != "_" && imp.Name.Name != "." {
				return imp.Name.Name
			}
		}
		ok = false
		return p.Name()
	})
	return s, ok
}

// text returns the source text of n as written, or as go/format prints it
// when the file cannot be read.
func text(pass *analysis.Pass, n ast.Node) string {
	if tf := pass.Fset.File(n.Pos()); tf != nil {
		if src, err := pass.ReadFile(tf.Name()); err == nil {
			from, to := tf.Offset(n.Pos()), tf.Offset(n.End())
			if 0 <= from && from <= to && to <= len(src) {
				return string(src[from:to])
			}
		}
	}
	var b bytes.Buffer
	if err := format.Node(&b, pass.Fset, n); err != nil {
		return types.ExprString(n.(ast.Expr))
	}
	return b.String()
}

// replace is an edit that replaces n with s.
func replace(n ast.Node, s string) analysis.TextEdit {
	return analysis.TextEdit{Pos: n.Pos(), End: n.End(), NewText: []byte(s)}
}

// insert is an edit that inserts s at pos.
func insert(pos token.Pos, s string) analysis.TextEdit {
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(s)}
}

// awaitStatement returns the text that a fix puts before and after the call
// of an expression statement, whose ancestors are up (outermost first, the
// statement last), to await it in the //async function around it:
// "if _, err := runtime.Await(" and "); err != nil { return ..., err }",
// so that the await's error, the awaited function's or the task's
// cancellation, ends the function (see [blockingWalker.sleepFix]), with
// the edits that import the runtime if need be. ok is false where that
// cannot be written: in a function without an error result, which could
// only drop the error and go on after its task was cancelled, or where the
// statement cannot become an if statement.
func awaitStatement(pass *analysis.Pass, file *ast.File, x *Index, call *ast.CallExpr, up []ast.Node) (before, after string, edits []analysis.TextEdit, ok bool) {
	var af *AsyncFunc
	for i := len(up) - 1; i >= 0 && af == nil; i-- {
		if d, isDecl := up[i].(*ast.FuncDecl); isDecl {
			af = x.Decl(d)
		}
	}
	if af == nil {
		return "", "", nil, false
	}
	tail, ok := returnErrTail(pass, file, af, call, up)
	if !ok {
		return "", "", nil, false
	}
	rt, edits, ok := runtimeRef(pass, file, call.Pos(), "Await")
	if !ok {
		return "", "", nil, false
	}
	return "if _, err := " + rt + "Await(", ")" + tail, edits, true
}
