package rewrite

import (
	"go/ast"
	"go/token"

	"github.com/dave/jennifer/jen"
)

// This file spells statements without awaits (verbatim code): they stay
// ordinary Go, except that returns, defers and jumps to lowered code follow
// the lowering.

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
		if (s.Tok == token.DEFINE || s.Tok == token.ASSIGN) && !l.inLit() {
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
		if len(l.vlabels) > 0 {
			// A goto may jump over the defer, not over the variables
			// it declares: keep them in a block.
			return []jen.Code{jen.Block(l.deferStmt(s)...)}
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
		return []jen.Code{l.vif(s, true)}
	case *ast.ForStmt:
		l.pushV(true)
		defer l.popV()
		return []jen.Code{jen.For(l.headInit(s.Init), l.optExpr(s.Cond), l.simpleStmt(s.Post)).Block(l.stmts(s.Body.List)...)}
	case *ast.RangeStmt:
		l.pushV(true)
		defer l.popV()
		if !l.inLit() {
			l.vstack[len(l.vstack)-1].rangeFunc = l.rangesOverFunc(s.X)
		}
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
		return []jen.Code{jen.Switch(l.headInit(s.Init), l.optExpr(s.Tag)).Block(l.clauses(s.Body)...)}
	case *ast.TypeSwitchStmt:
		l.pushV(false)
		defer l.popV()
		return []jen.Code{l.vtypeSwitch(s)}
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

// headInit spells the init statement of an if, switch or for header. The
// init runs whenever its statement does, so in a statement at the top of
// its block a plain assignment defines what it assigns, as it would on a
// line of its own: a variable assigned there and dead before need not
// live in the frame.
func (l *lowerer) headInit(s ast.Stmt) jen.Code {
	if a, ok := s.(*ast.AssignStmt); ok && a.Tok == token.ASSIGN && l.nest == 1 && !l.inLit() {
		l.nest--
		defer func() { l.nest++ }()
		rhs := l.exprs(a.Rhs)
		return l.assign(a.Lhs, a.Tok, rhs, a.Pos())[0] // one statement for =
	}
	return l.simpleStmt(s)
}

// vif spells an if statement; top is false for the if of an else, whose
// init runs only when the conditions before it fail.
func (l *lowerer) vif(s *ast.IfStmt, top bool) *jen.Statement {
	init := l.simpleStmt
	if top {
		init = l.headInit
	}
	c := jen.If(init(s.Init), l.expr(s.Cond)).Block(l.stmts(s.Body.List)...)
	switch e := s.Else.(type) {
	case *ast.IfStmt:
		c = c.Else().Add(l.vif(e, false))
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

// vtypeSwitch spells a type switch of verbatim code. Each clause's
// variable is a local of its own, named apart from the others (a clause
// may keep it in the frame), so the guard binds a fresh name and each
// clause that uses its variable defines it from that.
func (l *lowerer) vtypeSwitch(s *ast.TypeSwitchStmt) jen.Code {
	var head []jen.Code
	if s.Init != nil {
		head = append(head, l.headInit(s.Init))
	}
	as, bound := s.Assign.(*ast.AssignStmt)
	bind := ""
	if bound {
		bind = l.fresh("tv")
		x := as.Rhs[0].(*ast.TypeAssertExpr).X
		head = append(head, jen.Id(bind).Op(":=").Add(l.expr(x)).Assert(jen.Type()))
	} else {
		head = append(head, l.simpleStmt(s.Assign))
	}
	var cases []jen.Code
	for _, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		var body []jen.Code
		if obj := l.r.info.Implicits[cc]; bound && obj != nil && usesObj(l, cc.Body, obj) {
			body = append(body, l.defineVar(l.locals[obj], jen.Id(bind))...)
		}
		body = append(body, l.stmts(cc.Body)...)
		h := jen.Default()
		if cc.List != nil {
			h = jen.Case(l.exprs(cc.List)...)
		}
		cases = append(cases, h.Block(body...))
	}
	return jen.Switch(head...).Block(cases...)
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

// decl spells a declaration statement. Of a const or type declaration
// outside function literals, the types declared at package level (see
// needPkgType) and the specs declared at the top of Step (see markHoists)
// leave the group; the rest stays where it is.
func (l *lowerer) decl(d *ast.GenDecl) []jen.Code {
	if d.Tok != token.CONST && d.Tok != token.TYPE || l.inLit() {
		return l.decl1(d)
	}
	moved, hoisted, rest := &ast.GenDecl{Tok: d.Tok}, &ast.GenDecl{Tok: d.Tok}, &ast.GenDecl{Tok: d.Tok}
	for _, spec := range d.Specs {
		switch {
		case d.Tok == token.TYPE && l.moved(spec.(*ast.TypeSpec)):
			moved.Specs = append(moved.Specs, spec)
		case l.hoistSpecs[spec]:
			hoisted.Specs = append(hoisted.Specs, spec)
		default:
			rest.Specs = append(rest.Specs, spec)
		}
	}
	if len(moved.Specs) > 0 && l.pass > 0 {
		l.pkgDecls = append(l.pkgDecls, l.movedDecl(moved)...)
	}
	if len(hoisted.Specs) > 0 {
		code := l.decl1(hoisted)
		if l.pass > 0 {
			l.hoists = append(l.hoists, code...)
		}
	}
	if len(rest.Specs) == 0 {
		return nil
	}
	return l.decl1(rest)
}

// moved reports whether the type of sp is declared at package level.
func (l *lowerer) moved(sp *ast.TypeSpec) bool {
	lc := l.locals[l.r.info.Defs[sp.Name]]
	return lc != nil && lc.pkgNeeded
}

// movedDecl spells the declarations of local types moved to package level:
// in a generic function, each has the function's type parameters before
// its own (see needPkgType).
func (l *lowerer) movedDecl(d *ast.GenDecl) []jen.Code {
	tparams := l.typeParamDecls()
	var out []jen.Code
	for _, spec := range d.Specs {
		sp := spec.(*ast.TypeSpec)
		c := jen.Type().Add(l.declNames([]*ast.Ident{sp.Name})...)
		ps := append([]jen.Code{}, tparams...)
		if sp.TypeParams != nil {
			ps = append(ps, l.fields(sp.TypeParams)...)
		}
		if len(ps) > 0 {
			c = c.Types(typeDeclParams(ps)...)
		}
		if sp.Assign.IsValid() {
			c = c.Op("=")
		}
		out = append(out, c.Add(l.expr(sp.Type)))
	}
	return out
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
			if sp.TypeParams != nil && len(sp.TypeParams.List) > 0 {
				c = c.Types(typeDeclParams(l.fields(sp.TypeParams))...)
			}
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
			out = append(out, l.f().Dot(lc.name).Op("=").Add(l.newCode(lc.obj.Type(), n.Pos())))
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
