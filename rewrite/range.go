package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/jennifer/jen"
)

// hiddenField adds a frame field for the lowering's own state.
func (l *lowerer) hiddenField(stem string, typ jen.Code) *jen.Statement {
	name := l.fresh(stem)
	l.hidden = append(l.hidden, hiddenField{name, typ})
	return l.f().Dot(name)
}

// lowerRange lowers a range loop whose body awaits, or whose targets do
// (for xs[await] = range x, see rangeTargets). The range expression is
// evaluated once into the frame; the loop keeps its position in a hidden
// field. Maps are iterated with the runtime's own iterator, through
// reflect.MapIter. Function iterators are turned into a next/stop pair with
// iter.Pull, and stop is called on every way out of the loop; a panic goes
// through the iterator (see emitUnwind).
func (l *lowerer) lowerRange(s *ast.RangeStmt, label string) {
	pre, x := l.spillExpr(s.X)
	for _, p := range pre {
		l.simple(p)
	}
	if !l.hasAwait(s.Body) && !l.targetsAwait(s) {
		l.emit1(l.line(s.Pos()))
		l.vroot(&ast.RangeStmt{For: s.For, Key: s.Key, Value: s.Value, TokPos: s.TokPos, Tok: s.Tok, Range: s.Range, X: x, Body: s.Body}, label)
		return
	}
	pos := s.Pos()
	xt := l.typeOf(s.X)
	cond, exit := l.newBlock(), l.newBlock()
	var post *block
	var vals []jen.Code // key and value of an iteration, when wanted
	var setup, atExit []jen.Code
	var advance jen.Code            // post statement
	var condFns []func() []jen.Code // code of the condition block, made once it is current
	cond1 := func(f func() []jen.Code) { condFns = append(condFns, f) }
	var stop jen.Code
	xc := l.expr(x)
	intT := types.Typ[types.Int]

	under := xt.Underlying()
	if tp, ok := types.Unalias(xt).(*types.TypeParam); ok {
		under = coreType(tp)
		if under == nil {
			l.fail(s.X.Pos(), "range over a type parameter without a core type is not supported across an await: constrain it to one kind of type (a slice, a map...)")
		}
	}
	if p, ok := under.(*types.Pointer); ok {
		if _, isArr := p.Elem().Underlying().(*types.Array); isArr {
			under = p // pointer to array: indexable, len works
		}
	}
	switch u := under.(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsString != 0:
			r := l.hiddenField("r", jen.String())
			i := l.hiddenField("i", jen.Int())
			next := l.hiddenField("next", jen.Int())
			str := xc
			if !types.Identical(types.Default(xt), types.Typ[types.String]) {
				str = jen.String().Call(xc) // a named string type: utf8 takes a string
			}
			setup = append(setup, r.Clone().Op("=").Add(str), i.Clone().Op("=").Lit(0))
			cond1(func() []jen.Code {
				return []jen.Code{jen.If(jen.Op("!").Parens(i.Clone().Op("<").Len(r.Clone()))).Block(l.jump(exit)...)}
			})
			rv, w := l.fresh("r"), l.fresh("w")
			cond1(func() []jen.Code {
				return []jen.Code{jen.List(jen.Id(rv), jen.Id(w)).Op(":=").Qual("unicode/utf8", "DecodeRuneInString").Call(r.Clone().Index(i.Clone(), jen.Empty())),
					next.Clone().Op("=").Add(i.Clone()).Op("+").Id(w)}
			})
			vals = []jen.Code{i.Clone(), jen.Id(rv)}
			if s.Value == nil {
				cond1(func() []jen.Code { return []jen.Code{jen.Id("_").Op("=").Id(rv)} })
			}
			advance = i.Clone().Op("=").Add(next.Clone())
			atExit = append(atExit, r.Clone().Op("=").Lit(""))
		case u.Info()&types.IsInteger != 0:
			t := xt
			if u.Info()&types.IsUntyped != 0 {
				t = intT
				if s.Key != nil && !isBlank(s.Key) {
					t = l.typeOf(s.Key)
				}
			}
			i := l.hiddenField("i", l.typeCode(t, pos))
			n := l.hiddenField("n", l.typeCode(t, pos))
			setup = append(setup, n.Clone().Op("=").Add(xc), i.Clone().Op("=").Lit(0))
			cond1(func() []jen.Code {
				return []jen.Code{jen.If(jen.Op("!").Parens(i.Clone().Op("<").Add(n.Clone()))).Block(l.jump(exit)...)}
			})
			vals = []jen.Code{i.Clone()}
			advance = i.Clone().Op("++")
		default:
			l.fail(s.X.Pos(), "range over %s is not supported", xt)
		}
	case *types.Slice, *types.Array, *types.Pointer:
		i := l.hiddenField("i", jen.Int())
		var r *jen.Statement
		_, isSlice := u.(*types.Slice)
		if !isSlice && (s.Value == nil || isBlank(s.Value)) {
			// Only the index, of an array or a pointer to one: len is
			// a constant and the array itself is not read, so the frame
			// keeps the count, not the array.
			r = l.hiddenField("n", jen.Int())
			setup = append(setup, r.Clone().Op("=").Len(xc))
			cond1(func() []jen.Code {
				return []jen.Code{jen.If(jen.Op("!").Parens(i.Clone().Op("<").Add(r.Clone()))).Block(l.jump(exit)...)}
			})
			vals = []jen.Code{i.Clone()}
		} else {
			r = l.hiddenField("r", l.typeCode(xt, pos))
			setup = append(setup, r.Clone().Op("=").Add(xc))
			cond1(func() []jen.Code {
				return []jen.Code{jen.If(jen.Op("!").Parens(i.Clone().Op("<").Len(r.Clone()))).Block(l.jump(exit)...)}
			})
			vals = []jen.Code{i.Clone(), r.Clone().Index(i.Clone())}
			if hasPointers(xt) {
				atExit = append(atExit, r.Clone().Op("=").Add(l.zeroCode(xt, pos)))
			}
		}
		setup = append(setup, i.Clone().Op("=").Lit(0))
		advance = i.Clone().Op("++")
	case *types.Map:
		// reflect.MapIter is the runtime's own map iterator, kept in the
		// frame: entries removed before they are reached are not
		// produced, entries added may be, and NaN keys are produced, as
		// in a range statement. Key and value are copied into frame
		// fields without allocating.
		it := l.hiddenField("it", jen.Op("*").Qual("reflect", "MapIter"))
		k := l.hiddenField("k", l.typeCode(u.Key(), pos))
		setup = append(setup, it.Clone().Op("=").Qual("reflect", "ValueOf").Call(xc).Dot("MapRange").Call())
		copyTo := func(dst *jen.Statement, method string) jen.Code {
			return jen.Qual("reflect", "ValueOf").Call(jen.Op("&").Add(dst.Clone())).Dot("Elem").Call().Dot(method).Call(it.Clone())
		}
		vals = []jen.Code{k.Clone()}
		var v *jen.Statement
		if s.Value != nil && !isBlank(s.Value) {
			v = l.hiddenField("v", l.typeCode(u.Elem(), pos))
			vals = append(vals, v.Clone())
		}
		cond1(func() []jen.Code {
			code := []jen.Code{jen.If(jen.Op("!").Add(it.Clone()).Dot("Next").Call()).Block(l.jump(exit)...)}
			if s.Key != nil && !isBlank(s.Key) || v != nil {
				code = append(code, copyTo(k, "SetIterKey"))
			}
			if v != nil {
				code = append(code, copyTo(v, "SetIterValue"))
			}
			return code
		})
		atExit = append(atExit, it.Clone().Op("=").Nil())
		if hasPointers(u.Key()) {
			atExit = append(atExit, k.Clone().Op("=").Add(l.zeroCode(u.Key(), pos)))
		}
		if v != nil && hasPointers(u.Elem()) {
			atExit = append(atExit, v.Clone().Op("=").Add(l.zeroCode(u.Elem(), pos)))
		}
	case *types.Signature:
		yield := u.Params().At(0).Type().Underlying().(*types.Signature)
		var tcs []jen.Code
		for j := range yield.Params().Len() {
			tcs = append(tcs, l.typeCode(yield.Params().At(j).Type(), pos))
		}
		yieldT := append([]jen.Code{}, tcs...)
		if len(tcs) == 0 {
			yieldT = []jen.Code{jen.Struct()} // iter.Pull of a Seq[struct{}]
		}
		next := l.hiddenField("next", jen.Func().Params().Params(append(append([]jen.Code{}, yieldT...), jen.Bool())...))
		stopF := l.hiddenField("stop", jen.Func().Params())
		panicked := l.hiddenField("panicked", jen.Any())
		l.rangeFuncs = append(l.rangeFuncs, rangeFunc{next: next, stop: stopF, panicked: panicked})
		// The iterator runs in iter.Pull's coroutine, ranged over by an
		// ordinary Go loop whose body hands each element to next; that
		// goroutine runs for the loop, as EnterPull tells the runtime. When
		// the lowered body panics, Unwind stops the iterator with the
		// panic in panicked: that loop's body raises it again, so the
		// panic unwinds through the iterator as in Go (its deferred
		// calls run and may recover it), and Go's own checks of
		// iterators apply (continuing after the body broke out or
		// panicked, swallowing the body's panic).
		seq, y := l.fresh("seq"), l.fresh("yield")
		setup = append(setup, jen.Id(seq).Op(":=").Add(xc))
		var ks, args []jen.Code
		for range tcs {
			k := jen.Id(l.fresh("x"))
			ks = append(ks, k)
			args = append(args, k)
		}
		pull := jen.Qual("iter", "Pull")
		switch len(tcs) {
		case 0:
			args = []jen.Code{jen.Struct().Values()}
		case 2:
			pull = jen.Qual("iter", "Pull2")
		}
		head := jen.Range().Id(seq)
		if len(ks) > 0 {
			head = jen.List(ks...).Op(":=").Range().Id(seq)
		}
		setup = append(setup, jen.List(next.Clone(), stopF.Clone()).Op("=").Add(pull).Call(
			jen.Func().Params(jen.Id(y).Func().Params(yieldT...).Bool()).Block(
				jen.Defer().Qual(implPath, "EnterPull").Call(jen.Id(l.task), jen.Op("&").Add(panicked.Clone())).Call(),
				jen.For(head).Block(
					jen.If(jen.Op("!").Id(y).Call(args...)).Block(
						jen.If(panicked.Clone().Op("!=").Nil()).Block(jen.Panic(panicked.Clone())),
						jen.Return(),
					),
				),
			)))
		// The loop's variables take the first yielded values; the others,
		// and all of them if every variable is blank, are dropped.
		bound := 0
		for _, e := range []ast.Expr{s.Key, s.Value} {
			if e != nil {
				bound++
			}
		}
		if (s.Key == nil || isBlank(s.Key)) && (s.Value == nil || isBlank(s.Value)) {
			bound = 0
		}
		var names []jen.Code
		for j := range tcs {
			if j < bound {
				names = append(names, jen.Id(l.fresh("x")))
			} else {
				names = append(names, jen.Id("_"))
			}
		}
		if len(tcs) == 0 {
			names = append(names, jen.Id("_"))
		}
		ok := l.fresh("ok")
		cond1(func() []jen.Code {
			return []jen.Code{jen.List(append(names, jen.Id(ok))...).Op(":=").Add(next.Clone()).Call(),
				jen.If(jen.Op("!").Id(ok)).Block(l.jump(exit)...)}
		})
		vals = names
		if len(tcs) == 0 {
			vals = nil
		}
		stop = stopF.Clone().Call()
		atExit = append(atExit, stopF.Clone().Call(), jen.List(next.Clone(), stopF.Clone()).Op("=").List(jen.Nil(), jen.Nil()))
	case *types.Chan:
		where := "the body"
		if !l.hasAwait(s.Body) {
			where = "a target of its iteration values"
		}
		l.fail(s.X.Pos(), "range over channel %s with an await in %s: receive in a select with a default case (a bare receive blocks the loop), or pass the values through a runtime.Queue, instead", xt, where)
	default:
		l.fail(s.X.Pos(), "range over %s is not supported across an await: range over a slice, map or iterator instead", xt)
	}

	l.emit1(l.line(pos))
	l.emit1(setup...)
	l.goTo(cond)
	l.start(cond)
	for _, f := range condFns {
		l.emit1(f()...)
	}
	// Iteration variables.
	if s.Key != nil {
		lhs := []ast.Expr{s.Key}
		rhs := []jen.Code{vals[0]}
		if s.Value != nil && !isBlank(s.Value) { // a blank value reads nothing
			lhs = append(lhs, s.Value)
			rhs = append(rhs, vals[1])
		}
		all := true
		for _, e := range lhs {
			if !isBlank(e) {
				all = false
			}
		}
		switch {
		case all:
		case l.targetsAwait(s):
			l.rangeTargets(s, lhs, rhs, pos)
		default:
			l.emit1(l.assign(lhs, s.Tok, rhs, pos)...)
		}
	}
	cont := cond
	if advance != nil {
		post = l.newBlock()
		cont = post
	}
	l.ctx = append(l.ctx, &target{node: s, label: label, brk: exit, cont: cont, stop: stop})
	l.list(s.Body.List)
	l.ctx = l.ctx[:len(l.ctx)-1]
	l.goTo(cont)
	if post != nil {
		l.start(post)
		l.emit1(advance)
		l.goTo(cond)
	}
	l.start(exit)
	l.emit1(atExit...)
}

// coreType is the single underlying type of a type parameter's type set, or
// nil.
func coreType(tp *types.TypeParam) types.Type {
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var core types.Type
	for i := range iface.NumEmbeddeds() {
		u, ok := iface.EmbeddedType(i).(*types.Union)
		if !ok {
			if t := iface.EmbeddedType(i).Underlying(); t != nil {
				if _, isIface := t.(*types.Interface); !isIface {
					return t
				}
			}
			continue
		}
		for j := range u.Len() {
			t := u.Term(j).Type().Underlying()
			if core == nil {
				core = t
			} else if !types.Identical(core, t) {
				return nil
			}
		}
	}
	return core
}

// rangesOverFunc reports whether a range over x calls an iterator function.
func (l *lowerer) rangesOverFunc(x ast.Expr) bool {
	t := l.typeOf(x)
	u := t.Underlying()
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		u = coreType(tp)
	}
	_, ok := u.(*types.Signature)
	return ok
}

// labelLoops records, for each label, the lowered range-over-func loops
// around it (goto leaving such a loop stops its iterator).
func (l *lowerer) computeLabelLoops() {
	var stack []ast.Node
	ast.Inspect(l.fd.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if ls, ok := n.(*ast.LabeledStmt); ok {
			var loops []ast.Stmt
			for _, s := range stack {
				if rs, ok := s.(*ast.RangeStmt); ok && l.rangesOverFunc(rs.X) {
					loops = append(loops, rs)
				}
			}
			l.labelLoops[ls.Label.Name] = loops
		}
		stack = append(stack, n)
		return true
	})
}

var _ = token.DEFINE
