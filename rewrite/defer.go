package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/jennifer/jen"
)

// deferStmt lowers `defer g(args)` as package asyncimpl documents: the
// function value and the arguments are evaluated now, the call is wrapped in
// a closure guarded by Defers.Finishing, recorded in the frame and deferred
// in this step. A deferred function literal without results is kept as it
// is, its arguments bound inside and the guard its first statement, so
// recover called in it is called directly by the deferred function. So that
// recover works in any other callee that may call it (see mayRecover), the
// wrapper of a panicking function recovers the panic and raises it again
// in a function that defers the call itself: the callee's recover then
// stops it, or it goes on, its stack still holding where it was raised.
//
// The operands are evaluated in gc's order, as in any call: first the calls
// and receives in the function value and the arguments, left to right
// (see early and spillFun), then what is left of each, a variable, a
// field, a method value's receiver, into the temporaries the closure
// keeps.
func (l *lowerer) deferStmt(s *ast.DeferStmt) []jen.Code {
	guard := jen.If(jen.Op("!").Add(l.f().Dot("Defers").Dot("Finishing"))).Block(jen.Return())
	var code []jen.Code
	call, bound := l.deferOperands(s.Call, &code)
	d := l.fresh("d")
	var fn *jen.Statement
	lit, isLit := ast.Unparen(call.Fun).(*ast.FuncLit)
	if isLit && lit.Type.Results != nil && len(lit.Type.Results.List) > 0 {
		// Defers records func(): a literal with results is deferred
		// through a wrapper, like any other function value.
		isLit = false
	}
	if isLit {
		// Bind the arguments to the parameters inside the literal.
		var binds []jen.Code
		params := lit.Type.Params.List
		i := 0
		for fi, f := range params {
			names := f.Names
			if len(names) == 0 {
				names = []*ast.Ident{nil}
			}
			for _, n := range names {
				var val *jen.Statement
				tmp := ""
				if e, ok := f.Type.(*ast.Ellipsis); ok && fi == len(params)-1 {
					// The variadic parameter: the slice passed with
					// ..., or one made of the remaining arguments.
					switch {
					case call.Ellipsis.IsValid():
						val = l.expr(call.Args[i])
					case i == len(call.Args):
						val = jen.Index().Add(l.expr(e.Elt)).Call(jen.Nil())
					default:
						val = jen.Index().Add(l.expr(e.Elt)).Values(l.exprs(call.Args[i:])...)
					}
				} else if id, ok := call.Args[i].(*ast.Ident); ok && bound[id] {
					tmp = id.Name // evaluated first, into a temporary of its own
				} else {
					val = l.convertTo(call.Args[i], f.Type)
				}
				if tmp == "" {
					tmp = l.fresh("a")
					code = append(code, jen.Id(tmp).Op(":=").Add(val))
				}
				if n != nil && n.Name != "_" {
					binds = append(binds, jen.Id(l.locals[l.r.info.Defs[n]].name).Op(":=").Id(tmp))
				} else {
					binds = append(binds, jen.Id("_").Op("=").Id(tmp))
				}
				i++
			}
		}
		noParams := &ast.FuncLit{Type: &ast.FuncType{Func: lit.Type.Func, Params: &ast.FieldList{}}, Body: lit.Body}
		fn = l.funcLit(noParams, append([]jen.Code{guard}, binds...))
		code = append(code, jen.Id(d).Op(":=").Add(fn))
	} else if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "recover" && isBuiltin(l.objOf(id)) {
		// `defer recover()` does not stop a panic in Go: recover is the
		// deferred function itself, not called by one. Keep it that way by
		// calling it one level down.
		code = append(code, jen.Id(d).Op(":=").Func().Params().Block(guard,
			jen.Func().Params().Block(jen.Id("recover").Call()).Call()))
	} else {
		var callee *jen.Statement
		if bound[call.Fun] {
			callee = l.expr(call.Fun) // evaluated first, into a temporary of its own
		} else {
			callee = l.deferCallee(call.Fun, &code)
		}
		sig, _ := l.typeOf(s.Call.Fun).Underlying().(*types.Signature)
		var args []jen.Code
		for i, a := range call.Args {
			if tv, ok := l.r.info.Types[a]; ok && tv.Value != nil || bound[a] {
				args = append(args, l.expr(a))
				continue
			}
			tmp := l.fresh("a")
			code = append(code, jen.Id(tmp).Op(":=").Add(l.argTo(a, paramType(sig, i, call.Ellipsis.IsValid()))))
			args = append(args, jen.Id(tmp))
		}
		if call.Ellipsis.IsValid() && len(args) > 0 {
			args[len(args)-1] = jen.Add(args[len(args)-1]).Op("...")
		}
		if l.mayRecover(s.Call.Fun) {
			// recover stops a panic only when the deferred function calls
			// it, and the wrapper is the deferred function: it takes the
			// panic and raises it again (Task.Repanic, which keeps the
			// stack of its site) in a function that defers the call
			// itself, whose recover then sees it, as in Go.
			p := l.fresh("p")
			code = append(code, jen.Id(d).Op(":=").Func().Params().Block(guard,
				jen.If(jen.Id(p).Op(":=").Id("recover").Call(), jen.Id(p).Op("!=").Nil()).Block(
					jen.Func().Params().Block(
						jen.Defer().Add(callee).Call(args...),
						jen.Id(l.task).Dot("Repanic").Call(jen.Id(p)),
					).Call(),
					jen.Id(l.task).Dot("Recovered").Call(), // the call stopped it
					jen.Return(),
				),
				jen.Add(callee).Call(args...)))
		} else {
			code = append(code, jen.Id(d).Op(":=").Func().Params().Block(guard, callee.Call(args...)))
		}
	}
	code = append(code,
		l.f().Dot("Defers").Dot("Add").Call(jen.Id(d)),
		jen.Defer().Id(d).Call(),
	)
	if l.hasRangeFunc {
		// Unwind must stay the last deferred call (see emitUnwind).
		code = append(code, jen.Defer().Add(l.f()).Dot("Unwind").Call())
	}
	return code
}

// deferOperands appends to code the evaluation of what gc evaluates first
// among the operands of the deferred call: the calls and receives, left to
// right. It returns the call with what is left of its function value and
// arguments, which the caller evaluates in turn, and which of those are
// whole temporaries evaluated already.
func (l *lowerer) deferOperands(call *ast.CallExpr, code *[]jen.Code) (*ast.CallExpr, map[ast.Expr]bool) {
	var pre []ast.Stmt
	bound := map[ast.Expr]bool{}
	// rest notes x, what is left of the operand e: a temporary if it
	// is an identifier that e is not.
	rest := func(e, x ast.Expr) ast.Expr {
		if _, ok := x.(*ast.Ident); ok && x != e {
			bound[x] = true
		}
		return x
	}
	fun := call.Fun
	if _, isLit := ast.Unparen(fun).(*ast.FuncLit); !isLit {
		var p []ast.Stmt
		p, fun = l.spillFun(call.Fun, true)
		pre = append(pre, p...)
		rest(call.Fun, fun)
	}
	args := make([]ast.Expr, len(call.Args))
	for i, a := range call.Args {
		p, x := l.early(a)
		pre = append(pre, p...)
		args[i] = rest(a, x)
	}
	if len(pre) == 0 {
		return call, bound
	}
	*code = append(*code, l.stmts(pre)...)
	out := &ast.CallExpr{Fun: fun, Lparen: call.Lparen, Args: args, Ellipsis: call.Ellipsis, Rparen: call.Rparen}
	l.synthType[out] = l.typeOf(call)
	return out, bound
}

// convertTo spells e converted to the parameter type t when e is untyped
// (so that the temporary gets the parameter's type, not e's default one).
func (l *lowerer) convertTo(e ast.Expr, t ast.Expr) *jen.Statement {
	if l.untyped(e) {
		tc := l.expr(t)
		switch ast.Unparen(t).(type) {
		case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr:
		default:
			tc = jen.Parens(tc) // *T(x) would be *(T(x))
		}
		return tc.Call(l.expr(e))
	}
	return l.expr(e)
}

// argTo is convertTo for a parameter of type t (nil if unknown: a builtin).
func (l *lowerer) argTo(e ast.Expr, t types.Type) *jen.Statement {
	if t != nil && l.untyped(e) {
		tc := l.typeCode(t, e.Pos())
		switch types.Unalias(t).(type) {
		case *types.Named, *types.Basic, *types.TypeParam:
		default:
			tc = jen.Parens(tc)
		}
		return tc.Call(l.expr(e))
	}
	return l.expr(e)
}

// untyped reports whether e is an untyped expression, whose type comes from
// where it is used: a constant, nil, a comparison, or a logical or shift
// expression of such operands.
func (l *lowerer) untyped(e ast.Expr) bool {
	if tv, ok := l.r.info.Types[e]; ok && (tv.Value != nil || tv.IsNil()) {
		return true
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		switch e.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			return true
		case token.LAND, token.LOR:
			return l.untyped(e.X) && l.untyped(e.Y)
		case token.SHL, token.SHR:
			return l.untyped(e.X)
		}
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return l.untyped(e.X)
		}
	}
	return false
}

// paramType is the type of the parameter that argument i of a call of sig
// goes to (nil for a builtin's call, which has no signature).
func paramType(sig *types.Signature, i int, spread bool) types.Type {
	if sig == nil {
		return nil
	}
	ps := sig.Params()
	if sig.Variadic() && i >= ps.Len()-1 {
		t := ps.At(ps.Len() - 1).Type()
		if spread {
			return t
		}
		return t.(*types.Slice).Elem()
	}
	if i < ps.Len() {
		return ps.At(i).Type()
	}
	return nil
}

// mayRecover reports whether fun, deferred, may call recover itself, which
// then must stop a panic: a function of another package, a func value, an
// interface's method, a literal or function of this package whose body
// calls recover. A builtin does not (defer recover() is lowered apart), nor
// does a function or literal of this package whose body does not.
func (l *lowerer) mayRecover(fun ast.Expr) bool {
	switch f := ast.Unparen(fun).(type) {
	case *ast.FuncLit:
		return l.r.recovering()[l.r.info.Scopes[f.Type]]
	case *ast.Ident:
		if _, ok := l.objOf(f).(*types.Builtin); ok {
			return false
		}
	}
	id := selIdent(indexBase(ast.Unparen(fun))) // f, x.f, f[T], x.f[T]
	if id == nil {
		return true
	}
	fn, ok := l.objOf(id).(*types.Func)
	if !ok || fn.Pkg() != l.r.pkg {
		return true
	}
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return true
	}
	return l.r.recovering()[fn.Origin().Scope()]
}

// recovering returns the scopes of the package's functions and literals
// whose own body calls recover, found once per file lowered.
func (r *rewriter) recovering() map[*types.Scope]bool {
	if r.recoverers != nil {
		return r.recoverers
	}
	funcs := map[*types.Scope]bool{} // the scopes of functions and literals
	for n, sc := range r.info.Scopes {
		if _, ok := n.(*ast.FuncType); ok {
			funcs[sc] = true
		}
	}
	r.recoverers = map[*types.Scope]bool{}
	for id, o := range r.info.Uses {
		if b, ok := o.(*types.Builtin); !ok || b.Name() != "recover" {
			continue
		}
		sc := r.pkg.Scope().Innermost(id.Pos())
		for sc != nil && !funcs[sc] {
			sc = sc.Parent()
		}
		if sc != nil {
			r.recoverers[sc] = true
		}
	}
	return r.recoverers
}

// deferCallee returns the function to call at the deferred time: a
// package-level function or a builtin as it is, anything else (a method
// value, a function variable) evaluated now.
func (l *lowerer) deferCallee(fun ast.Expr, code *[]jen.Code) *jen.Statement {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		switch l.objOf(f).(type) {
		case *types.Builtin:
			return l.expr(f)
		case *types.Func:
			return l.expr(f)
		}
	case *ast.SelectorExpr:
		if id, ok := f.X.(*ast.Ident); ok {
			if _, ok := l.objOf(id).(*types.PkgName); ok {
				if _, isVar := l.objOf(f.Sel).(*types.Var); !isVar {
					return l.expr(f)
				}
			}
		}
	case *ast.IndexExpr, *ast.IndexListExpr:
		if _, ok := l.typeOf(fun).(*types.Signature); ok {
			if id := selIdent(indexBase(f)); id != nil {
				if _, ok := l.objOf(id).(*types.Func); ok {
					return l.expr(fun)
				}
			}
		}
	}
	tmp := l.fresh("fn")
	*code = append(*code, jen.Id(tmp).Op(":=").Add(l.expr(fun)))
	return jen.Id(tmp)
}

func indexBase(e ast.Expr) ast.Expr {
	switch f := e.(type) {
	case *ast.IndexExpr:
		return f.X
	case *ast.IndexListExpr:
		return f.X
	}
	return e
}

func isBuiltin(o types.Object) bool {
	_, ok := o.(*types.Builtin)
	return ok
}
