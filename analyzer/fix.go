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

// runtimeRef returns how file refers to package runtime ("runtime." or the
// alias it was imported under, "" when dot-imported) and the edits that
// import it when file does not. ok is false when no reference is possible
// without renaming something.
func runtimeRef(pass *analysis.Pass, file *ast.File) (prefix string, edits []analysis.TextEdit, ok bool) {
	for _, imp := range file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if path != RuntimePath {
			continue
		}
		switch {
		case imp.Name == nil:
			return "runtime.", nil, true
		case imp.Name.Name == ".":
			return "", nil, true
		case imp.Name.Name != "_":
			return imp.Name.Name + ".", nil, true
		}
	}
	// Not imported: add an import unless the name runtime is taken.
	for _, imp := range file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := path
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "runtime" {
			return "", nil, false
		}
	}
	if pass.Pkg.Scope().Lookup("runtime") != nil {
		return "", nil, false
	}
	edit := analysis.TextEdit{
		Pos:     file.Name.End(),
		End:     file.Name.End(),
		NewText: []byte("\n\nimport " + strconv.Quote(RuntimePath)),
	}
	return "runtime.", []analysis.TextEdit{edit}, true
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
