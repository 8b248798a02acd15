package rewrite

import (
	"go/ast"
	"go/types"
)

// Local types. A constant or type declared in the function is declared
// again at the top of Step, so that every block sees it. A frame field of a
// local type needs more: the frame is declared at package level, so the
// type moves there too, named after the frame (fooFrame_point for a type
// point of foo), which is the name %T and reflection then show. A type whose
// declaration names a local constant cannot move, and asyncgen refuses the
// function with a message naming it.

// markPkgTypes picks the hoisted local types that can be declared at package
// level instead, renamed after the frame: those whose declaration names no
// local but other such types (a local constant, for instance, keeps its type
// in Step). A frame field can then hold their values across an await.
func (l *lowerer) markPkgTypes(fd *ast.FuncDecl) {
	specs := map[*local]*ast.TypeSpec{}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.TypeSpec:
			if lc := l.locals[l.r.info.Defs[n.Name]]; lc != nil && lc.hoist {
				specs[lc] = n
			}
		}
		return true
	})
	for lc := range specs {
		lc.pkgType = true
	}
	for changed := true; changed; {
		changed = false
		for lc, sp := range specs {
			if !lc.pkgType {
				continue
			}
			ast.Inspect(sp.Type, func(m ast.Node) bool {
				id, ok := m.(*ast.Ident)
				if !ok || !lc.pkgType {
					return lc.pkgType
				}
				if ul := l.locals[l.r.info.Uses[id]]; ul != nil && !ul.pkgType {
					lc.pkgType, changed = false, true
				}
				return true
			})
		}
	}
}

// needPkgTypes declares at package level the local types that the frame's
// fields hold, and the local types their declarations name in turn.
func (l *lowerer) needPkgTypes() {
	for _, o := range l.sortedLocals() {
		if lc := l.locals[o]; lc.frame || lc.ptr {
			l.needTypesIn(o.Type())
		}
	}
}

// needTypesIn marks the local types that spelling t at package level needs.
func (l *lowerer) needTypesIn(t types.Type) {
	seen := map[types.Type]bool{}
	var walk func(t types.Type)
	walk = func(t types.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		switch t := t.(type) {
		case *types.Named:
			if lc := l.locals[t.Obj()]; lc != nil {
				if lc.pkgType && !lc.pkgNeeded {
					lc.pkgNeeded = true
					// Named after the frame: local types of different
					// functions, or files, may share a name.
					lc.pkgName = l.r.pkgName(l.frameName + "_" + lc.name)
				}
				walk(t.Underlying())
			}
			for i := range t.TypeArgs().Len() {
				walk(t.TypeArgs().At(i))
			}
		case *types.Alias:
			walk(types.Unalias(t))
		case *types.Pointer:
			walk(t.Elem())
		case *types.Slice:
			walk(t.Elem())
		case *types.Array:
			walk(t.Elem())
		case *types.Map:
			walk(t.Key())
			walk(t.Elem())
		case *types.Chan:
			walk(t.Elem())
		case *types.Struct:
			for i := range t.NumFields() {
				walk(t.Field(i).Type())
			}
		case *types.Signature:
			for i := range t.Params().Len() {
				walk(t.Params().At(i).Type())
			}
			for i := range t.Results().Len() {
				walk(t.Results().At(i).Type())
			}
		case *types.Interface:
			for i := range t.NumMethods() {
				walk(t.Method(i).Type())
			}
		}
	}
	walk(t)
}
