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
	// awaitNum counts the awaits lowered before this one (l.clears' index).
	awaitNum int
	line     int // source line of that await
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
	// typeExprs are identifiers made to stand for a type in a new node
	// (typedLit): expr spells the type.
	typeExprs map[*ast.Ident]types.Type
	synthDefs map[*ast.Ident]bool
	baseNames map[string]bool
	fileNames map[string]bool // shared by the file's functions, read-only
	tmpNames  map[string]bool
	spilled   map[ast.Node]*spillResult
	// temps are the operands gc copies where it meets them, for what their
	// context does with them (see markTemps).
	temps    map[ast.Expr]bool
	hasDefer bool
	hasGoto  bool
	// hasRangeFunc: the function has a range-over-func loop whose body
	// awaits; its frame gets an Unwind method (see emitUnwind).
	hasRangeFunc bool
	// rangeFuncs lists, for each label, the lowered range-over-func loops
	// enclosing it (to stop the right iterators on goto).
	labelLoops map[string][]ast.Stmt
	// hoistSpecs are the const and type specs declared at the top of Step
	// (see markHoists).
	hoistSpecs map[ast.Spec]bool
	// tpNames are the names of the function's type parameters (its
	// receiver's for a method) in generated code: their own, or a fresh
	// one for a blank type parameter, which the frame type must name.
	tpNames map[types.Object]string

	// per pass
	pass         int
	seq          []*block
	cur          *block
	ctx          []*target
	labels       map[string]*block
	awaitFields  map[string]string
	hidden       []hiddenField
	rangeFuncs   []rangeFunc // lowered range-over-func loops, outermost first
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
	localNames   map[string]bool // the names of locals and type parameters in Step
	pkgDecls     []jen.Code      // local type declarations moved to package level
	inStep       bool            // spelling the variables at the top of Step
	outside      bool            // spelling types for package level (see needPkgTypes)
	awaitMemo    map[ast.Node]bool
	awaits       int        // awaits lowered so far in this pass
	late         []*block   // resume states laid out after the other blocks
	exits        []*block   // blocks stopping iterators after verbatim range-over-func loops (exitVia), laid out last
	clears       [][]*local // per await, in order: the frame fields to zero before it
}

type hiddenField struct {
	name string
	typ  jen.Code
}

// vframe is a breakable statement of verbatim code.
type vframe struct {
	label string
	loop  bool
	// rangeFunc: a range over a function iterator, whose body runs inside
	// the iterator's call of yield.
	rangeFunc bool
}

func newLowerer(r *rewriter, fd *ast.FuncDecl, obj *types.Func) *lowerer {
	sig := obj.Type().(*types.Signature)
	l := &lowerer{
		r: r, fd: fd, obj: obj, sig: sig,
		locals:     map[types.Object]*local{},
		synth:      map[*ast.Ident]types.Object{},
		synthType:  map[ast.Expr]types.Type{},
		typeExprs:  map[*ast.Ident]types.Type{},
		synthDefs:  map[*ast.Ident]bool{},
		baseNames:  map[string]bool{},
		spilled:    map[ast.Node]*spillResult{},
		labelLoops: map[string][]ast.Stmt{},
		hoistSpecs: map[ast.Spec]bool{},
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
	l.markTemps()
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
			if l.rangesOverFunc(n.X) && (l.hasAwait(n.Body) || l.targetsAwait(n)) {
				l.hasRangeFunc = true
				l.hasDefer = true // Unwind is deferred
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
	// FAsync and spawn_f spell both names where the parameters and type
	// parameters are in scope: none may hide them. (NewPackage names the
	// frames of another run's functions the same way.)
	locals := map[string]bool{}
	for _, lc := range l.locals {
		locals[lc.name] = true
	}
	for _, name := range l.tpNames {
		locals[name] = true
	}
	l.localNames = locals
	l.frameName = l.r.pkgName(lower1(base)+"Frame", locals)
	l.funcVar = l.r.pkgName(lower1(base)+"Func", locals)

	l.lowerBody()
	l.markLoops()
	live := l.liveness()
	l.place(live)
	l.needPkgTypes()
	l.planClears(live)
	l.lowerBody()
	if l.awaits != len(l.clears) {
		panic("rewrite: the passes lowered different awaits")
	}
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
	l.rangeFuncs = nil
	l.dispatchUsed = false
	l.jumps = 0
	l.hoists = nil
	l.pkgDecls = nil
	l.lastLine = 0
	l.bound = map[*local]bool{}
	l.awaits = 0
	l.late = nil
	l.exits = nil
	l.start(l.newBlock())
	l.list(l.fd.Body.List)
	if !l.cur.done {
		l.emit1(l.retCode(nil)...)
	}
	l.seq = append(l.seq, l.late...)
	l.seq = append(l.seq, l.exits...)
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

// inVerbatimRangeFunc reports whether the code being spelled is inside the
// body of a range-over-func loop of verbatim code, an ordinary Go loop whose
// iterator is running.
func (l *lowerer) inVerbatimRangeFunc() bool {
	for _, v := range l.vstack {
		if v.rangeFunc {
			return true
		}
	}
	return false
}

func (l *lowerer) f() *jen.Statement { return jen.Id(l.recv) }

// line emits a //line directive for pos when the line changed.
func (l *lowerer) line(pos token.Pos) jen.Code {
	n := l.lineOf(pos)
	if n == 0 || n == l.lastLine {
		return jen.Null()
	}
	l.lastLine = n
	return jen.Comment("//line " + l.r.base + ":" + itoa(n))
}

// lineOf is the source line of pos for a //line directive, or 0 when there
// is none to emit.
func (l *lowerer) lineOf(pos token.Pos) int {
	if l.pass == 0 || !pos.IsValid() {
		return 0 // the first pass's code is thrown away
	}
	tf := l.r.tokFile
	if tf == nil || int(pos) < tf.Base() || int(pos) > tf.Base()+tf.Size() {
		return 0
	}
	return tf.Line(pos)
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
	return contains(s, func(n ast.Node) bool {
		br, ok := n.(*ast.BranchStmt)
		return ok && br.Label != nil && br.Label.Name == label
	})
}

// contains reports whether a node under n, outside the function literals
// in it, satisfies match.
func contains(n ast.Node, match func(ast.Node) bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok || found {
			return false
		}
		found = match(n)
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

func itoa(n int) string { return strconv.Itoa(n) }
