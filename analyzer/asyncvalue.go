package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// reportAsyncValues reports, for directcall, the ways of calling an //async
// function F that no call of F shows: F (or a method value or expression
// of it) used as a func value, and a value whose type has F as a method
// converted to an interface that has it. A call through either runs F's
// source body, where runtime.Await panics.
func reportAsyncValues(pass *analysis.Pass, x *Index, f *ast.File) {
	info := pass.TypesInfo
	walkStack(f, func(n ast.Node, stack []ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if inst, ok := info.Instances[n]; ok {
				asyncTypeArgs(pass, x, n, inst)
			}
			fn, ok := info.Uses[n].(*types.Func)
			if !ok || x.Fact(fn) == nil {
				return true
			}
			e, above := valueExpr(n, stack)
			if calledAt(e, above) {
				return true
			}
			pass.Report(analysis.Diagnostic{
				Pos: e.Pos(), End: e.End(), Category: "directcall",
				Message: "async function " + funcName(fn) + " used as a func value: a call of it runs the source body, where runtime.Await panics; " +
					"pass a func that runs " + asyncRef(info, fn, e) + "(...) instead (awaited in an //async function, or with runtime.Run outside the loop)",
			})
		default:
			implicitConversions(info, n, stack, func(e ast.Expr, from, to types.Type) bool {
				return asyncMethodConversion(pass, x, e, from, to)
			})
		}
		return true
	})
}

// valueExpr returns the expression that id, with ancestors stack, names
// a function by: id itself, or the selector or instantiation around it,
// and that expression's ancestors.
func valueExpr(id *ast.Ident, stack []ast.Node) (ast.Expr, []ast.Node) {
	var e ast.Expr = id
	for i := len(stack) - 1; i >= 0; i-- {
		var x ast.Expr
		switch p := stack[i].(type) {
		case *ast.SelectorExpr:
			x = p.Sel
		case *ast.IndexExpr:
			x = p.X
		case *ast.IndexListExpr:
			x = p.X
		}
		if x != e {
			return e, stack[:i+1]
		}
		e = stack[i].(ast.Expr)
	}
	return e, nil
}

// asyncMethodConversion reports e, of type from (nil: e's own), converted
// to the type to, when to is an interface one of whose methods is an
// //async method of from.
func asyncMethodConversion(pass *analysis.Pass, x *Index, e ast.Expr, from, to types.Type) (reported bool) {
	iface, ok := types.Unalias(to).Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 {
		return false
	}
	if from == nil {
		from = pass.TypesInfo.TypeOf(e)
	}
	if from == nil || types.IsInterface(from) {
		return false
	}
	m := asyncMethodOf(x, from, iface)
	if m != "" {
		qual := byName(pass.Pkg)
		pass.Report(analysis.Diagnostic{
			Pos: e.Pos(), End: e.End(), Category: "directcall",
			Message: types.TypeString(from, qual) + " used as " + types.TypeString(to, qual) + ", whose method " + m +
				" is //async: a call through the interface runs the source body, where runtime.Await panics; " +
				"give the interface a method that returns the coroutine (" + AsyncName(m) + ") instead",
		})
	}
	return m != ""
}

// asyncMethodOf returns the name of a method of iface that is an //async
// method of t, or "".
func asyncMethodOf(x *Index, t types.Type, iface *types.Interface) string {
	for m := range iface.Methods() {
		obj, _, _ := types.LookupFieldOrMethod(t, true, m.Pkg(), m.Name())
		if fn, ok := obj.(*types.Func); ok && x.Fact(fn) != nil {
			return m.Name()
		}
	}
	return ""
}

// asyncTypeArgs reports a type argument of the instantiation at id whose
// //async method its type parameter's constraint has: the generic code
// calls it as a plain method, running its source body.
func asyncTypeArgs(pass *analysis.Pass, x *Index, id *ast.Ident, inst types.Instance) {
	params := typeParamsOf(pass.TypesInfo.Uses[id])
	if params == nil || inst.TypeArgs == nil || params.Len() != inst.TypeArgs.Len() {
		return
	}
	qual := byName(pass.Pkg)
	for i := range params.Len() {
		arg := inst.TypeArgs.At(i)
		iface, ok := params.At(i).Constraint().Underlying().(*types.Interface)
		if !ok || types.IsInterface(arg) {
			continue
		}
		if m := asyncMethodOf(x, arg, iface); m != "" {
			pass.Report(analysis.Diagnostic{
				Pos: id.Pos(), End: id.End(), Category: "directcall",
				Message: types.TypeString(arg, qual) + " as the type argument " + params.At(i).Obj().Name() + " of " + id.Name +
					", whose constraint has its //async method " + m + ": the generic code calls it as a plain method, running the source body, where runtime.Await panics",
			})
			return
		}
	}
}

// implicitConversions calls conv for each expression that n, with
// ancestors stack, assigns to a variable, parameter, result, element or
// field of a known type, or converts explicitly: the places where a value
// may become an interface.
func implicitConversions(info *types.Info, n ast.Node, stack []ast.Node, convFrom func(e ast.Expr, from, to types.Type) bool) {
	conv := func(e ast.Expr, to types.Type) { convFrom(e, nil, to) }
	// tuple converts the results of the one call on the right of a
	// multi-value assignment or return, each to its own type.
	tuple := func(e ast.Expr, to func(i int) types.Type, n int) {
		if tt, ok := info.TypeOf(e).(*types.Tuple); ok && tt.Len() == n {
			for i := range n {
				if t := to(i); t != nil && convFrom(e, tt.At(i).Type(), t) {
					return // one report for the call
				}
			}
		}
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i, r := range n.Rhs {
				if t := info.TypeOf(n.Lhs[i]); t != nil {
					conv(r, t)
				}
			}
		} else if len(n.Rhs) == 1 {
			tuple(n.Rhs[0], func(i int) types.Type {
				if id, ok := n.Lhs[i].(*ast.Ident); ok && n.Tok == token.DEFINE && info.Defs[id] != nil {
					return nil // a new variable takes the result's own type
				}
				return info.TypeOf(n.Lhs[i])
			}, len(n.Lhs))
		}
	case *ast.ValueSpec:
		if n.Type != nil {
			if t := info.TypeOf(n.Type); t != nil {
				for _, v := range n.Values {
					conv(v, t)
				}
				if len(n.Values) == 1 && len(n.Names) > 1 {
					tuple(n.Values[0], func(int) types.Type { return t }, len(n.Names))
				}
			}
		}
	case *ast.ReturnStmt:
		sig := enclosingSignature(info, stack)
		if sig != nil && sig.Results().Len() == len(n.Results) {
			for i, r := range n.Results {
				conv(r, sig.Results().At(i).Type())
			}
		} else if sig != nil && len(n.Results) == 1 {
			tuple(n.Results[0], func(i int) types.Type { return sig.Results().At(i).Type() }, sig.Results().Len())
		}
	case *ast.SendStmt:
		if ch, ok := coreType(info.TypeOf(n.Chan)).(*types.Chan); ok {
			conv(n.Value, ch.Elem())
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
			if len(n.Args) == 1 {
				conv(n.Args[0], tv.Type)
			}
			return
		}
		sig, ok := coreType(info.TypeOf(n.Fun)).(*types.Signature)
		if !ok {
			return
		}
		params := sig.Params()
		if len(n.Args) == 1 {
			// f(g()) with g returning several values: each to its
			// parameter, the variadic ones to the element type.
			tuple(n.Args[0], func(i int) types.Type {
				if sig.Variadic() && i >= params.Len()-1 {
					if s, ok := params.At(params.Len() - 1).Type().(*types.Slice); ok {
						return s.Elem()
					}
					return nil
				}
				if i < params.Len() {
					return params.At(i).Type()
				}
				return nil
			}, tupleLen(info.TypeOf(n.Args[0])))
		}
		for i, a := range n.Args {
			switch {
			case sig.Variadic() && i >= params.Len()-1:
				if n.Ellipsis.IsValid() {
					conv(a, params.At(params.Len()-1).Type())
				} else if s, ok := params.At(params.Len() - 1).Type().(*types.Slice); ok {
					conv(a, s.Elem())
				}
			case i < params.Len():
				conv(a, params.At(i).Type())
			}
		}
	case *ast.CompositeLit:
		t := coreType(info.TypeOf(n))
		for i, el := range n.Elts {
			key, val := ast.Expr(nil), el
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				key, val = kv.Key, kv.Value
			}
			switch t := t.(type) {
			case *types.Struct:
				if id, ok := key.(*ast.Ident); ok {
					if f, ok := info.Uses[id].(*types.Var); ok {
						conv(val, f.Type())
					}
				} else if key == nil && i < t.NumFields() {
					conv(val, t.Field(i).Type())
				}
			case *types.Slice:
				conv(val, t.Elem())
			case *types.Array:
				conv(val, t.Elem())
			case *types.Map:
				if key != nil {
					conv(key, t.Key())
				}
				conv(val, t.Elem())
			}
		}
	}
}

// tupleLen is the number of values of a multi-value expression's type, 0
// for a single value.
func tupleLen(t types.Type) int {
	if tt, ok := t.(*types.Tuple); ok {
		return tt.Len()
	}
	return 0
}

// enclosingSignature is the signature of the innermost function around a
// node with ancestors stack.
func enclosingSignature(info *types.Info, stack []ast.Node) *types.Signature {
	for i := len(stack) - 1; i >= 0; i-- {
		switch f := stack[i].(type) {
		case *ast.FuncLit:
			sig, _ := info.TypeOf(f).(*types.Signature)
			return sig
		case *ast.FuncDecl:
			if obj, ok := info.Defs[f.Name].(*types.Func); ok {
				return obj.Type().(*types.Signature)
			}
			return nil
		}
	}
	return nil
}
