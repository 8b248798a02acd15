package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"path"
	"strconv"
	"strings"

	"github.com/asyncgen/asyncgen/analyzer"
)

// stubRuntime is the name under which stubs import the runtime; it cannot
// clash with the source file's own imports, which stubs copy.
const stubRuntime = "asyncgenstub_runtime"

// stubFile returns a file that declares, for every //async function of src,
// FAsync with its final signature and a body that only panics. It is computed
// from syntax alone, so it exists before the package type-checks: the loader
// puts it in place of the generated file, and the package is type-checked as
// it will be after generation. It keeps the imports of the source file that
// the signatures use, and its dot imports (the type checker's complaint
// about an unused one is ignored); names maps import paths to package names.
func stubFile(fset *token.FileSet, src *ast.File, funcs []*ast.FuncDecl, names map[string]string) []byte {
	used := map[string]bool{}
	for _, d := range funcs {
		ast.Inspect(d.Type, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
		if d.Recv != nil {
			ast.Inspect(d.Recv, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok {
						used[id.Name] = true
					}
				}
				return true
			})
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n\npackage %s\n\nimport (\n", header, src.Name.Name)
	fmt.Fprintf(&b, "\t%s %q\n", stubRuntime, analyzer.RuntimePath)
	for _, imp := range src.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		name := names[path]
		if name == "" {
			name = guessName(path)
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if used[name] || name == "." {
			fmt.Fprintf(&b, "\t%s %s\n", name, imp.Path.Value)
		}
	}
	b.WriteString(")\n")
	for _, d := range funcs {
		b.WriteString("\nfunc ")
		if d.Recv != nil {
			b.WriteString("(")
			writeFields(&b, fset, d.Recv)
			b.WriteString(") ")
		}
		b.WriteString(analyzer.AsyncName(d.Name.Name))
		if d.Type.TypeParams != nil {
			b.WriteString("[")
			writeFields(&b, fset, d.Type.TypeParams)
			b.WriteString("]")
		}
		b.WriteString("(")
		writeFields(&b, fset, d.Type.Params)
		fmt.Fprintf(&b, ") %s.Coro[", stubRuntime)
		if t := syntacticResult(d.Type.Results); t != nil {
			printer.Fprint(&b, fset, t)
		} else {
			b.WriteString("struct{}")
		}
		// The body names nothing, which a type parameter could shadow.
		b.WriteString("] { for {} }\n")
	}
	return b.Bytes()
}

// writeFields prints a field list without its parentheses, dropping names,
// which a stub does not need, but keeping the type parameters' names, which
// its signature uses.
func writeFields(b *bytes.Buffer, fset *token.FileSet, fl *ast.FieldList) {
	if fl == nil {
		return
	}
	for i, f := range fl.List {
		if i > 0 {
			b.WriteString(", ")
		}
		for j, n := range f.Names {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(n.Name)
		}
		if len(f.Names) > 0 {
			b.WriteString(" ")
		}
		printer.Fprint(b, fset, f.Type)
	}
}

// syntacticResult returns the type expression of T in the Coro[T] that the
// result list res maps to, or nil for struct{} (results error or none, and
// shapes Validate refuses).
func syntacticResult(res *ast.FieldList) ast.Expr {
	var types []ast.Expr
	if res != nil {
		for _, f := range res.List {
			n := max(len(f.Names), 1)
			for range n {
				types = append(types, f.Type)
			}
		}
	}
	isError := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && id.Name == "error"
	}
	switch {
	case len(types) == 1 && !isError(types[0]):
		return types[0]
	case len(types) == 2 && isError(types[1]):
		return types[0]
	}
	return nil
}

// guessName is the usual package name for an import path whose package was
// not listed: its last element, without a major-version suffix.
func guessName(p string) string {
	base := path.Base(p)
	if strings.HasPrefix(base, "v") && strings.Trim(base[1:], "0123456789") == "" && len(base) > 1 {
		base = path.Base(path.Dir(p))
	}
	base, _, _ = strings.Cut(base, ".")
	return strings.ReplaceAll(strings.TrimPrefix(base, "go-"), "-", "_")
}
