package rewrite

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"strconv"

	"github.com/dave/jennifer/jen"
)

// typeCode spells t in the generated file. pos locates the error when t
// cannot be named there (a type declared inside the function, or an
// unexported type of another package).
func (l *lowerer) typeCode(t types.Type, pos token.Pos) *jen.Statement {
	switch t := t.(type) {
	case *types.Alias:
		// Keep the spelling of exported package-level aliases
		// (runtime.Coro[T] rather than asyncimpl.Coro[T]).
		obj := t.Obj()
		if obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope() && (obj.Exported() || obj.Pkg() == l.r.pkg) {
			c := jen.Qual(obj.Pkg().Path(), obj.Name())
			if obj.Pkg() == l.r.pkg {
				c = jen.Id(obj.Name())
			}
			if args := t.TypeArgs(); args != nil && args.Len() > 0 {
				var ts []jen.Code
				for i := range args.Len() {
					ts = append(ts, l.typeCode(args.At(i), pos))
				}
				c = c.Types(ts...)
			}
			return c
		}
		if lc := l.locals[obj]; lc != nil && lc.pkgType && (lc.pkgNeeded || l.outside || l.pass == 0) {
			// A local alias that a type declared at package level names:
			// it moves there too.
			if !lc.pkgNeeded {
				l.needPkgType(lc, t.Origin().Rhs(), pos)
				l.needConstraints(t.Origin().TypeParams(), pos)
			}
			return l.movedName(lc, t.TypeArgs(), pos)
		}
		return l.typeCode(types.Unalias(t), pos)
	case *types.Basic:
		switch t.Kind() {
		case types.UnsafePointer:
			return jen.Qual("unsafe", "Pointer")
		case types.UntypedNil:
			l.fail(pos, "untyped nil has no type")
		}
		if t.Info()&types.IsUntyped != 0 {
			return l.typeCode(types.Default(t), pos)
		}
		l.predeclared(t.Name(), pos)
		return jen.Id(t.Name())
	case *types.Named:
		obj := t.Obj()
		var c *jen.Statement
		switch {
		case obj.Pkg() == nil:
			l.predeclared(obj.Name(), pos) // error, comparable
			c = jen.Id(obj.Name())
		case obj.Pkg() == l.r.pkg:
			c = jen.Id(obj.Name())
			if obj.Parent() != nil && obj.Parent() != l.r.pkg.Scope() {
				lc := l.locals[obj]
				switch {
				case lc != nil && lc.pkgType && (lc.pkgNeeded || l.outside || l.pass == 0):
					// Spelled outside Step (a frame field, an awaitable's
					// type): declared at package level.
					if !lc.pkgNeeded {
						l.needPkgType(lc, t.Origin().Underlying(), pos)
						l.needConstraints(t.Origin().TypeParams(), pos)
					}
					return l.movedName(lc, t.TypeArgs(), pos)
				case lc != nil && lc.hoist && l.inStep:
					c = jen.Id(lc.name) // a variable declared at the top of Step
				case lc != nil:
					l.fail(pos, "%s", l.whyStuck(lc))
				default:
					l.fail(pos, "type %s is declared inside a function and cannot be held in its frame across an await: declare it at package level", obj.Name())
				}
			}
		default:
			if !obj.Exported() {
				l.fail(pos, "unexported type %s.%s cannot be named in generated code, which must spell the type of a value held across an await: hold it in a variable of an exported type or interface, or do not keep it across the await", obj.Pkg().Name(), obj.Name())
			}
			c = jen.Qual(obj.Pkg().Path(), obj.Name())
		}
		if args := t.TypeArgs(); args.Len() > 0 {
			var ts []jen.Code
			for i := range args.Len() {
				ts = append(ts, l.typeCode(args.At(i), pos))
			}
			c = c.Types(ts...)
		}
		return c
	case *types.TypeParam:
		if n, ok := l.tpNames[t.Obj()]; ok {
			return jen.Id(n) // the function's, maybe blank
		}
		return jen.Id(t.Obj().Name())
	case *types.Pointer:
		return jen.Op("*").Add(l.typeCode(t.Elem(), pos))
	case *types.Slice:
		return jen.Index().Add(l.typeCode(t.Elem(), pos))
	case *types.Array:
		return jen.Index(jen.Lit(int(t.Len()))).Add(l.typeCode(t.Elem(), pos))
	case *types.Map:
		return jen.Map(l.typeCode(t.Key(), pos)).Add(l.typeCode(t.Elem(), pos))
	case *types.Chan:
		switch t.Dir() {
		case types.SendOnly:
			return jen.Chan().Op("<-").Add(l.typeCode(t.Elem(), pos))
		case types.RecvOnly:
			return jen.Op("<-").Chan().Add(l.typeCode(t.Elem(), pos))
		}
		if e, ok := types.Unalias(t.Elem()).(*types.Chan); ok && e.Dir() == types.RecvOnly {
			// chan <-chan T would read as chan<- (chan T).
			return jen.Chan().Parens(l.typeCode(t.Elem(), pos))
		}
		return jen.Chan().Add(l.typeCode(t.Elem(), pos))
	case *types.Signature:
		return jen.Func().Add(l.sigCode(t, pos))
	case *types.Struct:
		var fields []jen.Code
		for i := range t.NumFields() {
			f := t.Field(i)
			var c *jen.Statement
			if f.Embedded() {
				c = l.typeCode(f.Type(), pos)
			} else {
				if !f.Exported() && f.Pkg() != l.r.pkg {
					l.fail(pos, "struct type with unexported field %s of package %s cannot be spelled in generated code", f.Name(), f.Pkg().Name())
				}
				c = jen.Id(f.Name()).Add(l.typeCode(f.Type(), pos))
			}
			if tag := t.Tag(i); tag != "" {
				c = c.Op(strconv.Quote(tag))
			}
			fields = append(fields, c)
		}
		return jen.Struct(fields...)
	case *types.Interface:
		var items []jen.Code
		for i := range t.NumEmbeddeds() {
			items = append(items, l.typeCode(t.EmbeddedType(i), pos))
		}
		for i := range t.NumExplicitMethods() {
			m := t.ExplicitMethod(i)
			if !m.Exported() && m.Pkg() != l.r.pkg {
				l.fail(pos, "interface with unexported method %s of package %s cannot be spelled in generated code", m.Name(), m.Pkg().Name())
			}
			items = append(items, jen.Id(m.Name()).Add(l.sigCode(m.Type().(*types.Signature), pos)))
		}
		return jen.Interface(items...)
	case *types.Union:
		var terms []jen.Code
		for i := range t.Len() {
			tm := t.Term(i)
			c := l.typeCode(tm.Type(), pos)
			if tm.Tilde() {
				c = jen.Op("~").Add(c)
			}
			terms = append(terms, c)
		}
		return jen.Union(terms...)
	}
	l.fail(pos, "unsupported type %s", t)
	return nil
}

// sigCode spells the parameters and results of sig (without "func").
func (l *lowerer) sigCode(sig *types.Signature, pos token.Pos) *jen.Statement {
	var params, results []jen.Code
	for i := range sig.Params().Len() {
		p := sig.Params().At(i)
		if sig.Variadic() && i == sig.Params().Len()-1 {
			params = append(params, jen.Op("...").Add(l.typeCode(p.Type().(*types.Slice).Elem(), pos)))
			continue
		}
		params = append(params, l.typeCode(p.Type(), pos))
	}
	for i := range sig.Results().Len() {
		results = append(results, l.typeCode(sig.Results().At(i).Type(), pos))
	}
	c := jen.Params(params...)
	switch len(results) {
	case 0:
	case 1:
		c = c.Add(results[0])
	default:
		c = c.Params(results...)
	}
	return c
}

// newCode is new(t): the builtin, or asyncimpl.New where the package
// declares a new of its own.
func (l *lowerer) newCode(t types.Type, pos token.Pos) *jen.Statement {
	if l.r.pkg.Scope().Lookup("new") != nil {
		return jen.Qual(implPath, "New").Types(l.typeCode(t, pos)).Call()
	}
	return jen.New(l.typeCode(t, pos))
}

// zeroOf is *new(t), the zero value of any type.
func (l *lowerer) zeroOf(t types.Type, pos token.Pos) *jen.Statement {
	if l.r.pkg.Scope().Lookup("new") != nil {
		return jen.Qual(implPath, "Zero").Types(l.typeCode(t, pos)).Call()
	}
	return jen.Op("*").New(l.typeCode(t, pos))
}

// zeroCode is the zero value of t.
func (l *lowerer) zeroCode(t types.Type, pos token.Pos) *jen.Statement {
	switch u := types.Unalias(t).(type) {
	case *types.TypeParam:
		return l.zeroOf(t, pos)
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return jen.False()
		case u.Info()&types.IsString != 0:
			if u.Kind() == types.String {
				return jen.Lit("")
			}
		case u.Info()&types.IsNumeric != 0:
			if u.Kind() == types.Int {
				return jen.Lit(0)
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return jen.Nil()
	case *types.Struct, *types.Array:
		return l.typeCode(t, pos).Values()
	case *types.Basic:
		tc := l.typeCode(t, pos)
		switch {
		case u.Info()&types.IsBoolean != 0:
			return tc.Call(jen.False())
		case u.Info()&types.IsString != 0:
			return tc.Call(jen.Lit(""))
		case u.Info()&types.IsNumeric != 0:
			return tc.Call(jen.Lit(0))
		case u.Kind() == types.UnsafePointer:
			return jen.Nil()
		}
	}
	return l.zeroOf(t, pos)
}

// hasPointers reports whether a value of type t may hold a pointer, so that a
// frame field of that type should be cleared once it is no longer needed.
func hasPointers(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.String || u.Kind() == types.UnsafePointer
	case *types.Array:
		return u.Len() > 0 && hasPointers(u.Elem())
	case *types.Struct:
		for i := range u.NumFields() {
			if hasPointers(u.Field(i).Type()) {
				return true
			}
		}
		return false
	}
	return true
}

// predeclared refuses to spell Go's predeclared type name where a
// package-level declaration hides it: the generated file, in the same
// package, could not name the type. (analyzer.PackageProblems refuses the
// names of HiddenPredeclared, which generated code spells on its own
// account, wherever they are hidden.)
func (l *lowerer) predeclared(name string, pos token.Pos) {
	o := l.r.pkg.Scope().Lookup(name)
	if o == nil {
		return
	}
	where := ""
	if p := l.r.fset.Position(o.Pos()); p.IsValid() {
		where = fmt.Sprintf(" (%s:%d)", filepath.Base(p.Filename), p.Line)
	}
	l.fail(pos, "package-level %s%s hides Go's predeclared type %s, which the code generated for %s must spell here: rename the package-level %s", name, where, name, l.fd.Name.Name, name)
}

func (l *lowerer) fail(pos token.Pos, format string, args ...any) {
	panic(bail{l.r.errorf(pos, format, args...)})
}

var _ = fmt.Sprint

// needConstraints spells the constraints of a generic local type moved to
// package level, so that the local types they name move with it.
func (l *lowerer) needConstraints(tparams *types.TypeParamList, pos token.Pos) {
	outside := l.outside
	l.outside = true
	for tp := range tparams.TypeParams() {
		l.typeCode(tp.Constraint(), pos)
	}
	l.outside = outside
}
