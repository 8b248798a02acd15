package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/jennifer/jen"
)

// isAwait reports whether call is runtime.Await(x).
func (l *lowerer) isAwait(call *ast.CallExpr) bool { return l.isRuntime(call.Fun, "Await") }

// isRuntime reports whether fun names the function name of package runtime,
// possibly instantiated explicitly.
func (l *lowerer) isRuntime(fun ast.Expr, name string) bool {
	return isRuntimeFunc(l.r.info, fun, name)
}

// hasAwait reports whether n contains an await outside function literals.
func (l *lowerer) hasAwait(n ast.Node) bool {
	if n == nil {
		return false
	}
	if v, ok := l.awaitMemo[n]; ok {
		return v
	}
	found := contains(n, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		return ok && l.isAwait(call)
	})
	if l.awaitMemo == nil {
		l.awaitMemo = map[ast.Node]bool{}
	}
	l.awaitMemo[n] = found
	return found
}

// awaitTypes returns T and A of the await call: the result type and the
// static type of the awaited expression.
func (l *lowerer) awaitTypes(call *ast.CallExpr) (T, A types.Type) {
	A = l.typeOf(call.Args[0])
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.IndexExpr:
		id = selIdent(f.X)
	default:
		id = selIdent(f)
	}
	if inst, ok := l.r.info.Instances[id]; ok && inst.TypeArgs.Len() == 1 {
		T = inst.TypeArgs.At(0)
	} else {
		l.fail(call.Pos(), "cannot determine the result type of this await")
	}
	return T, A
}

func selIdent(e ast.Expr) *ast.Ident {
	switch f := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		return f.Sel
	case *ast.Ident:
		return f
	}
	return nil
}

// await lowers `lhs tok runtime.Await(x)` (lhs nil for a statement).
//
// The ready case costs no frame traffic: the awaitable stays in a variable
// of the case and is polled there; only if it suspends is it stored in a
// frame field (shared by the awaits of its type) for the await's resume
// state. That state is laid out after the others: it polls the field again,
// takes the result and jumps to the code after the await, which the ready
// case reaches by falling through. Polling a copy is sound because Await's
// argument is an Awaitable: Poll and Result are methods of its value, so
// they cannot keep its address.
func (l *lowerer) await(call *ast.CallExpr, lhs []ast.Expr, tok token.Token) {
	T, A := l.awaitTypes(call)
	pos := call.Pos()
	held := A
	if !l.nameable(A, pos) {
		// An awaitable of a type the generated file cannot spell (an
		// unexported type of another package) is held as the interface.
		held = l.awaitableOf(T, pos)
	}
	key := types.TypeString(held, nil)
	field, ok := l.awaitFields[key]
	if !ok {
		field = l.fresh("aw")
		l.awaitFields[key] = field
		l.hidden = append(l.hidden, hiddenField{field, l.typeCode(held, pos)})
	}
	fa := l.f().Dot(field)
	task := jen.Id(l.task)
	resume := l.newBlock()
	resume.await = true
	resume.awaitNum = l.awaits
	resume.line = l.r.fset.Position(pos).Line
	suspend := func(store ...jen.Code) []jen.Code {
		if l.hasDefer {
			store = append(store, l.f().Dot("Defers").Dot("Finishing").Op("=").False())
		}
		return append(store, jen.Return(jen.Id("st")))
	}
	// The awaitable's own methods are called directly, never through a
	// generic helper: a call through a type parameter goes through a
	// dictionary and the instantiation's wrapper, which costs as much as a
	// queue hand-off.
	poll := func(a *jen.Statement, store ...jen.Code) jen.Code {
		return jen.If(
			jen.Id("st").Op(":=").Add(task.Clone().Dot("Polled").Call(a.Clone().Dot("Poll").Call(jen.Id(l.task)))),
			jen.Id("st").Op("!=").Qual(implPath, "Ready"),
		).Block(suspend(store...)...)
	}

	a := jen.Id(l.fresh("a"))
	l.emit1(a.Clone().Op(":=").Add(l.expr(call.Args[0])))
	l.emit1(l.clearDead(pos)...)
	l.emit1(l.f().Dot("State").Op("=").Add(resume.ref))
	l.edge(resume)
	l.emit1(poll(a, fa.Clone().Op("=").Add(a.Clone())))
	result := a.Clone().Dot("Result").Call()
	if lhs == nil {
		l.emit1(result)
	} else {
		l.emit1(l.assign(lhs, tok, []jen.Code{result}, pos)...)
	}

	// The resume state, out of line.
	k, line := l.cur, l.lastLine
	after := l.newBlock()
	l.cur, l.lastLine = resume, 0
	l.resumeAwait(fa, T, held, lhs, tok, poll(fa), pos)
	l.goTo(after)
	l.late = append(l.late, resume)
	l.cur, l.lastLine = k, line
	l.start(after)
}

// resumeAwait emits the code of an await's resume state, the current block:
// unless the task was woken to be interrupted, poll the awaitable held in
// field fa (of type A) again, take its result and zero the field.
func (l *lowerer) resumeAwait(fa *jen.Statement, T, A types.Type, lhs []ast.Expr, tok token.Token, poll jen.Code, pos token.Pos) {
	l.emit1(l.line(pos))
	task := jen.Id(l.task)
	result := fa.Clone().Dot("Result").Call()
	cancelled := task.Clone().Dot("Cancelled").Call()
	if lhs == nil {
		l.emit1(jen.If(task.Clone().Dot("Interrupted")).Block(cancelled).Else().Block(poll, result))
	} else {
		v, err := l.fresh("r"), l.fresh("rerr")
		l.emit1(
			jen.Var().Id(v).Add(l.typeCode(T, pos)),
			jen.Var().Id(err).Error(),
			jen.If(task.Clone().Dot("Interrupted")).Block(
				jen.Id(err).Op("=").Add(cancelled),
			).Else().Block(
				poll,
				jen.List(jen.Id(v), jen.Id(err)).Op("=").Add(result),
			),
		)
		l.emit1(l.assign(lhs, tok, []jen.Code{jen.Id(v), jen.Id(err)}, pos)...)
	}
	if hasPointers(A) {
		l.emit1(fa.Clone().Op("=").Add(l.zeroCode(A, pos)))
	}
}

// assign emits `lhs tok rhs` where tok is = or := (or a var declaration
// without type, which is the same) and rhs is either one value per lhs or one
// multi-valued expression. Variables declared here that live in the frame
// are assigned in place; those held through a pointer get fresh storage.
func (l *lowerer) assign(lhs []ast.Expr, tok token.Token, rhs []jen.Code, pos token.Pos) []jen.Code {
	if tok != token.DEFINE {
		targets := make([]jen.Code, len(lhs))
		for i, e := range lhs {
			targets[i] = l.target(e, tok == token.ASSIGN)
		}
		return []jen.Code{jen.List(targets...).Op(tok.String()).List(rhs...)}
	}
	// Classify the targets.
	type dst struct {
		lc    *local
		isNew bool
	}
	dsts := make([]dst, len(lhs))
	plain := true     // every target is a variable of the case, or blank
	newLocal := false // some target is a new variable of the case
	for i, e := range lhs {
		id := e.(*ast.Ident)
		if id.Name == "_" {
			continue
		}
		o := l.defOf(id)
		isNew := o != nil
		if o == nil {
			o = l.objOf(id)
		}
		lc := l.locals[o]
		dsts[i] = dst{lc, isNew}
		if lc == nil {
			continue
		}
		if lc.outside() {
			plain = false
		} else if isNew {
			newLocal = true
		}
	}
	if plain {
		targets := make([]jen.Code, len(lhs))
		for i, e := range lhs {
			targets[i] = l.target(e, true)
		}
		return []jen.Code{jen.List(targets...).Op(":=").List(rhs...)}
	}
	useDefine := newLocal
	for _, d := range dsts {
		if d.lc != nil && d.lc.ptr && d.isNew {
			useDefine = true
		}
	}
	var before, after, targets []jen.Code
	for i, e := range lhs {
		d := dsts[i]
		switch {
		case d.lc == nil:
			targets = append(targets, jen.Id("_"))
		case d.lc.ptr && d.isNew:
			l.kill(d.lc)
			tmp := l.fresh(d.lc.name)
			targets = append(targets, jen.Id(tmp))
			after = append(after, l.f().Dot(d.lc.name).Op("=").Op("&").Id(tmp))
		case d.isNew && !d.lc.outside():
			targets = append(targets, l.target(e, true))
		case useDefine:
			tmp := l.fresh("v")
			if !d.isNew && len(rhs) == len(lhs) {
				// The variable has its type already: an untyped
				// value must get it, not its default type (the
				// results of a call are typed).
				before = append(before, jen.Var().Id(tmp).Add(l.typeCode(d.lc.obj.Type(), pos)))
			}
			targets = append(targets, jen.Id(tmp))
			after = append(after, l.target(e, true).Op("=").Id(tmp))
		default:
			targets = append(targets, l.target(e, true))
		}
	}
	op := "="
	if useDefine {
		op = ":="
	}
	return append(append(before, jen.List(targets...).Op(op).List(rhs...)), after...)
}

// target spells an assignment target; a variable of the function assigned
// as a whole, parenthesized or not, is recorded as defined, not used, when
// kill is set.
func (l *lowerer) target(e ast.Expr, kill bool) *jen.Statement {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok && kill && id.Name != "_" {
		if lc := l.locals[l.objOf(id)]; lc != nil {
			l.kill(lc)
			return l.varRef(lc)
		}
	}
	return l.expr(e)
}

// outside reports whether lc is declared outside the case that defines it
// (in the frame or as a variable of Step), so its definitions are
// assignments.
func (lc *local) outside() bool { return lc.frame || lc.step || lc.result != "" }

// defOf returns the object id declares, or nil when id is a use.
func (l *lowerer) defOf(id *ast.Ident) types.Object {
	if l.synthDefs[id] {
		return l.synth[id]
	}
	return l.r.info.Defs[id]
}

// nameable reports whether typeCode can spell t.
func (l *lowerer) nameable(t types.Type, pos token.Pos) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			if _, isBail := p.(bail); !isBail {
				panic(p)
			}
			ok = false
		}
	}()
	l.typeCode(t, pos)
	return true
}

// awaitableOf returns the type asyncimpl.Awaitable[T].
func (l *lowerer) awaitableOf(T types.Type, pos token.Pos) types.Type {
	for _, imp := range l.r.pkg.Imports() {
		if imp.Path() == runtimePath {
			if o := imp.Scope().Lookup("Awaitable"); o != nil {
				if t, err := types.Instantiate(nil, o.Type(), []types.Type{T}, false); err == nil {
					return t
				}
			}
		}
	}
	l.fail(pos, "the awaited expression has a type that generated code cannot name")
	return nil
}
