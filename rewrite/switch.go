package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/jennifer/jen"
)

// lowerSwitch lowers an expression switch containing an await. Each clause
// body becomes a block. When no case expression awaits, the clause is chosen
// by an ordinary Go switch that sets the next state; otherwise the cases are
// tested one by one in source order, as Go does.
func (l *lowerer) lowerSwitch(s *ast.SwitchStmt, label string) {
	if s.Init != nil {
		l.stmt(s.Init, "")
	}
	caseAwait, bodyAwait := false, false
	for _, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		for _, e := range cc.List {
			if l.hasAwait(e) {
				caseAwait = true
			}
		}
		for _, st := range cc.Body {
			if l.hasAwait(st) {
				bodyAwait = true
			}
		}
	}
	var tag ast.Expr
	if s.Tag != nil {
		pre, t := l.spillExpr(s.Tag)
		for _, p := range pre {
			l.simple(p)
		}
		tag = t
		if caseAwait || (bodyAwait && !l.stable(t)) {
			r := l.spilled[s]
			if r == nil {
				st, tmp := l.bindTemp(t, l.typeOf(s.Tag))
				r = &spillResult{stmts: []ast.Stmt{st}, expr: tmp}
				l.spilled[s] = r
			}
			l.simple(r.stmts[0])
			tag = r.expr
		}
	}
	if !caseAwait && !bodyAwait {
		l.emit1(l.line(s.Pos()))
		l.vroot(&ast.SwitchStmt{Switch: s.Switch, Tag: tag, Body: s.Body}, label)
		return
	}
	clauses := s.Body.List
	blocks := make([]*block, len(clauses))
	for i := range clauses {
		blocks[i] = l.newBlock()
	}
	exit := l.newBlock()
	dflt := exit
	for i, c := range clauses {
		if c.(*ast.CaseClause).List == nil {
			dflt = blocks[i]
		}
	}
	l.emit1(l.line(s.Pos()))
	if !caseAwait {
		var cases []jen.Code
		for i, c := range clauses {
			cc := c.(*ast.CaseClause)
			l.edge(blocks[i])
			set := l.f().Dot("State").Op("=").Add(blocks[i].ref)
			if cc.List == nil {
				cases = append(cases, jen.Default().Block(set))
			} else {
				cases = append(cases, jen.Case(l.exprs(cc.List)...).Block(set))
			}
		}
		if dflt == exit {
			l.edge(exit)
			l.emit1(l.f().Dot("State").Op("=").Add(exit.ref))
		}
		var tc jen.Code = jen.Null()
		if tag != nil {
			tc = l.expr(tag)
		}
		l.emit1(jen.Switch(tc).Block(cases...), jen.Continue())
		l.cur.done = true
	} else {
		for i, c := range clauses {
			for _, e := range c.(*ast.CaseClause).List {
				pre, ce := l.spillExpr(e)
				for _, p := range pre {
					l.simple(p)
				}
				cond := l.expr(ce)
				if tag != nil {
					if b, ok := ce.(*ast.BinaryExpr); ok && b.Op.Precedence() <= token.EQL.Precedence() {
						cond = jen.Parens(cond) // case a < b, a || b: one operand
					}
					cond = l.expr(tag).Op("==").Add(cond)
				}
				l.emit1(jen.If(cond).Block(l.jump(blocks[i])...))
			}
		}
		l.goTo(dflt)
	}
	l.ctx = append(l.ctx, &target{node: s, label: label, brk: exit})
	for i, c := range clauses {
		body := c.(*ast.CaseClause).Body
		l.start(blocks[i])
		next := exit
		if n := len(body); n > 0 {
			if br, ok := body[n-1].(*ast.BranchStmt); ok && br.Tok == token.FALLTHROUGH {
				body = body[:n-1]
				next = blocks[i+1]
			}
		}
		l.list(body)
		l.goTo(next)
	}
	l.ctx = l.ctx[:len(l.ctx)-1]
	l.start(exit)
}

// lowerTypeSwitch lowers a type switch whose clauses await: an ordinary Go
// type switch picks the clause, binds the clause's variable and sets the
// next state.
func (l *lowerer) lowerTypeSwitch(s *ast.TypeSwitchStmt, label string) {
	if s.Init != nil {
		l.stmt(s.Init, "")
	}
	var assert *ast.TypeAssertExpr
	var bindID *ast.Ident
	switch a := s.Assign.(type) {
	case *ast.ExprStmt:
		assert = a.X.(*ast.TypeAssertExpr)
	case *ast.AssignStmt:
		assert = a.Rhs[0].(*ast.TypeAssertExpr)
		bindID = a.Lhs[0].(*ast.Ident)
	}
	pre, x := l.spillExpr(assert.X)
	for _, p := range pre {
		l.simple(p)
	}
	if !l.hasAwait(s.Body) {
		na := &ast.TypeAssertExpr{X: x, Lparen: assert.Lparen, Rparen: assert.Rparen}
		var as ast.Stmt = &ast.ExprStmt{X: na}
		if bindID != nil {
			as = &ast.AssignStmt{Lhs: []ast.Expr{bindID}, Tok: token.DEFINE, Rhs: []ast.Expr{na}}
		}
		l.emit1(l.line(s.Pos()))
		l.vroot(&ast.TypeSwitchStmt{Switch: s.Switch, Assign: as, Body: s.Body}, label)
		return
	}
	clauses := s.Body.List
	blocks := make([]*block, len(clauses))
	for i := range clauses {
		blocks[i] = l.newBlock()
	}
	exit := l.newBlock()
	bind := l.fresh("tv")
	bound := false
	var cases []jen.Code
	hasDefault := false
	for i, c := range clauses {
		cc := c.(*ast.CaseClause)
		var body []jen.Code
		if obj := l.r.info.Implicits[cc]; obj != nil && usesObj(l, cc.Body, obj) {
			lc := l.locals[obj]
			body = append(body, l.defineVar(lc, jen.Id(bind))...)
			bound = true
		}
		l.edge(blocks[i])
		body = append(body, l.f().Dot("State").Op("=").Add(blocks[i].ref))
		if cc.List == nil {
			hasDefault = true
			cases = append(cases, jen.Default().Block(body...))
		} else {
			cases = append(cases, jen.Case(l.exprs(cc.List)...).Block(body...))
		}
	}
	if !hasDefault {
		l.edge(exit)
		l.emit1(l.f().Dot("State").Op("=").Add(exit.ref))
	}
	head := l.expr(x).Assert(jen.Type())
	if bound {
		head = jen.Id(bind).Op(":=").Add(head)
	}
	l.emit1(l.line(s.Pos()), jen.Switch(head).Block(cases...), jen.Continue())
	l.cur.done = true
	l.ctx = append(l.ctx, &target{node: s, label: label, brk: exit})
	for i, c := range clauses {
		l.start(blocks[i])
		l.list(c.(*ast.CaseClause).Body)
		l.goTo(exit)
	}
	l.ctx = l.ctx[:len(l.ctx)-1]
	l.start(exit)
}

func usesObj(l *lowerer, list []ast.Stmt, obj types.Object) bool {
	found := false
	for _, s := range list {
		ast.Inspect(s, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && l.r.info.Uses[id] == obj {
				found = true
			}
			return !found
		})
	}
	return found
}

// defineVar declares lc with value v where the lowering keeps it.
func (l *lowerer) defineVar(lc *local, v jen.Code) []jen.Code {
	l.kill(lc)
	switch {
	case lc.step:
		return []jen.Code{jen.Id(lc.name).Op("=").Add(v)}
	case lc.ptr:
		tmp := l.fresh(lc.name)
		return []jen.Code{jen.Id(tmp).Op(":=").Add(v), l.f().Dot(lc.name).Op("=").Op("&").Id(tmp)}
	case lc.frame:
		return []jen.Code{l.f().Dot(lc.name).Op("=").Add(v)}
	}
	return []jen.Code{jen.Id(lc.name).Op(":=").Add(v)}
}

// lowerSelect lowers a select statement whose clause bodies await: an
// ordinary Go select picks the clause, binds what it received and sets the
// next state. The communications themselves cannot await.
func (l *lowerer) lowerSelect(s *ast.SelectStmt, label string) {
	s = l.spillSelect(s)
	if !l.hasAwait(s.Body) {
		l.emit1(l.line(s.Pos()))
		l.vroot(s, label)
		return
	}
	clauses := s.Body.List
	blocks := make([]*block, len(clauses))
	for i := range clauses {
		blocks[i] = l.newBlock()
	}
	exit := l.newBlock()
	var cases []jen.Code
	for i, c := range clauses {
		cc := c.(*ast.CommClause)
		var head *jen.Statement
		var body []jen.Code
		switch comm := cc.Comm.(type) {
		case nil:
			head = jen.Default()
		case *ast.SendStmt:
			head = jen.Case(l.expr(comm.Chan).Op("<-").Add(l.expr(comm.Value)))
		case *ast.ExprStmt:
			head = jen.Case(l.expr(comm.X))
		case *ast.AssignStmt:
			recv := l.expr(comm.Rhs[0])
			if comm.Tok == token.DEFINE {
				var tmps []jen.Code
				for _, e := range comm.Lhs {
					id := e.(*ast.Ident)
					lc := l.locals[l.r.info.Defs[id]]
					if id.Name == "_" || lc == nil {
						tmps = append(tmps, jen.Id("_"))
						continue
					}
					tmp := l.fresh("r")
					tmps = append(tmps, jen.Id(tmp))
					body = append(body, l.defineVar(lc, jen.Id(tmp))...)
				}
				head = jen.Case(jen.List(tmps...).Op(":=").Add(recv))
			} else {
				head = jen.Case(jen.List(l.exprs(comm.Lhs)...).Op("=").Add(recv))
			}
		}
		l.edge(blocks[i])
		body = append(body, l.f().Dot("State").Op("=").Add(blocks[i].ref))
		cases = append(cases, head.Block(body...))
	}
	l.emit1(l.line(s.Pos()), jen.Select().Block(cases...), jen.Continue())
	l.cur.done = true
	l.ctx = append(l.ctx, &target{node: s, label: label, brk: exit})
	for i, c := range clauses {
		l.start(blocks[i])
		l.list(c.(*ast.CommClause).Body)
		l.goTo(exit)
	}
	l.ctx = l.ctx[:len(l.ctx)-1]
	l.start(exit)
}

// spillSelect evaluates the awaits of the channel operands and sent values
// before the select: Go evaluates all of them, those of every case, once
// and in source order when entering the select. The operands before the
// last one that awaits are kept in temporaries, whichever case they belong
// to, so that they are evaluated before the await as well, unless the
// await cannot change their value (see unchanged); those after it are left
// to the select itself, which evaluates them in order right after.
func (l *lowerer) spillSelect(s *ast.SelectStmt) *ast.SelectStmt {
	if r := l.spilled[s]; r != nil {
		for _, p := range r.pre {
			l.simple(p)
		}
		return r.stmts[0].(*ast.SelectStmt)
	}
	// The operands of all the cases, in source order.
	var ops []ast.Expr
	for _, c := range s.Body.List {
		switch x := c.(*ast.CommClause).Comm.(type) {
		case *ast.SendStmt:
			ops = append(ops, x.Chan, x.Value)
		case *ast.ExprStmt:
			ops = append(ops, ast.Unparen(x.X).(*ast.UnaryExpr).X)
		case *ast.AssignStmt:
			for _, e := range x.Lhs {
				if l.hasAwait(e) {
					l.fail(e.Pos(), "await in the target of a select case is not supported: receive into a new variable (case v := <-ch:) and assign it to the target in the case body")
				}
			}
			ops = append(ops, ast.Unparen(x.Rhs[0]).(*ast.UnaryExpr).X)
		}
	}
	last := -1
	for i, e := range ops {
		if l.hasAwait(e) {
			last = i
		}
	}
	var pre []ast.Stmt
	es := append([]ast.Expr(nil), ops...)
	for i := 0; i <= last; i++ {
		p, x := l.spillExpr(ops[i])
		pre = append(pre, p...)
		if i < last && !l.unchanged(x) {
			var s ast.Stmt
			s, x = l.bindTemp(x, l.typeOf(ops[i]))
			pre = append(pre, s)
		}
		es[i] = x
	}
	var clauses []ast.Stmt
	for _, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		comm := cc.Comm
		switch x := comm.(type) {
		case *ast.SendStmt:
			comm = &ast.SendStmt{Chan: es[0], Arrow: x.Arrow, Value: es[1]}
			es = es[2:]
		case *ast.ExprStmt:
			comm = &ast.ExprStmt{X: l.receive(ast.Unparen(x.X).(*ast.UnaryExpr), es[0])}
			es = es[1:]
		case *ast.AssignStmt:
			u := ast.Unparen(x.Rhs[0]).(*ast.UnaryExpr)
			comm = &ast.AssignStmt{Lhs: x.Lhs, TokPos: x.TokPos, Tok: x.Tok, Rhs: []ast.Expr{l.receive(u, es[0])}}
			es = es[1:]
		}
		clauses = append(clauses, &ast.CommClause{Case: cc.Case, Comm: comm, Colon: cc.Colon, Body: cc.Body})
	}
	ns := &ast.SelectStmt{Select: s.Select, Body: &ast.BlockStmt{Lbrace: s.Body.Lbrace, List: clauses, Rbrace: s.Body.Rbrace}}
	l.spilled[s] = &spillResult{stmts: []ast.Stmt{ns}, pre: pre}
	for _, p := range pre {
		l.simple(p)
	}
	return ns
}

// unchanged reports whether evaluating e after an await gives what
// evaluating it before did: e is a constant, nil, or a variable of the
// function that nothing else can reach, since it does not escape. Unlike
// the operands of other expressions (see stable), where Go leaves the
// reads of variables unordered, a select's operands are evaluated in
// source order whatever they are, as gc does: a variable read there must
// not see what the await or another task did meanwhile.
func (l *lowerer) unchanged(e ast.Expr) bool {
	e = ast.Unparen(e)
	if tv, ok := l.r.info.Types[e]; ok && (tv.Value != nil || tv.IsNil()) {
		return true
	}
	if id, ok := e.(*ast.Ident); ok {
		lc := l.locals[l.objOf(id)]
		return lc != nil && !lc.escapes
	}
	return false
}

// receive is the receive u with operand ch.
func (l *lowerer) receive(u *ast.UnaryExpr, ch ast.Expr) ast.Expr {
	if ch == u.X {
		return u
	}
	r := &ast.UnaryExpr{OpPos: u.OpPos, Op: token.ARROW, X: ch}
	l.synthType[r] = l.typeOf(u)
	return r
}
