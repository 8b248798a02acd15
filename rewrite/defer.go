package rewrite

import (
	"go/ast"
	"go/types"

	"github.com/dave/jennifer/jen"
)

// deferStmt lowers `defer g(args)` as package asyncimpl documents: the
// function value and the arguments are evaluated now, the call is wrapped in
// a closure guarded by Defers.Finishing, recorded in the frame and deferred
// in this step. A deferred function literal without arguments is kept as it
// is, with the guard as its first statement, so recover called in it is
// called directly by the deferred function.
func (l *lowerer) deferStmt(s *ast.DeferStmt) []jen.Code {
	guard := jen.If(jen.Op("!").Add(l.f().Dot("Defers").Dot("Finishing"))).Block(jen.Return())
	call := s.Call
	var code []jen.Code
	d := l.fresh("d")
	var fn *jen.Statement
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok && (lit.Type.Results == nil || len(lit.Type.Results.List) == 0) {
		// Bind the arguments to the parameters inside the literal.
		var binds []jen.Code
		if len(call.Args) > 0 {
			if call.Ellipsis.IsValid() || isVariadic(lit.Type) {
				l.fail(s.Pos(), "deferred variadic function literal with arguments is not supported: pass a slice")
			}
			i := 0
			for _, f := range lit.Type.Params.List {
				names := f.Names
				if len(names) == 0 {
					names = []*ast.Ident{nil}
				}
				for _, n := range names {
					tmp := l.fresh("a")
					code = append(code, jen.Id(tmp).Op(":=").Add(l.convertTo(call.Args[i], f.Type)))
					if n != nil && n.Name != "_" {
						binds = append(binds, jen.Id(l.locals[l.r.info.Defs[n]].name).Op(":=").Id(tmp))
					} else {
						binds = append(binds, jen.Id("_").Op("=").Id(tmp))
					}
					i++
				}
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
		callee := l.deferCallee(call.Fun, &code)
		var args []jen.Code
		for _, a := range call.Args {
			if tv, ok := l.r.info.Types[a]; ok && tv.Value != nil {
				args = append(args, l.expr(a))
				continue
			}
			tmp := l.fresh("a")
			code = append(code, jen.Id(tmp).Op(":=").Add(l.expr(a)))
			args = append(args, jen.Id(tmp))
		}
		if call.Ellipsis.IsValid() && len(args) > 0 {
			args[len(args)-1] = jen.Add(args[len(args)-1]).Op("...")
		}
		code = append(code, jen.Id(d).Op(":=").Func().Params().Block(guard, callee.Call(args...)))
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

// convertTo spells e converted to the parameter type t when e is an untyped
// constant (so that the temporary gets the parameter's type).
func (l *lowerer) convertTo(e ast.Expr, t ast.Expr) *jen.Statement {
	if tv, ok := l.r.info.Types[e]; ok && tv.Value != nil {
		return l.expr(t).Call(l.expr(e))
	}
	if tv, ok := l.r.info.Types[e]; ok && tv.IsNil() {
		return l.expr(t).Call(jen.Nil())
	}
	return l.expr(e)
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

func isVariadic(ft *ast.FuncType) bool {
	ps := ft.Params.List
	if len(ps) == 0 {
		return false
	}
	_, ok := ps[len(ps)-1].Type.(*ast.Ellipsis)
	return ok
}

func isBuiltin(o types.Object) bool {
	_, ok := o.(*types.Builtin)
	return ok
}
