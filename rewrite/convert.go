package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/jennifer/jen"
)

// This file turns the typed AST of code without awaits into jennifer code,
// rewriting the names of the function's variables to where the lowering put
// them and package references to qualified names.

// objOf returns the object an identifier denotes or declares.
func (l *lowerer) objOf(id *ast.Ident) types.Object {
	if o := l.synth[id]; o != nil {
		return o
	}
	if o := l.r.info.Uses[id]; o != nil {
		return o
	}
	return l.r.info.Defs[id]
}

// typeOf returns the type of e, including expressions made by the spiller.
func (l *lowerer) typeOf(e ast.Expr) types.Type {
	if t := l.synthType[e]; t != nil {
		return t
	}
	if id, ok := e.(*ast.Ident); ok {
		if o := l.objOf(id); o != nil {
			if _, isVar := o.(*types.Var); isVar {
				return o.Type()
			}
		}
	}
	if t := l.r.info.TypeOf(e); t != nil {
		return t
	}
	l.fail(e.Pos(), "no type information for expression")
	return nil
}

// ident spells an identifier.
func (l *lowerer) ident(id *ast.Ident) *jen.Statement {
	if t, ok := l.typeExprs[id]; ok {
		return l.typeCode(t, id.Pos())
	}
	if id.Name == "_" {
		if n, ok := l.tpNames[l.objOf(id)]; ok {
			return jen.Id(n) // a blank type parameter
		}
		return jen.Id("_")
	}
	o := l.objOf(id)
	if o == nil {
		return jen.Id(id.Name)
	}
	if lc := l.locals[o]; lc != nil {
		if lc.pkgNeeded {
			return jen.Id(lc.pkgName)
		}
		l.ref(lc)
		return l.varRef(lc)
	}
	if v, ok := o.(*types.Var); ok && v.IsField() {
		return jen.Id(v.Name()) // a key of a struct literal
	}
	if o.Pkg() != nil && o.Pkg() != l.r.pkg && o.Parent() == o.Pkg().Scope() {
		return jen.Qual(o.Pkg().Path(), o.Name()) // dot import
	}
	return jen.Id(id.Name)
}

// varRef spells a use of lc.
func (l *lowerer) varRef(lc *local) *jen.Statement {
	switch {
	case lc.result != "":
		return l.f().Dot(lc.result)
	case lc.ptr && l.bound[lc]:
		return jen.Parens(jen.Op("*").Id(lc.name))
	case lc.ptr:
		return jen.Parens(jen.Op("*").Add(l.f().Dot(lc.name)))
	case lc.frame:
		return l.f().Dot(lc.name)
	}
	return jen.Id(lc.name)
}

// compound reports whether s holds statements of its own.
func compound(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
		*ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt, *ast.CaseClause, *ast.CommClause:
		return true
	}
	return false
}

func (l *lowerer) exprs(es []ast.Expr) []jen.Code {
	out := make([]jen.Code, len(es))
	for i, e := range es {
		out[i] = l.expr(e)
	}
	return out
}

// operands spells the elements or arguments es of an expression that
// begins at pos. The generated code renders the expression on one line,
// under the directive of its statement's first line, so an operand that
// begins on a later source line (an element or an argument on a line of
// its own) is preceded by a /*line*/ directive naming its line, and the
// last operand by one naming pos's line again: a panic in an operand, or a
// call in it, names its line as gc would.
func (l *lowerer) operands(es []ast.Expr, pos token.Pos) []jen.Code {
	at := l.lineOf(pos)
	cur := at
	out := make([]jen.Code, len(es))
	for i, e := range es {
		c := l.expr(e)
		if n := l.lineOf(e.Pos()); n != 0 && at != 0 && n != cur {
			c = jen.Comment(l.inlineLine(n)).Add(c)
			cur = n
		}
		if i == len(es)-1 && cur != at {
			c = c.Comment(l.inlineLine(at))
		}
		out[i] = c
	}
	return out
}

// inlineLine is the /*line*/ directive for source line n.
func (l *lowerer) inlineLine(n int) string {
	return "/*line " + l.r.base + ":" + itoa(n) + "*/"
}

// expr spells an expression without awaits.
// optExpr spells an optional part of a header or slice expression: a
// missing one is Empty, which keeps its place in the list (expr's Null
// would drop it, and the separator with it: "for ; {"). gofmt turns the
// "for ; ; {" and "switch ; {" this gives into "for {" and "switch {".
func (l *lowerer) optExpr(e ast.Expr) jen.Code {
	if e == nil {
		return jen.Empty()
	}
	return l.expr(e)
}

func (l *lowerer) expr(e ast.Expr) *jen.Statement {
	switch e := e.(type) {
	case nil:
		return jen.Null()
	case *ast.Ident:
		return l.ident(e)
	case *ast.BasicLit:
		return jen.Op(e.Value)
	case *ast.CompositeLit:
		c := jen.Null()
		if e.Type != nil {
			c = l.expr(e.Type)
		}
		return c.Values(l.operands(e.Elts, e.Pos())...)
	case *ast.FuncLit:
		return l.funcLit(e, nil)
	case *ast.ParenExpr:
		return jen.Parens(l.expr(e.X))
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			if pn, ok := l.objOf(id).(*types.PkgName); ok {
				return jen.Qual(pn.Imported().Path(), e.Sel.Name)
			}
		}
		if v, ok := l.objOf(e.Sel).(*types.Var); ok && v.IsField() {
			return l.expr(e.X).Dot(v.Name())
		}
		return l.expr(e.X).Dot(e.Sel.Name)
	case *ast.IndexExpr:
		return l.expr(e.X).Index(l.expr(e.Index))
	case *ast.IndexListExpr:
		return l.expr(e.X).Types(l.exprs(e.Indices)...)
	case *ast.SliceExpr:
		items := []jen.Code{l.optExpr(e.Low), l.optExpr(e.High)}
		if e.Slice3 {
			items = append(items, l.optExpr(e.Max))
		}
		return l.expr(e.X).Index(items...)
	case *ast.TypeAssertExpr:
		if e.Type == nil {
			return l.expr(e.X).Assert(jen.Type())
		}
		return l.expr(e.X).Assert(l.expr(e.Type))
	case *ast.CallExpr:
		return l.call(e)
	case *ast.StarExpr:
		return jen.Op("*").Add(l.expr(e.X))
	case *ast.UnaryExpr:
		return jen.Op(e.Op.String()).Add(l.expr(e.X))
	case *ast.BinaryExpr:
		return l.expr(e.X).Op(e.Op.String()).Add(l.operands([]ast.Expr{e.Y}, e.Pos())...)
	case *ast.KeyValueExpr:
		return l.expr(e.Key).Op(":").Add(l.expr(e.Value))
	case *ast.ArrayType:
		if e.Len == nil {
			return jen.Index().Add(l.expr(e.Elt))
		}
		if _, ok := e.Len.(*ast.Ellipsis); ok {
			return jen.Index(jen.Op("...")).Add(l.expr(e.Elt))
		}
		return jen.Index(l.expr(e.Len)).Add(l.expr(e.Elt))
	case *ast.StructType:
		var fields []jen.Code
		for _, f := range e.Fields.List {
			c := jen.Null()
			if len(f.Names) > 0 {
				c = jen.List(l.declNames(f.Names)...)
			}
			c = c.Add(l.expr(f.Type))
			if f.Tag != nil {
				c = c.Op(f.Tag.Value)
			}
			fields = append(fields, c)
		}
		return jen.Struct(fields...)
	case *ast.FuncType:
		return jen.Func().Add(l.signature(e))
	case *ast.InterfaceType:
		var items []jen.Code
		for _, f := range e.Methods.List {
			if len(f.Names) == 0 {
				items = append(items, l.expr(f.Type))
				continue
			}
			ft := f.Type.(*ast.FuncType)
			items = append(items, jen.Id(f.Names[0].Name).Add(l.signature(ft)))
		}
		return jen.Interface(items...)
	case *ast.MapType:
		return jen.Map(l.expr(e.Key)).Add(l.expr(e.Value))
	case *ast.ChanType:
		switch e.Dir {
		case ast.SEND:
			return jen.Chan().Op("<-").Add(l.expr(e.Value))
		case ast.RECV:
			return jen.Op("<-").Chan().Add(l.expr(e.Value))
		}
		return jen.Chan().Add(l.expr(e.Value))
	case *ast.Ellipsis:
		return jen.Op("...").Add(l.expr(e.Elt))
	}
	l.fail(e.Pos(), "unsupported expression %T", e)
	return nil
}

// names spells declared identifiers (parameters, fields).
func (l *lowerer) declNames(ids []*ast.Ident) []jen.Code {
	out := make([]jen.Code, len(ids))
	for i, id := range ids {
		if o := l.r.info.Defs[id]; o != nil {
			if n, ok := l.tpNames[o]; ok {
				out[i] = jen.Id(n) // a type parameter, maybe blank
				continue
			}
			if lc := l.locals[o]; lc != nil {
				if lc.pkgNeeded {
					out[i] = jen.Id(lc.pkgName)
					continue
				}
				l.ref(lc)
				out[i] = jen.Id(lc.name)
				continue
			}
		}
		out[i] = jen.Id(id.Name)
	}
	return out
}

// fields spells a parameter or result list.
func (l *lowerer) fields(fl *ast.FieldList) []jen.Code { return l.fieldList(fl, false) }

// namedFields spells a parameter list with its unnamed parameters named _,
// so that it can follow a named parameter.
func (l *lowerer) namedFields(fl *ast.FieldList) []jen.Code { return l.fieldList(fl, true) }

func (l *lowerer) fieldList(fl *ast.FieldList, named bool) []jen.Code {
	if fl == nil {
		return nil
	}
	var out []jen.Code
	for _, f := range fl.List {
		if len(f.Names) == 0 {
			if named {
				out = append(out, jen.Id("_").Add(l.expr(f.Type)))
			} else {
				out = append(out, l.expr(f.Type))
			}
			continue
		}
		out = append(out, jen.List(l.declNames(f.Names)...).Add(l.expr(f.Type)))
	}
	return out
}

// signature spells the parameters and results of a function type.
func (l *lowerer) signature(ft *ast.FuncType) *jen.Statement {
	c := jen.Params(l.fields(ft.Params)...)
	if ft.Results == nil || len(ft.Results.List) == 0 {
		return c
	}
	res := ft.Results.List
	if len(res) == 1 && len(res[0].Names) == 0 {
		return c.Add(l.expr(res[0].Type))
	}
	return c.Params(l.fields(ft.Results)...)
}

// call spells a call; runtime.Spawn becomes a spawn (see spawn).
func (l *lowerer) call(e *ast.CallExpr) *jen.Statement {
	if l.isAwait(e) && l.litDepth > 0 {
		l.fail(e.Pos(), "runtime.Await inside a function literal: function literals cannot be //async; await in the enclosing function or make the literal a named //async function")
	}
	if l.isAwait(e) {
		// Code the spiller did not reach: say so rather than blame a
		// function literal.
		l.fail(e.Pos(), "await in this position is not supported: await into a variable in a statement before it")
	}
	if l.isRuntime(e.Fun, "Spawn") {
		return l.spawn(e)
	}
	return l.expr(e.Fun).Call(l.args(e)...)
}

// args spells the arguments of a call.
func (l *lowerer) args(e *ast.CallExpr) []jen.Code {
	args := l.operands(e.Args, e.Pos())
	if e.Ellipsis.IsValid() && len(args) > 0 {
		args[len(args)-1] = jen.Add(args[len(args)-1]).Op("...")
	}
	return args
}

// funcLit spells a function literal. Function literals that use variables
// held through a pointer are wrapped so that they capture the pointer of the
// current declaration, not the frame field that a later iteration renews:
// func(x *T) func() { return func() { ... *x ... } }(f.x). guard, when set, is
// inserted as the literal's first statement.
func (l *lowerer) funcLit(e *ast.FuncLit, guard []jen.Code) *jen.Statement {
	var free []*local
	seen := map[*local]bool{}
	ast.Inspect(e.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if lc := l.locals[l.objOf(id)]; lc != nil && lc.ptr && !l.bound[lc] && !seen[lc] {
				seen[lc] = true
				free = append(free, lc)
			}
		}
		return true
	})
	for _, lc := range free {
		l.bound[lc] = true
	}
	saved := l.vstack
	l.vstack = nil
	l.litDepth++
	body := append(guard, l.stmts(e.Body.List)...)
	l.litDepth--
	l.vstack = saved
	lit := jen.Func().Add(l.signature(e.Type)).Block(body...)
	for _, lc := range free {
		delete(l.bound, lc)
	}
	if len(free) == 0 {
		return lit
	}
	var params, args []jen.Code
	for _, lc := range free {
		l.ref(lc)
		params = append(params, jen.Id(lc.name).Op("*").Add(l.typeCode(lc.obj.Type(), e.Pos())))
		args = append(args, l.f().Dot(lc.name))
	}
	return jen.Func().Params(params...).Func().Add(l.signature(e.Type)).Block(jen.Return(lit)).Call(args...)
}
