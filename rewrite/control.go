package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/jennifer/jen"
)

// This file lowers if and for statements that await, and the jumps and
// returns that leave lowered code.

// lowerIf lowers an if statement containing an await.
func (l *lowerer) lowerIf(s *ast.IfStmt) {
	if s.Init != nil {
		l.stmt(s.Init, "")
	}
	pre, cond := l.spillExpr(s.Cond)
	for _, p := range pre {
		l.simple(p)
	}
	if !l.hasAwait(s.Body) && (s.Else == nil || !l.hasAwait(s.Else)) {
		l.emit1(l.line(s.Pos()))
		l.vroot(&ast.IfStmt{If: s.If, Cond: cond, Body: s.Body, Else: s.Else}, "")
		return
	}
	end := l.newBlock()
	other := end
	if s.Else != nil {
		other = l.newBlock()
	}
	l.emit1(l.line(s.Pos()), jen.If(jen.Op("!").Parens(l.expr(cond))).Block(l.jump(other)...))
	l.list(s.Body.List)
	l.goTo(end)
	if s.Else != nil {
		l.start(other)
		l.stmt(s.Else, "")
		l.goTo(end)
	}
	l.start(end)
}

// lowerFor lowers a three-clause (or condition-only) for loop containing an
// await.
func (l *lowerer) lowerFor(s *ast.ForStmt, label string) {
	if s.Init != nil {
		l.stmt(s.Init, "")
	}
	// Per-iteration loop variables that live in the frame behind a pointer
	// get a fresh copy before each post statement (Go 1.22).
	var perIter []*local
	if as, ok := s.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
		for _, e := range as.Lhs {
			if id, ok := e.(*ast.Ident); ok {
				if lc := l.locals[l.r.info.Defs[id]]; lc != nil && lc.ptr {
					perIter = append(perIter, lc)
				}
			}
		}
	}
	cond := l.newBlock()
	exit := l.newBlock()
	var post *block
	if s.Post != nil || len(perIter) > 0 {
		post = l.newBlock()
	}
	l.goTo(cond)
	l.start(cond)
	if s.Cond != nil {
		pre, c := l.spillExpr(s.Cond)
		for _, p := range pre {
			l.simple(p)
		}
		l.emit1(l.line(s.Cond.Pos()), jen.If(jen.Op("!").Parens(l.expr(c))).Block(l.jump(exit)...))
	}
	cont := cond
	if post != nil {
		cont = post
	}
	l.ctx = append(l.ctx, &target{node: s, label: label, brk: exit, cont: cont})
	l.list(s.Body.List)
	l.ctx = l.ctx[:len(l.ctx)-1]
	l.goTo(cont)
	if post != nil {
		l.start(post)
		for _, lc := range perIter {
			l.ref(lc)
			tmp := l.fresh(lc.name)
			l.emit1(jen.Block(
				jen.Id(tmp).Op(":=").Op("*").Add(l.f().Dot(lc.name)),
				l.f().Dot(lc.name).Op("=").Op("&").Id(tmp),
			))
		}
		if s.Post != nil {
			l.stmt(s.Post, "")
		}
		l.goTo(cond)
	}
	l.start(exit)
}

// exitTo is the code leaving the lowered statements inside t (or all of
// them when t is nil) for a jump: it stops the iterators of the range-over-func
// loops left, innermost first (see exitVia for where it runs).
func (l *lowerer) exitTo(t *target) []jen.Code {
	var code []jen.Code
	for i := len(l.ctx) - 1; i >= 0 && l.ctx[i] != t; i-- {
		if l.ctx[i].stop != nil {
			code = append(code, l.ctx[i].stop)
		}
	}
	return code
}

// findTarget resolves a break or continue of lowered code.
func (l *lowerer) findTarget(s *ast.BranchStmt) (*target, *block) {
	for i := len(l.ctx) - 1; i >= 0; i-- {
		t := l.ctx[i]
		if s.Label != nil {
			if t.label != s.Label.Name {
				continue
			}
		} else if s.Tok == token.CONTINUE && t.cont == nil {
			continue
		}
		if s.Tok == token.CONTINUE {
			return t, t.cont
		}
		return t, t.brk
	}
	l.fail(s.Pos(), "%s: no enclosing statement to leave", s.Tok)
	return nil, nil
}

// branch lowers break, continue and goto that leave lowered code.
func (l *lowerer) branch(s *ast.BranchStmt) []jen.Code {
	switch s.Tok {
	case token.BREAK, token.CONTINUE:
		t, b := l.findTarget(s)
		return l.exitVia(s.Pos(), l.exitTo(t), b)
	case token.GOTO:
		b := l.labelBlock(s.Label.Name)
		var code []jen.Code
		keep := map[ast.Stmt]bool{}
		for _, n := range l.labelLoops[s.Label.Name] {
			keep[n] = true
		}
		for i := len(l.ctx) - 1; i >= 0; i-- {
			if t := l.ctx[i]; t.stop != nil && !keep[t.node] {
				code = append(code, t.stop)
			}
		}
		return l.exitVia(s.Pos(), code, b)
	}
	l.fail(s.Pos(), "%s is not supported here", s.Tok)
	return nil
}

// retCode is a return: the results go to Val and Err, iterators of enclosing
// range-over-func loops are stopped, and Step reports Return.
func (l *lowerer) retCode(s *ast.ReturnStmt) []jen.Code {
	var code []jen.Code
	if s != nil && len(s.Results) > 0 {
		var names []string
		switch l.mode {
		case resVal:
			names = []string{"Val"}
		case resErr:
			names = []string{"Err"}
		case resValErr:
			names = []string{"Val", "Err"}
		}
		results := s.Results
		if len(results) == len(names) {
			// return v, err of the named results themselves: they already
			// are Val and Err, and assigning them to themselves is what
			// go vet reports.
			var keep []string
			var src []ast.Expr
			for i, e := range results {
				if !l.isResult(e, names[i]) {
					keep, src = append(keep, names[i]), append(src, e)
				}
			}
			names, results = keep, src
		}
		if len(names) > 0 {
			dst := make([]jen.Code, len(names))
			for i, n := range names {
				dst[i] = l.f().Dot(n)
			}
			code = append(code, jen.List(dst...).Op("=").List(l.exprs(results)...))
		}
	}
	pos := token.NoPos
	if s != nil {
		pos = s.Pos()
	}
	return append(code, l.exitVia(pos, l.exitTo(nil), nil)...)
}

// exitVia is the end of a jump to block to, or of a return when to is nil,
// that stops iterators on its way (stops, from exitTo). In lowered code
// they are stopped where the jump is. Inside the body of a range-over-func
// loop of verbatim code they must wait: that loop's iterator is still
// running, and Go finishes it first when the jump leaves the loop (its
// deferred calls run before those of the outer iterators, and a panic
// there goes through the outer iterators). So the jump goes through a
// block of its own, which the dispatcher reaches once Go has left the
// verbatim loops, and which stops the iterators before it goes on to to or
// returns. The results of a return are set before, at the return
// statement, as Go sets them before any iterator finishes.
func (l *lowerer) exitVia(pos token.Pos, stops []jen.Code, to *block) []jen.Code {
	if len(stops) == 0 || !l.inVerbatimRangeFunc() {
		if to == nil {
			return append(stops, jen.Return(jen.Qual(implPath, "Return")))
		}
		return append(stops, l.jump(to)...)
	}
	b := l.newBlock()
	if n := l.lineOf(pos); n > 0 {
		b.code = append(b.code, jen.Comment("//line "+l.r.base+":"+itoa(n)))
	}
	b.code = append(b.code, stops...)
	b.done = true
	if to == nil {
		b.code = append(b.code, jen.Return(jen.Qual(implPath, "Return")))
	} else {
		b.next = to
	}
	l.exits = append(l.exits, b)
	return l.jump(b)
}

// isResult reports whether e is the named result held in Base's field name.
func (l *lowerer) isResult(e ast.Expr, name string) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	lc := l.locals[l.objOf(id)]
	return lc != nil && lc.result == name
}

// endsBlock marks the current block ended after a statement of a lowered
// list that always leaves it.
func (l *lowerer) endsBlock(s ast.Stmt) {
	if l.terminates(s) {
		l.cur.done = true
	}
}

// terminates reports whether s is a terminating statement of verbatim code
// (the spec's definition, for the forms that matter here).
func (l *lowerer) terminates(s ast.Stmt) bool { return l.terminatesAs(s, l.labelOf(s)) }

// labelOf returns the label of s in the function, "" for none, where a
// labeled break could refer to s: for a loop, switch or select with a
// labeled break inside (the lowering may ask of s without its label).
func (l *lowerer) labelOf(s ast.Stmt) string {
	switch s.(type) {
	case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
	default:
		return ""
	}
	if !contains(s, func(n ast.Node) bool {
		br, ok := n.(*ast.BranchStmt)
		return ok && br.Tok == token.BREAK && br.Label != nil
	}) {
		return ""
	}
	label := ""
	ast.Inspect(l.fd.Body, func(n ast.Node) bool {
		if ls, ok := n.(*ast.LabeledStmt); ok && ls.Stmt == s {
			label = ls.Label.Name
		}
		return label == ""
	})
	return label
}

// terminatesAs is terminates for s labeled label ("" for none), which a
// labeled break inside s may name.
func (l *lowerer) terminatesAs(s ast.Stmt, label string) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.GOTO || s.Tok == token.BREAK || s.Tok == token.CONTINUE
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				_, isBuiltin := l.objOf(id).(*types.Builtin)
				return isBuiltin && id.Name == "panic"
			}
		}
	case *ast.BlockStmt:
		return len(s.List) > 0 && l.terminates(s.List[len(s.List)-1])
	case *ast.IfStmt:
		return s.Else != nil && l.terminates(s.Body) && l.terminates(s.Else)
	case *ast.LabeledStmt:
		return l.terminatesAs(s.Stmt, s.Label.Name)
	case *ast.ForStmt:
		return s.Cond == nil && !hasBreak(s, label)
	case *ast.SelectStmt:
		for _, c := range s.Body.List {
			cc := c.(*ast.CommClause)
			if len(cc.Body) == 0 || !l.terminates(cc.Body[len(cc.Body)-1]) {
				return false
			}
		}
		return !hasBreak(s, label)
	case *ast.SwitchStmt, *ast.TypeSwitchStmt:
		var body *ast.BlockStmt
		if sw, ok := s.(*ast.SwitchStmt); ok {
			body = sw.Body
		} else {
			body = s.(*ast.TypeSwitchStmt).Body
		}
		dflt := false
		for _, c := range body.List {
			cc := c.(*ast.CaseClause)
			if cc.List == nil {
				dflt = true
			}
			if len(cc.Body) == 0 {
				return false
			}
			last := cc.Body[len(cc.Body)-1]
			if br, ok := last.(*ast.BranchStmt); ok && br.Tok == token.FALLTHROUGH {
				continue
			}
			if !l.terminates(last) {
				return false
			}
		}
		return dflt && !hasBreak(s, label)
	}
	return false
}

// hasBreak reports whether a break inside s refers to s, which label
// labels ("" for none): a break not in a nested loop, switch or select, or
// a labeled break naming s, at any depth (labels are unique in a function,
// and a function literal has its own). A labeled break naming a statement
// inside s, or around it, does not refer to s.
func hasBreak(s ast.Stmt, label string) bool {
	found := false
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		ast.Inspect(n, func(m ast.Node) bool {
			if m == n {
				return true
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				if m.Tok == token.BREAK {
					if m.Label != nil {
						found = found || m.Label.Name == label
					} else {
						found = found || depth == 0
					}
				}
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(m, depth+1)
				return false
			}
			return !found
		})
	}
	walk(s, 0)
	return found
}
