package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"

	"github.com/dave/jennifer/jen"
)

// Local types. A constant or type declared in the function is declared
// again at the top of Step, so that every block sees it (see markHoists). A
// frame field of a local type needs more: the frame is declared at package
// level, so the type moves there too, named after the frame (fooFrame_point
// for a type point of foo), which is the name %T and reflection then show.
//
// In a generic function, Go makes a local type one type per instantiation
// (L[int] and L[string] for a type L of f[T]), whether or not it names T:
// the moved type takes the frame's type parameters, fooFrame_point[T], and
// every mention of the type in the function is spelled so.
//
// A type whose declaration names a local constant or variable cannot move,
// nor a generic type of a generic function (its instantiations are written
// L[int] in the source, where the moved type needs fooFrame_L[T, int]), nor
// a type embedded in a struct (the moved name would rename the field):
// asyncgen refuses the function with a message naming the type and why,
// when the frame must hold it. A generic local type of another function moves with
// its own type parameters.

// frameTypeParams returns the type parameters of the frame: the method's
// receiver's or the function's.
func (l *lowerer) frameTypeParams() *types.TypeParamList {
	if l.sig.RecvTypeParams().Len() > 0 {
		return l.sig.RecvTypeParams()
	}
	return l.sig.TypeParams()
}

// typeParamDecls spells the frame's type parameters as a type declaration
// declares them, with their constraints, each under its name in generated
// code (a blank one named too).
func (l *lowerer) typeParamDecls() []jen.Code {
	var out []jen.Code
	for tp := range l.frameTypeParams().TypeParams() {
		out = append(out, jen.Id(l.tpNames[tp.Obj()]).Add(l.constraint(tp.Constraint())))
	}
	return out
}

// typeParamUses spells the frame's type parameters as type arguments.
func (l *lowerer) typeParamUses() []jen.Code {
	var out []jen.Code
	for tp := range l.frameTypeParams().TypeParams() {
		out = append(out, jen.Id(l.tpNames[tp.Obj()]))
	}
	return out
}

// markPkgTypes picks the hoisted local types that can be declared at package
// level instead, renamed after the frame: those whose declaration names no
// local but other such types (a local constant, for instance, keeps its type
// in Step). A frame field can then hold their values across an await. The
// others record why in from (see whyStuck).
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
	generic := l.frameTypeParams().Len() > 0
	for lc, sp := range specs {
		if generic && sp.TypeParams != nil && len(sp.TypeParams.List) > 0 {
			lc.generic = true
		} else {
			lc.pkgType = true
		}
	}
	for changed := true; changed; {
		changed = false
		for lc, sp := range specs {
			if !lc.pkgType {
				continue
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
				ul := l.locals[o]
				if ul == nil || ul.pkgType {
					return true
				}
				// A local that stays in Step: a constant, or a type
				// that cannot move.
				lc.pkgType, changed = false, true
				switch {
				case ul.generic:
					lc.from, lc.via = o, o
				case ul.from != nil:
					lc.from, lc.via = ul.from, o
				default:
					lc.from = o
				}
				return false
			})
		}
	}
}

// whyStuck is the refusal of a frame field whose type is the local type lc,
// which cannot move to package level.
func (l *lowerer) whyStuck(lc *local) string {
	const tail = "and cannot be held in its frame across an await: declare it at package level"
	name := lc.obj.Name()
	if lc.generic {
		return fmt.Sprintf("type %s is a generic type declared inside a generic function %s, with the function's type parameters as well as its own", name, tail)
	}
	via := ""
	if lc.via != nil && lc.via != lc.from {
		via = fmt.Sprintf(" (through type %s)", lc.via.Name())
	}
	switch o := lc.from.(type) {
	case *types.Const, *types.Var:
		return fmt.Sprintf("type %s is declared inside the function from its %s %s%s %s", name, kindOf(o), o.Name(), via, tail)
	case *types.TypeName:
		return fmt.Sprintf("type %s is declared inside the function from %s, a generic type declared inside a generic function, %s", name, o.Name(), tail)
	}
	return fmt.Sprintf("type %s is declared inside the function %s", name, tail)
}

// needPkgTypes declares at package level the local types that the frame's
// fields hold, and the local types their declarations name in turn:
// spelling the fields' types outside Step marks them (see typeCode). The
// moved types are then final: the second pass spells them so.
func (l *lowerer) needPkgTypes() {
	l.outside = true
	for _, o := range l.sortedLocals() {
		if lc := l.locals[o]; lc.frame || lc.ptr {
			l.typeCode(o.Type(), o.Pos())
		}
	}
	l.outside = false
	l.checkEmbedded()
	if l.frameTypeParams().Len() == 0 {
		return
	}
	// In a generic function, a mention of a moved type is spelled with the
	// frame's type parameters: through typeCode, as a type the spiller
	// names is.
	ast.Inspect(l.fd.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			o := l.r.info.Uses[id]
			if lc := l.locals[o]; lc != nil && lc.pkgNeeded {
				l.typeExprs[id] = o.Type()
			}
		}
		return true
	})
}

// checkEmbedded refuses a moved type embedded in a struct type of the
// function: the field is named after the type, and the moved type's name
// would rename it (json.Marshal, %+v and reflection would show the other
// name, and a promoted field of that name would be gone).
func (l *lowerer) checkEmbedded() {
	ast.Inspect(l.fd.Body, func(n ast.Node) bool {
		st, ok := n.(*ast.StructType)
		if !ok {
			return true
		}
		for _, f := range st.Fields.List {
			if len(f.Names) > 0 {
				continue
			}
			id := typeNameIdent(f.Type)
			if id == nil {
				continue
			}
			if lc := l.locals[l.r.info.Uses[id]]; lc != nil && lc.pkgNeeded {
				l.fail(f.Pos(), "type %s is declared inside the function and embedded here: the frame holds it across an await, so it moves to package level as %s, which would rename the field: declare %s at package level", id.Name, lc.pkgName, id.Name)
			}
		}
		return true
	})
}

// needPkgType declares the local type t at package level, named after the
// frame (local types of different functions, or files, may share a name),
// with the local types its declaration names.
// decl is the declared type: a Named's underlying type, an alias's
// right-hand side.
func (l *lowerer) needPkgType(lc *local, decl types.Type, pos token.Pos) {
	if lc.pkgNeeded {
		return
	}
	if tn, ok := lc.obj.(*types.TypeName); ok && tn.IsAlias() && l.frameTypeParams().Len() > 0 && !l.genericAliases() {
		l.fail(pos, "type %s is an alias declared inside a generic function and cannot be held in its frame across an await before go1.24, which generic aliases need: declare it at package level, or raise the go version of the module", lc.obj.Name())
	}
	lc.pkgNeeded = true
	lc.pkgName = l.r.pkgName(l.frameName+"_"+lc.name, l.localNames)
	outside := l.outside
	l.outside = true
	l.typeCode(decl, lc.obj.Pos())
	l.outside = outside
}

// genericAliases reports whether the source file's Go version allows
// generic aliases, which a local alias of a generic function needs at
// package level.
func (l *lowerer) genericAliases() bool {
	v := l.r.fileVersion()
	return v == "" || version.Compare(v, "go1.24") >= 0
}

// movedName spells the package-level name of the moved local type lc
// instantiated with args: after the frame's type parameters in a generic
// function.
func (l *lowerer) movedName(lc *local, args *types.TypeList, pos token.Pos) *jen.Statement {
	ts := l.typeParamUses()
	for i := range args.Len() {
		ts = append(ts, l.typeCode(args.At(i), pos))
	}
	c := jen.Id(lc.pkgName)
	if len(ts) > 0 {
		c = c.Types(ts...)
	}
	return c
}
