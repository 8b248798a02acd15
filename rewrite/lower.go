package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"github.com/dave/jennifer/jen"
)

// block is a basic block of the lowered function: one case of the dispatcher.
type block struct {
	ref   *jen.Statement // the state number, filled in when blocks are numbered
	num   int
	code  []jen.Code
	done  bool   // ends in a return or a jump
	next  *block // jump at the end, rendered as fallthrough when it is the next case
	await bool   // resumes an await: the frame suspends in this state
	line  int    // source line of that await
	// events are the uses, definitions and exits of the first pass.
	events []event
}

// target is a lowered statement that break, continue or a label can name.
type target struct {
	node  ast.Stmt
	label string
	brk   *block
	cont  *block   // nil for switches
	stop  jen.Code // for a range over a function: calls its stop
}

// lowerer lowers one function; it runs twice over the body: the first pass
// records which blocks use which variables, the second emits code with the
// variables placed.
type lowerer struct {
	r         *rewriter
	fd        *ast.FuncDecl
	obj       *types.Func
	sig       *types.Signature
	mode      resultMode
	frameName string
	funcVar   string
	recv      string // Step's receiver, "f"
	task      string // Step's task parameter, "t"
	dispatch  string // label of the dispatcher loop
	valType   types.Type

	locals    map[types.Object]*local
	synth     map[*ast.Ident]types.Object
	synthType map[ast.Expr]types.Type
	synthDefs map[*ast.Ident]bool
	baseNames map[string]bool
	fileNames map[string]bool // shared by the file's functions, read-only
	tmpNames  map[string]bool
	spilled   map[ast.Node]*spillResult
	hasDefer  bool
	hasGoto   bool
	// rangeFuncs lists, for each label, the lowered range-over-func loops
	// enclosing it (to stop the right iterators on goto).
	labelLoops map[string][]ast.Stmt

	// per pass
	pass         int
	seq          []*block
	cur          *block
	ctx          []*target
	labels       map[string]*block
	awaitFields  map[string]string
	hidden       []hiddenField
	vstack       []vframe
	vlabels      map[string]bool
	dispatchUsed bool
	lastLine     int
	bound        map[*local]bool // pointer locals bound by an enclosing literal wrapper
	litDepth     int             // > 0 while spelling the body of a function literal
	pendingLabel string          // label of the verbatim statement being spelled
	killing      bool            // the identifier being spelled is overwritten
	nest         int             // depth of compound statements of verbatim code
	jumps        int             // jumps through the dispatcher
	hoists       []jen.Code      // constant and type declarations for the top of Step
	awaitMemo    map[ast.Node]bool
}

type hiddenField struct {
	name string
	typ  jen.Code
}

// vframe is a breakable statement of verbatim code.
type vframe struct {
	label string
	loop  bool
}

func newLowerer(r *rewriter, fd *ast.FuncDecl, obj *types.Func) *lowerer {
	sig := obj.Type().(*types.Signature)
	l := &lowerer{
		r: r, fd: fd, obj: obj, sig: sig,
		locals:     map[types.Object]*local{},
		synth:      map[*ast.Ident]types.Object{},
		synthType:  map[ast.Expr]types.Type{},
		synthDefs:  map[*ast.Ident]bool{},
		baseNames:  map[string]bool{},
		spilled:    map[ast.Node]*spillResult{},
		labelLoops: map[string][]ast.Stmt{},
	}
	mode, ok := modeOf(sig)
	if !ok {
		l.fail(fd.Type.Results.Pos(), "%s: results must be (T, error), T, error or none", fd.Name.Name)
	}
	l.mode = mode
	switch mode {
	case resVal, resValErr:
		l.valType = sig.Results().At(0).Type()
	}
	return l
}

// run lowers the function and returns its declarations.
func (l *lowerer) run() []jen.Code {
	l.collectLocals()
	l.recv = l.uniqueName("f")
	l.task = l.uniqueName("t")
	l.dispatch = l.uniqueName("resume")
	ast.Inspect(l.fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			l.hasDefer = true
		case *ast.RangeStmt:
			if _, ok := l.typeOf(n.X).Underlying().(*types.Signature); ok && l.hasAwait(n.Body) {
				l.hasDefer = true // the iterator's stop is deferred too
			}
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				l.hasGoto = true
			}
		}
		return true
	})
	l.computeLabelLoops()
	base := baseName(l.fd)
	l.frameName = l.r.pkgName(lower1(base) + "Frame")
	l.funcVar = l.r.pkgName(lower1(base) + "Func")

	l.lowerBody()
	l.markLoops()
	l.place()
	l.lowerBody()
	l.number()
	return l.emit()
}

// lowerBody runs one pass over the body.
func (l *lowerer) lowerBody() {
	l.tmpNames = map[string]bool{}
	l.seq = nil
	l.cur = nil
	l.ctx = nil
	l.labels = map[string]*block{}
	l.awaitFields = map[string]string{}
	l.hidden = nil
	l.dispatchUsed = false
	l.jumps = 0
	l.hoists = nil
	l.lastLine = 0
	l.bound = map[*local]bool{}
	l.start(l.newBlock())
	l.list(l.fd.Body.List)
	if !l.cur.done {
		l.emit1(l.retCode(nil)...)
	}
	l.pass++
}

func (l *lowerer) newBlock() *block { return &block{ref: new(jen.Statement)} }

// start makes b the current block; the current one, unless it ended, flows
// into b.
func (l *lowerer) start(b *block) {
	if l.cur != nil && !l.cur.done {
		l.cur.next = b
		l.cur.done = true
	}
	l.seq = append(l.seq, b)
	l.cur = b
	l.lastLine = 0
}

// goTo ends the current block with a jump to b.
func (l *lowerer) goTo(b *block) {
	if !l.cur.done {
		l.cur.next = b
		l.cur.done = true
	}
}

func (l *lowerer) emit1(code ...jen.Code) {
	if l.cur.done {
		// Unreachable code after a return or jump: give it a block of its own.
		l.start(l.newBlock())
	}
	l.cur.code = append(l.cur.code, code...)
}

// jump is the code that moves to b from the middle of a block.
func (l *lowerer) jump(b *block) []jen.Code {
	c := jen.Continue()
	if l.inVerbatimLoop() {
		l.dispatchUsed = true
		c = jen.Continue().Id(l.dispatch)
	}
	l.edge(b)
	l.jumps++
	return []jen.Code{l.f().Dot("State").Op("=").Add(b.ref), c}
}

func (l *lowerer) inVerbatimLoop() bool {
	for _, v := range l.vstack {
		if v.loop {
			return true
		}
	}
	return false
}

func (l *lowerer) f() *jen.Statement { return jen.Id(l.recv) }

// line emits a //line directive for pos when the line changed.
func (l *lowerer) line(pos token.Pos) jen.Code {
	p := l.r.fset.Position(pos)
	if !p.IsValid() || p.Line == l.lastLine {
		return jen.Null()
	}
	l.lastLine = p.Line
	return jen.Comment("//line " + l.r.fileBase(pos) + ":" + itoa(p.Line))
}

// list lowers a statement list.
func (l *lowerer) list(stmts []ast.Stmt) {
	for _, s := range stmts {
		l.stmt(s, "")
	}
}

// stmt lowers one statement of a list being lowered.
func (l *lowerer) stmt(s ast.Stmt, label string) {
	if l.cur.done {
		l.start(l.newBlock())
	}
	if ls, ok := s.(*ast.LabeledStmt); ok {
		b := l.labelBlock(ls.Label.Name)
		l.goTo(b)
		l.start(b)
		l.stmt(ls.Stmt, ls.Label.Name)
		return
	}
	if !l.hasAwait(s) {
		l.emit1(l.line(s.Pos()))
		l.vroot(s, label)
		l.endsBlock(s)
		return
	}
	switch s := s.(type) {
	case *ast.BlockStmt:
		l.list(s.List)
	case *ast.IfStmt:
		l.lowerIf(s)
	case *ast.ForStmt:
		l.lowerFor(s, label)
	case *ast.RangeStmt:
		l.lowerRange(s, label)
	case *ast.SwitchStmt:
		l.lowerSwitch(s, label)
	case *ast.TypeSwitchStmt:
		l.lowerTypeSwitch(s, label)
	case *ast.SelectStmt:
		l.lowerSelect(s, label)
	default:
		for _, t := range l.spillStmt(s) {
			l.simple(t)
		}
	}
}

// simple lowers a statement that the spiller produced: an await in its
// canonical form, or a statement without awaits.
func (l *lowerer) simple(s ast.Stmt) {
	if l.cur.done {
		l.start(l.newBlock())
	}
	switch t := s.(type) {
	case *ast.ExprStmt:
		if call, ok := t.X.(*ast.CallExpr); ok && l.isAwait(call) {
			l.emit1(l.line(s.Pos()))
			l.await(call, nil, token.ILLEGAL)
			return
		}
	case *ast.AssignStmt:
		if len(t.Rhs) == 1 {
			if call, ok := t.Rhs[0].(*ast.CallExpr); ok && l.isAwait(call) {
				l.emit1(l.line(s.Pos()))
				l.await(call, t.Lhs, t.Tok)
				return
			}
		}
	}
	if l.hasAwait(s) {
		l.stmt(s, "")
		return
	}
	l.emit1(l.line(s.Pos()))
	l.vroot(s, "")
	l.endsBlock(s)
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
func (l *lowerer) terminates(s ast.Stmt) bool {
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
		return l.terminates(s.Stmt)
	case *ast.ForStmt:
		return s.Cond == nil && !hasBreak(s)
	case *ast.SelectStmt:
		for _, c := range s.Body.List {
			cc := c.(*ast.CommClause)
			if len(cc.Body) == 0 || !l.terminates(cc.Body[len(cc.Body)-1]) {
				return false
			}
		}
		return !hasBreak(s)
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
		return dflt && !hasBreak(s)
	}
	return false
}

// hasBreak reports whether a break inside s (not in a nested loop, switch
// or select, nor a function literal) leaves s, or a labeled break names it.
func hasBreak(s ast.Stmt) bool {
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
				if m.Tok == token.BREAK && (m.Label != nil || depth == 0) {
					found = true // conservative for labeled breaks
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

// vroot emits a statement without awaits as ordinary Go.
func (l *lowerer) vroot(s ast.Stmt, label string) {
	saved := l.vlabels
	l.vlabels = map[string]bool{}
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			l.vlabels[n.Label.Name] = true
		}
		return true
	})
	if label != "" && usesLabel(s, label) {
		l.vlabels[label] = true
		l.emit1(jen.Id(label).Op(":"))
		l.vstack = append(l.vstack, vframe{label: label})
		l.emit1(l.vstmt(s)...)
		l.vstack = l.vstack[:len(l.vstack)-1]
	} else {
		l.emit1(l.vstmt(s)...)
	}
	l.vlabels = saved
}

// usesLabel reports whether a branch statement inside s names label.
func usesLabel(s ast.Stmt, label string) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Label != nil && n.Label.Name == label {
				found = true
			}
		}
		return !found
	})
	return found
}

func (l *lowerer) labelBlock(name string) *block {
	b := l.labels[name]
	if b == nil {
		b = l.newBlock()
		l.labels[name] = b
	}
	return b
}

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
// loops left.
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
		return append(l.exitTo(t), l.jump(b)...)
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
		return append(code, l.jump(b)...)
	}
	l.fail(s.Pos(), "%s is not supported here", s.Tok)
	return nil
}

// retCode is a return: the results go to Val and Err, iterators of enclosing
// range-over-func loops are stopped, and Step reports Return.
func (l *lowerer) retCode(s *ast.ReturnStmt) []jen.Code {
	var code []jen.Code
	if s != nil && len(s.Results) > 0 {
		var dst []jen.Code
		switch l.mode {
		case resVal:
			dst = []jen.Code{l.f().Dot("Val")}
		case resErr:
			dst = []jen.Code{l.f().Dot("Err")}
		case resValErr:
			dst = []jen.Code{l.f().Dot("Val"), l.f().Dot("Err")}
		}
		code = append(code, jen.List(dst...).Op("=").List(l.exprs(s.Results)...))
	}
	code = append(code, l.exitTo(nil)...)
	return append(code, jen.Return(jen.Qual(implPath, "Return")))
}

func itoa(n int) string { return strconv.Itoa(n) }
