package rewrite

import (
	"fmt"
	"go/ast"
	"go/types"
)

// Local types. A constant or type declared in the function is declared
// again at the top of Step, so that every block sees it (see markHoists),
// unless its declaration names a local variable. A frame field of a
// local type needs more: the frame is declared at package level, so the
// type moves there too, named after the frame (fooFrame_point for a type
// point of foo), which is the name %T and reflection then show. A type whose
// declaration names a local constant, or a type parameter of the function,
// (or variable) cannot move, and asyncgen refuses the function with a
// message naming it and what keeps it;
// a generic local type moves with its own type parameters.

// markPkgTypes picks the hoisted local types that can be declared at package
// level instead, renamed after the frame: those whose declaration names no
// local but other such types (a local constant, for instance, keeps its type
// in Step). A frame field can then hold their values across an await. The
// others record why in from, via and typeParams (see whyStuck).
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
			own := map[types.Object]bool{} // the type's own type parameters
			if sp.TypeParams != nil {
				for _, f := range sp.TypeParams.List {
					for _, n := range f.Names {
						own[l.r.info.Defs[n]] = true
					}
				}
			}
			ast.Inspect(sp, func(m ast.Node) bool {
				if m == sp.Name {
					return false
				}
				id, ok := m.(*ast.Ident)
				if !ok || !lc.pkgType {
					return lc.pkgType
				}
				o := l.r.info.Uses[id]
				if ul := l.locals[o]; ul != nil && !ul.pkgType {
					// A local that stays in Step: a constant, or a type
					// that cannot move.
					lc.pkgType, lc.typeParams, changed = false, ul.typeParams, true
					if ul.from != nil {
						lc.from, lc.via = ul.from, o
					} else if !ul.typeParams {
						lc.from = o
					}
				} else if _, ok := o.(*types.TypeName); ok && isTypeParam(o.Type()) && !own[o] {
					// At package level the type would need the
					// function's type parameters as its own.
					lc.pkgType, lc.typeParams, changed = false, true, true
				}
				return true
			})
		}
	}
}

// whyStuck is the refusal of a frame field whose type is the local type lc,
// which cannot move to package level.
func (l *lowerer) whyStuck(lc *local) string {
	const tail = "and cannot be held in its frame across an await: declare it at package level"
	name := lc.obj.Name()
	if lc.typeParams {
		return fmt.Sprintf("type %s is declared inside the function from its type parameters %s, with type parameters", name, tail)
	}
	via := ""
	if lc.via != nil {
		via = fmt.Sprintf(" (through type %s)", lc.via.Name())
	}
	if o := lc.from; o != nil {
		return fmt.Sprintf("type %s is declared inside the function from its %s %s%s %s", name, kindOf(o), o.Name(), via, tail)
	}
	return fmt.Sprintf("type %s is declared inside the function %s", name, tail)
}

// needPkgTypes declares at package level the local types that the frame's
// fields hold, and the local types their declarations name in turn:
// spelling the fields' types outside Step marks them (see typeCode).
func (l *lowerer) needPkgTypes() {
	l.outside = true
	for _, o := range l.sortedLocals() {
		if lc := l.locals[o]; lc.frame || lc.ptr {
			l.typeCode(o.Type(), o.Pos())
		}
	}
	l.outside = false
}

// needPkgType declares the local type t at package level, named after the
// frame (local types of different functions, or files, may share a name),
// with the local types its declaration names.
// decl is the declared type: a Named's underlying type, an alias's
// right-hand side.
func (l *lowerer) needPkgType(lc *local, decl types.Type) {
	if lc.pkgNeeded {
		return
	}
	lc.pkgNeeded = true
	lc.pkgName = l.r.pkgName(l.frameName+"_"+lc.name, l.localNames)
	outside := l.outside
	l.outside = true
	l.typeCode(decl, lc.obj.Pos())
	l.outside = outside
}

// fieldName spells the name of field v. An embedded field is named after
// its type, so one whose type moved to package level has the moved name.
func (l *lowerer) fieldName(v *types.Var) string {
	if !v.Embedded() {
		return v.Name()
	}
	t := v.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	var obj *types.TypeName
	switch t := t.(type) {
	case *types.Named:
		obj = t.Obj()
	case *types.Alias:
		obj = t.Obj()
	}
	if lc := l.locals[obj]; lc != nil && lc.pkgNeeded {
		return lc.pkgName
	}
	return v.Name()
}

func isTypeParam(t types.Type) bool {
	_, ok := t.(*types.TypeParam)
	return ok
}
