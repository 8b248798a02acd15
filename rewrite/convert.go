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
	if id.Name == "_" {
		return jen.Id("_")
	}
	o := l.objOf(id)
	if o == nil {
		return jen.Id(id.Name)
	}
	if lc := l.locals[o]; lc != nil {
		l.ref(lc)
		return l.varRef(lc)
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

// expr spells an expression without awaits.
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
		return c.Values(l.exprs(e.Elts)...)
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
		return l.expr(e.X).Dot(e.Sel.Name)
	case *ast.IndexExpr:
		return l.expr(e.X).Index(l.expr(e.Index))
	case *ast.IndexListExpr:
		return l.expr(e.X).Types(l.exprs(e.Indices)...)
	case *ast.SliceExpr:
		part := func(x ast.Expr) jen.Code {
			if x == nil {
				return jen.Empty()
			}
			return l.expr(x)
		}
		items := []jen.Code{part(e.Low), part(e.High)}
		if e.Slice3 {
			items = append(items, part(e.Max))
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
		return l.expr(e.X).Op(e.Op.String()).Add(l.expr(e.Y))
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
			if lc := l.locals[o]; lc != nil {
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
func (l *lowerer) fields(fl *ast.FieldList) []jen.Code {
	if fl == nil {
		return nil
	}
	var out []jen.Code
	for _, f := range fl.List {
		if len(f.Names) == 0 {
			out = append(out, l.expr(f.Type))
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

// call spells a call; runtime.Spawn becomes runtime.SpawnOn on the task's
// loop.
func (l *lowerer) call(e *ast.CallExpr) *jen.Statement {
	if l.isAwait(e) {
		l.fail(e.Pos(), "runtime.Await inside a function literal: function literals cannot be //async; await in the enclosing function or make the literal a named //async function")
	}
	args := l.exprs(e.Args)
	if e.Ellipsis.IsValid() && len(args) > 0 {
		args[len(args)-1] = jen.Add(args[len(args)-1]).Op("...")
	}
	if l.isRuntime(e.Fun, "Spawn") {
		loop := jen.Id(l.task).Dot("Loop").Call().Assert(jen.Op("*").Qual(runtimePath, "Loop"))
		return jen.Qual(runtimePath, "SpawnOn").Call(append([]jen.Code{loop}, args...)...)
	}
	return l.expr(e.Fun).Call(args...)
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

// stmts spells a statement list of verbatim code.
func (l *lowerer) stmts(list []ast.Stmt) []jen.Code {
	var out []jen.Code
	for _, s := range list {
		out = append(out, l.line(s.Pos()))
		out = append(out, l.vstmt(s)...)
	}
	return out
}

// inLit reports whether verbatim code is being spelled inside a function
// literal (where returns, defers and branches are the literal's own).
func (l *lowerer) inLit() bool { return l.litDepth > 0 }

// vstmt spells a statement without awaits.
func (l *lowerer) vstmt(s ast.Stmt) []jen.Code {
	if compound(s) {
		// Definitions inside do not always run: they count as uses.
		l.nest++
		defer func() { l.nest-- }()
	}
	switch s := s.(type) {
	case *ast.ExprStmt:
		return []jen.Code{l.expr(s.X)}
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE && !l.inLit() {
			return l.assign(s.Lhs, s.Tok, l.exprs(s.Rhs), s.Pos())
		}
		return []jen.Code{jen.List(l.exprs(s.Lhs)...).Op(s.Tok.String()).List(l.exprs(s.Rhs)...)}
	case *ast.DeclStmt:
		return l.decl(s.Decl.(*ast.GenDecl))
	case *ast.IncDecStmt:
		return []jen.Code{l.expr(s.X).Op(s.Tok.String())}
	case *ast.SendStmt:
		return []jen.Code{l.expr(s.Chan).Op("<-").Add(l.expr(s.Value))}
	case *ast.GoStmt:
		return []jen.Code{jen.Go().Add(l.expr(s.Call))}
	case *ast.DeferStmt:
		if l.inLit() {
			return []jen.Code{jen.Defer().Add(l.expr(s.Call))}
		}
		return l.deferStmt(s)
	case *ast.ReturnStmt:
		if l.inLit() {
			return []jen.Code{jen.Return(l.exprs(s.Results)...)}
		}
		return l.retCode(s)
	case *ast.BranchStmt:
		return l.vbranch(s)
	case *ast.BlockStmt:
		return []jen.Code{jen.Block(l.stmts(s.List)...)}
	case *ast.EmptyStmt:
		return nil
	case *ast.LabeledStmt:
		out := []jen.Code{jen.Id(s.Label.Name).Op(":")}
		switch s.Stmt.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			l.pendingLabel = s.Label.Name
		}
		return append(out, l.vstmt(s.Stmt)...)
	case *ast.IfStmt:
		return []jen.Code{l.vif(s)}
	case *ast.ForStmt:
		l.pushV(true)
		defer l.popV()
		return []jen.Code{jen.For(l.simpleStmt(s.Init), l.expr(s.Cond), l.simpleStmt(s.Post)).Block(l.stmts(s.Body.List)...)}
	case *ast.RangeStmt:
		l.pushV(true)
		defer l.popV()
		var head *jen.Statement
		switch {
		case s.Key == nil:
			head = jen.Range().Add(l.expr(s.X))
		case s.Value == nil:
			head = l.expr(s.Key).Op(s.Tok.String()).Range().Add(l.expr(s.X))
		default:
			head = jen.List(l.expr(s.Key), l.expr(s.Value)).Op(s.Tok.String()).Range().Add(l.expr(s.X))
		}
		return []jen.Code{jen.For(head).Block(l.stmts(s.Body.List)...)}
	case *ast.SwitchStmt:
		l.pushV(false)
		defer l.popV()
		return []jen.Code{jen.Switch(l.simpleStmt(s.Init), l.expr(s.Tag)).Block(l.clauses(s.Body)...)}
	case *ast.TypeSwitchStmt:
		l.pushV(false)
		defer l.popV()
		return []jen.Code{jen.Switch(l.simpleStmt(s.Init), l.simpleStmt(s.Assign)).Block(l.clauses(s.Body)...)}
	case *ast.SelectStmt:
		l.pushV(false)
		defer l.popV()
		return []jen.Code{jen.Select().Block(l.clauses(s.Body)...)}
	}
	l.fail(s.Pos(), "unsupported statement %T", s)
	return nil
}

func (l *lowerer) pushV(loop bool) {
	l.vstack = append(l.vstack, vframe{label: l.pendingLabel, loop: loop})
	l.pendingLabel = ""
}

func (l *lowerer) popV() { l.vstack = l.vstack[:len(l.vstack)-1] }

// simpleStmt spells the init or post statement of a header.
func (l *lowerer) simpleStmt(s ast.Stmt) jen.Code {
	if s == nil {
		return jen.Empty()
	}
	switch s := s.(type) {
	case *ast.AssignStmt:
		return jen.List(l.exprs(s.Lhs)...).Op(s.Tok.String()).List(l.exprs(s.Rhs)...)
	}
	code := l.vstmt(s)
	if len(code) != 1 {
		l.fail(s.Pos(), "unsupported statement in a header")
	}
	return code[0]
}

func (l *lowerer) vif(s *ast.IfStmt) *jen.Statement {
	c := jen.If(l.simpleStmt(s.Init), l.expr(s.Cond)).Block(l.stmts(s.Body.List)...)
	switch e := s.Else.(type) {
	case *ast.IfStmt:
		c = c.Else().Add(l.vif(e))
	case *ast.BlockStmt:
		c = c.Else().Block(l.stmts(e.List)...)
	}
	return c
}

// clauses spells the clauses of a switch, type switch or select.
func (l *lowerer) clauses(body *ast.BlockStmt) []jen.Code {
	var out []jen.Code
	for _, c := range body.List {
		switch c := c.(type) {
		case *ast.CaseClause:
			head := jen.Default()
			if c.List != nil {
				head = jen.Case(l.exprs(c.List)...)
			}
			out = append(out, head.Block(l.stmts(c.Body)...))
		case *ast.CommClause:
			head := jen.Default()
			if c.Comm != nil {
				head = jen.Case(l.simpleStmt(c.Comm))
			}
			out = append(out, head.Block(l.stmts(c.Body)...))
		}
	}
	return out
}

// vbranch spells break, continue, goto and fallthrough of verbatim code;
// those that leave it for lowered code become state jumps.
func (l *lowerer) vbranch(s *ast.BranchStmt) []jen.Code {
	keep := func() []jen.Code {
		if s.Label != nil {
			return []jen.Code{jen.Id(s.Tok.String()).Id(s.Label.Name)}
		}
		return []jen.Code{jen.Id(s.Tok.String())}
	}
	if l.inLit() {
		return keep()
	}
	switch s.Tok {
	case token.FALLTHROUGH:
		return keep()
	case token.GOTO:
		if l.vlabels[s.Label.Name] {
			return keep()
		}
	case token.BREAK, token.CONTINUE:
		if s.Label != nil {
			for _, v := range l.vstack {
				if v.label == s.Label.Name {
					return keep()
				}
			}
		} else {
			for _, v := range l.vstack {
				if s.Tok == token.BREAK || v.loop {
					return keep()
				}
			}
		}
	}
	return l.branch(s)
}

// decl spells a declaration statement.
func (l *lowerer) decl(d *ast.GenDecl) []jen.Code {
	if d.Tok == token.CONST || d.Tok == token.TYPE {
		code := l.decl1(d)
		if !l.inLit() && l.hoisted(d) {
			if l.pass > 0 {
				l.hoists = append(l.hoists, code...)
			}
			return nil
		}
		return code
	}
	return l.decl1(d)
}

// hoisted reports whether the names of a const or type declaration are
// declared at the top of Step.
func (l *lowerer) hoisted(d *ast.GenDecl) bool {
	for _, spec := range d.Specs {
		var id *ast.Ident
		switch sp := spec.(type) {
		case *ast.ValueSpec:
			id = sp.Names[0]
		case *ast.TypeSpec:
			id = sp.Name
		}
		if lc := l.locals[l.r.info.Defs[id]]; lc == nil || !lc.hoist {
			return false
		}
	}
	return true
}

func (l *lowerer) decl1(d *ast.GenDecl) []jen.Code {
	if d.Tok == token.CONST {
		// One group, so that iota and implicit repetition keep counting.
		var specs []jen.Code
		for _, spec := range d.Specs {
			sp := spec.(*ast.ValueSpec)
			c := jen.List(l.declNames(sp.Names)...)
			if sp.Type != nil {
				c = c.Add(l.expr(sp.Type))
			}
			if len(sp.Values) > 0 {
				c = c.Op("=").List(l.exprs(sp.Values)...)
			}
			specs = append(specs, c)
		}
		return []jen.Code{jen.Const().Defs(specs...)}
	}
	var out []jen.Code
	for _, spec := range d.Specs {
		switch sp := spec.(type) {
		case *ast.TypeSpec:
			c := jen.Type().Add(l.declNames([]*ast.Ident{sp.Name})...)
			if sp.Assign.IsValid() {
				c = c.Op("=")
			}
			out = append(out, c.Add(l.expr(sp.Type)))
		case *ast.ValueSpec:
			out = append(out, l.varSpec(sp)...)
		}
	}
	return out
}

// varSpec spells `var names [type] [= values]`.
func (l *lowerer) varSpec(sp *ast.ValueSpec) []jen.Code {
	lhs := make([]ast.Expr, len(sp.Names))
	anyFrame := false
	for i, n := range sp.Names {
		lhs[i] = n
		if lc := l.locals[l.r.info.Defs[n]]; lc != nil && lc.outside() && !l.inLit() {
			anyFrame = true
		}
	}
	if !anyFrame {
		l.killing = true
		names := l.declNames(sp.Names)
		l.killing = false
		c := jen.Var().List(names...)
		if sp.Type != nil {
			c = c.Add(l.expr(sp.Type))
		}
		if len(sp.Values) > 0 {
			c = c.Op("=").List(l.exprs(sp.Values)...)
		}
		return []jen.Code{c}
	}
	if sp.Type == nil {
		return l.assign(lhs, token.DEFINE, l.exprs(sp.Values), sp.Pos())
	}
	// Typed declaration: renew pointers, then assign (the values convert to
	// the declared type as in the source).
	var out []jen.Code
	var targets []jen.Code
	for _, n := range sp.Names {
		lc := l.locals[l.r.info.Defs[n]]
		switch {
		case lc == nil:
			targets = append(targets, jen.Id("_"))
		case lc.ptr:
			l.kill(lc)
			out = append(out, l.f().Dot(lc.name).Op("=").New(l.typeCode(lc.obj.Type(), n.Pos())))
			targets = append(targets, l.varRef(lc))
		case lc.outside():
			l.kill(lc)
			targets = append(targets, l.varRef(lc))
		default:
			l.ref(lc)
			out = append(out, jen.Var().Id(lc.name).Add(l.expr(sp.Type)))
			targets = append(targets, jen.Id(lc.name))
		}
	}
	if len(sp.Values) > 0 {
		out = append(out, jen.List(targets...).Op("=").List(l.exprs(sp.Values)...))
	} else {
		for i, n := range sp.Names {
			lc := l.locals[l.r.info.Defs[n]]
			if lc != nil && lc.outside() && !lc.ptr {
				out = append(out, targets[i].(*jen.Statement).Clone().Op("=").Add(l.zeroCode(lc.obj.Type(), n.Pos())))
			}
		}
	}
	return out
}
