package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
)

// isOutput reports whether f is a file asyncgen wrote: its header comes
// before the package clause.
func isOutput(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if c.Text == generatedHeader {
				return true
			}
		}
	}
	return false
}

// misplacedDirectives reports the lines of f that are //async (or
// "// async") on their own, outside the doc comment of a top-level function
// declaration, where they mark nothing: detached from the function below by
// a blank line, above a var, const or type declaration, or inside a body
// (above a func literal or a statement). An //async inside a line of prose
// is not a directive and is left alone.
func misplacedDirectives(fset *token.FileSet, f *ast.File) []Problem {
	var ps []Problem
	var first map[int]token.Pos // line → the first token on it, found on first use
	for _, cg := range f.Comments {
		if isFuncDoc(f, cg) {
			continue
		}
		for _, c := range cg.List {
			if !isDirective(c.Text) {
				continue
			}
			if first == nil {
				first = firstTokens(fset, f)
			}
			if pos, ok := first[fset.Position(c.Pos()).Line]; ok && pos < c.Pos() {
				continue // after code on its line
			}
			ps = append(ps, Problem{Pos: c.Pos(), Message: "//async is not attached to a function declaration: " + misplacedAdvice(f, c.Pos())})
		}
	}
	return ps
}

// isFuncDoc reports whether cg is the doc comment of a top-level function
// declaration of f, where [HasDirective] judges its lines.
func isFuncDoc(f *ast.File, cg *ast.CommentGroup) bool {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc == cg {
			return true
		}
	}
	return false
}

// firstTokens returns, for each line of f with code on it, the position of
// the first token of a node that starts or ends on it, comments aside.
func firstTokens(fset *token.FileSet, f *ast.File) map[int]token.Pos {
	first := map[int]token.Pos{}
	note := func(pos token.Pos) {
		line := fset.Position(pos).Line
		if p, ok := first[line]; !ok || pos < p {
			first[line] = pos
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case nil:
			return false
		case *ast.CommentGroup, *ast.Comment:
			return false
		}
		if n.Pos().IsValid() {
			note(n.Pos())
		}
		if n.End().IsValid() && n.End() > n.Pos() {
			note(n.End() - 1)
		}
		return true
	})
	return first
}

// misplacedAdvice says where an //async line at pos belongs: on the
// function declared next, if nothing but comments and blank lines separate
// them.
func misplacedAdvice(f *ast.File, pos token.Pos) string {
	const only = "it applies only to top-level function declarations"
	if pos < f.Package {
		return only + ", not to the package clause"
	}
	for _, d := range f.Decls {
		if d.End() <= pos {
			continue
		}
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Pos() < pos {
				return only + ", not to code inside " + funcTitle(d) + " (a func literal cannot be //async: make it a named function)"
			}
			if HasDirective(d.Doc) {
				return funcTitle(d) + " below is //async already: remove this line"
			}
			return "put it on the line directly above " + funcTitle(d) + ", in its doc comment"
		case *ast.GenDecl:
			return only + ", not to " + d.Tok.String() + " declarations"
		}
		break
	}
	return only
}

// funcTitle is how a message names a function declaration: func f, or
// func (T) m for a method.
func funcTitle(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return "func " + fd.Name.Name
	}
	return "func (" + types.ExprString(fd.Recv.List[0].Type) + ") " + fd.Name.Name
}
