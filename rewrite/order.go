package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
)

// gcSizes are the sizes gc lays values out with on 64-bit targets, which
// decide how it converts a value to an interface and which map routines it
// calls (see markTemps). Generated code is shared by every target; 32-bit
// ones may copy a few more operands in place than these sizes say.
var gcSizes = types.SizesFor("gc", "amd64")

// markTemps records in l.temps the operands of the body that gc's order
// pass copies into a temporary where it meets them, by what their context
// does with them, not by what they are (inPlace covers that):
//
//   - a value converted to an interface, explicitly or not, when it is not
//     addressable and the conversion routine takes its address (a bool, a
//     struct, an array... but not an int, a string or a slice: see
//     convNeedsAddr), as in fmt.Sprint(y > 0, await);
//   - a map key that is not addressable, when the map routine takes the
//     key's address or reads it through memory as another type (see
//     keyCopied), and a map read keyed by string(b), which gc performs at
//     once so that it can use b's bytes in place;
//   - a bound of a slice expression that is not a variable or a constant.
//
// An operand that reads no variable is left out: copying it or not makes
// no difference. The sides of a struct or array comparison are copied
// after both are evaluated, so only the comparison as a whole can precede
// an await with them (see cmpSides).
func (l *lowerer) markTemps() {
	l.temps = map[ast.Expr]bool{}
	typeOf := l.r.info.TypeOf // original nodes only; nil for the blank identifier
	under := func(e ast.Expr) types.Type {
		if t := typeOf(e); t != nil {
			return t.Underlying()
		}
		return nil
	}
	targets := map[ast.Expr]bool{}
	mark := func(e ast.Expr) {
		if e != nil && l.readsVar(e) {
			l.temps[e] = true
		}
	}
	toIface := func(t types.Type, e ast.Expr) {
		if t == nil || e == nil || !types.IsInterface(t) || l.derived(t) {
			return
		}
		if tv := l.r.info.Types[e]; tv.Value != nil || tv.IsNil() {
			return
		}
		et := typeOf(e)
		if et == nil || types.IsInterface(et) || l.derived(et) {
			return
		}
		et = types.Default(et)
		if convNeedsAddr(et) && !l.addressable(e) {
			mark(e)
		}
	}
	ast.Inspect(l.fd.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for _, e := range x.Lhs {
				targets[ast.Unparen(e)] = true
			}
			if x.Tok == token.ASSIGN && len(x.Lhs) == len(x.Rhs) {
				for i, e := range x.Rhs {
					toIface(typeOf(x.Lhs[i]), e)
				}
			}
		case *ast.IncDecStmt:
			targets[ast.Unparen(x.X)] = true
		case *ast.RangeStmt:
			if x.Key != nil {
				targets[ast.Unparen(x.Key)] = true
			}
			if x.Value != nil {
				targets[ast.Unparen(x.Value)] = true
			}
		case *ast.ValueSpec:
			if x.Type != nil {
				for _, e := range x.Values {
					toIface(typeOf(x.Type), e)
				}
			}
		case *ast.ReturnStmt:
			if res := l.sig.Results(); res.Len() == len(x.Results) {
				for i, e := range x.Results {
					toIface(res.At(i).Type(), e)
				}
			}
		case *ast.SendStmt:
			if ch, ok := under(x.Chan).(*types.Chan); ok {
				toIface(ch.Elem(), x.Value)
			}
		case *ast.CallExpr:
			if tv, ok := l.r.info.Types[x.Fun]; ok && tv.IsType() {
				if len(x.Args) == 1 {
					toIface(tv.Type, x.Args[0])
				}
				return true
			}
			if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok && isBuiltin(l.objOf(id)) {
				switch id.Name {
				case "panic":
					toIface(types.NewInterfaceType(nil, nil), x.Args[0])
				case "append":
					if s, ok := under(x).(*types.Slice); ok && !x.Ellipsis.IsValid() {
						for _, a := range x.Args[1:] {
							toIface(s.Elem(), a)
						}
					}
				}
				return true
			}
			sig, ok := under(x.Fun).(*types.Signature)
			if !ok || (len(x.Args) == 1 && sig.Params().Len() > 1) {
				return true
			}
			for i, a := range x.Args {
				var pt types.Type
				switch {
				case sig.Variadic() && i >= sig.Params().Len()-1:
					if x.Ellipsis.IsValid() {
						continue
					}
					pt = sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice).Elem()
				case i < sig.Params().Len():
					pt = sig.Params().At(i).Type()
				}
				toIface(pt, a)
			}
		case *ast.CompositeLit:
			switch u := under(x).(type) {
			case *types.Struct:
				for i, el := range x.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							if f, ok := l.objOf(id).(*types.Var); ok {
								toIface(f.Type(), kv.Value)
							}
						}
					} else if i < u.NumFields() {
						toIface(u.Field(i).Type(), el)
					}
				}
			case *types.Slice, *types.Array, *types.Map:
				var kt, vt types.Type
				switch u := u.(type) {
				case *types.Slice:
					vt = u.Elem()
				case *types.Array:
					vt = u.Elem()
				case *types.Map:
					kt, vt = u.Key(), u.Elem()
				}
				for _, el := range x.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						toIface(kt, kv.Key)
						el = kv.Value
					}
					toIface(vt, el)
				}
			}
		case *ast.BinaryExpr:
			if x.Op == token.EQL || x.Op == token.NEQ {
				toIface(typeOf(x.Y), x.X)
				toIface(typeOf(x.X), x.Y)
			}
		case *ast.IndexExpr:
			m, ok := under(x.X).(*types.Map)
			if !ok {
				return true
			}
			// A read keyed by string(b); its statement, visited
			// first, has said whether it is a target.
			if !targets[x] && l.bytesKey(x.Index) {
				mark(x)
			}
			if l.derived(m) {
				return true
			}
			kt := typeOf(x.Index)
			if kt == nil || l.derived(kt) {
				return true
			}
			if types.IsInterface(m.Key()) && !types.IsInterface(kt) {
				mark(x.Index) // converted to an interface, then addressed
			} else if keyCopied(m, kt) && !l.addressable(x.Index) {
				mark(x.Index)
			}
		case *ast.SliceExpr:
			for _, b := range []ast.Expr{x.Low, x.High, x.Max} {
				if b != nil && !l.cheap(b) {
					mark(b)
				}
			}
		}
		return true
	})
}

// readsVar reports whether e reads a variable outside function literals.
func (l *lowerer) readsVar(e ast.Expr) bool {
	return contains(e, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return false
		}
		_, isVar := l.objOf(id).(*types.Var)
		return isVar
	})
}

// cheap reports whether gc reads the slice bound e where the slice is made:
// a variable or a constant (cmd/compile's cheapExpr; a call to len or cap
// has its own temporary already).
func (l *lowerer) cheap(e ast.Expr) bool {
	e = ast.Unparen(e)
	if tv, ok := l.r.info.Types[e]; ok && (tv.Value != nil || tv.IsNil()) {
		return true
	}
	if id, ok := e.(*ast.Ident); ok {
		_, isVar := l.objOf(id).(*types.Var)
		return isVar
	}
	return false
}

// bytesKey reports whether the map key e is string(b) of a byte slice b, or
// a struct or array literal holding one (cmd/compile's
// mapKeyReplaceStrConv).
func (l *lowerer) bytesKey(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		tv, ok := l.r.info.Types[x.Fun]
		if !ok || !tv.IsType() || len(x.Args) != 1 {
			return false
		}
		b, ok := tv.Type.Underlying().(*types.Basic)
		if !ok || b.Info()&types.IsString == 0 {
			return false
		}
		s, ok := l.typeOf(x.Args[0]).Underlying().(*types.Slice)
		if !ok {
			return false
		}
		eb, ok := s.Elem().Underlying().(*types.Basic)
		return ok && eb.Kind() == types.Byte
	case *ast.CompositeLit:
		switch l.typeOf(x).Underlying().(type) {
		case *types.Struct, *types.Array:
			for _, el := range x.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Value
				}
				if l.bytesKey(el) {
					return true
				}
			}
		}
	}
	return false
}

// addressable reports whether gc considers e addressable (ir.IsAddressable),
// so that it passes e's address to a runtime routine instead of copying
// it: a variable, a field of an addressable struct or through a pointer, an
// element of a slice or of an addressable array, an indirection.
func (l *lowerer) addressable(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		_, ok := l.objOf(x).(*types.Var)
		return ok
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			if _, isPkg := l.objOf(id).(*types.PkgName); isPkg {
				_, ok := l.objOf(x.Sel).(*types.Var) // a package's variable
				return ok
			}
		}
		if _, isField := l.objOf(x.Sel).(*types.Var); !isField {
			return false
		}
		if sel := l.r.info.Selections[x]; sel != nil && sel.Indirect() {
			return true // through an embedded pointer
		}
		if _, ok := l.typeOf(x.X).Underlying().(*types.Pointer); ok {
			return true
		}
		return l.addressable(x.X)
	case *ast.IndexExpr:
		switch l.typeOf(x.X).Underlying().(type) {
		case *types.Slice, *types.Pointer:
			return true
		case *types.Array:
			return l.addressable(x.X)
		}
	case *ast.StarExpr:
		return true
	}
	return false
}

// convNeedsAddr reports whether gc converts a value of the concrete type t
// to an interface by passing its address (cmd/compile's dataWordFuncName):
// all but 2-byte values, pointer-free 4- and 8-byte ones (with their
// natural alignment), and strings and slices, alone or as the sole
// component of a struct or array.
func convNeedsAddr(t types.Type) bool {
	size, align := gcSizes.Sizeof(t), gcSizes.Alignof(t)
	ptrs := hasPointers(t)
	switch {
	case size == 2 && align == 2,
		size == 4 && align == 4 && !ptrs,
		size == 8 && align == 8 && !ptrs:
		return false
	}
	switch u := soleComponent(t).Underlying().(type) {
	case *types.Slice:
		return false
	case *types.Basic:
		return u.Info()&types.IsString == 0
	}
	return true
}

// soleComponent is t's only component, through structs of one field and
// arrays of one element, or t.
func soleComponent(t types.Type) types.Type {
	switch u := t.Underlying().(type) {
	case *types.Struct:
		if u.NumFields() == 1 {
			return soleComponent(u.Field(0).Type())
		}
	case *types.Array:
		if u.Len() == 1 {
			return soleComponent(u.Elem())
		}
	}
	return t
}

// keyCopied reports whether gc copies a key of type kt, not addressable,
// before it indexes the map m: a map whose routines take the key's address
// (cmd/compile's mapfast says mapslow), or one whose fast routine reads a
// key of another kind than its own (a struct or array of 4 or 8 bytes).
func keyCopied(m *types.Map, kt types.Type) bool {
	if gcSizes.Sizeof(m.Elem()) > 128 { // abi.MapMaxElemBytes
		return true
	}
	switch keyAlg(m.Key()) {
	case algMem:
		size := gcSizes.Sizeof(m.Key())
		if size != 4 && size != 8 {
			return true
		}
		if size == 8 && hasPointers(m.Key()) {
			switch u := kt.Underlying().(type) {
			case *types.Pointer, *types.Chan, *types.Map, *types.Signature:
				return false
			case *types.Basic:
				return u.Kind() != types.UnsafePointer
			}
			return true
		}
		b, ok := kt.Underlying().(*types.Basic)
		return !ok || b.Info()&types.IsInteger == 0
	case algString:
		return false
	}
	return true
}

const (
	algOther = iota
	algMem
	algString
)

// keyAlg is how gc compares keys of type t (cmd/compile's AlgType, reduced):
// as plain memory, as strings, or otherwise.
func keyAlg(t types.Type) int {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsString != 0:
			return algString
		case u.Info()&(types.IsFloat|types.IsComplex) != 0:
			return algOther
		}
		return algMem
	case *types.Pointer, *types.Chan:
		return algMem
	case *types.Array:
		if u.Len() == 0 {
			return algMem
		}
		a := keyAlg(u.Elem())
		if u.Len() == 1 || a == algMem {
			return a
		}
		return algOther
	case *types.Struct:
		n := u.NumFields()
		if n == 1 && u.Field(0).Name() != "_" {
			return keyAlg(u.Field(0).Type())
		}
		fields := make([]*types.Var, n)
		for i := range n {
			fields[i] = u.Field(i)
		}
		offs := gcSizes.Offsetsof(fields)
		size := gcSizes.Sizeof(u)
		for i, f := range fields {
			end := size
			if i+1 < n {
				end = offs[i+1]
			}
			if f.Name() == "_" || keyAlg(f.Type()) != algMem || offs[i]+gcSizes.Sizeof(f.Type()) != end {
				return algOther
			}
		}
		return algMem
	}
	return algOther
}

// cmpSides reports whether e is a comparison of structs or arrays with a
// side that gc copies (one not addressable that reads a variable): gc
// copies both sides once it has evaluated them, so when the comparison
// precedes an await, those sides are read before it (see early).
func (l *lowerer) cmpSides(e ast.Expr) bool {
	x, ok := e.(*ast.BinaryExpr)
	if !ok || (x.Op != token.EQL && x.Op != token.NEQ) {
		return false
	}
	if tv, ok := l.r.info.Types[e]; ok && tv.Value != nil {
		return false
	}
	switch l.typeOf(x.X).Underlying().(type) {
	case *types.Struct, *types.Array:
	default:
		return false
	}
	return l.copiedSide(x.X) || l.copiedSide(x.Y)
}

// copiedSide reports whether gc copies the side e of a struct or array
// comparison: it is not addressable and reads a variable.
func (l *lowerer) copiedSide(e ast.Expr) bool { return !l.addressable(e) && l.readsVar(e) }
