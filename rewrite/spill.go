package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/dave/jennifer/jen"
)

// The spiller (Roslyn's term) moves awaits out of expressions: every await
// ends up as a statement of its own, `x, err := runtime.Await(a)` with a
// free of awaits, and what was evaluated before it in Go's order is kept in
// temporaries in source order. `p && runtime.Await(...)` style operands keep
// their short-circuit: the right side moves under an if. The results are
// memoized so that both lowering passes see the same temporaries.

type spillResult struct {
	stmts []ast.Stmt
	pre   []ast.Stmt
	expr  ast.Expr
}

// spillStmt rewrites a simple statement containing awaits into statements
// whose awaits are canonical.
func (l *lowerer) spillStmt(s ast.Stmt) []ast.Stmt {
	if r := l.spilled[s]; r != nil {
		return r.stmts
	}
	var out []ast.Stmt
	add := func(pre []ast.Stmt) { out = append(out, pre...) }
	switch s := s.(type) {
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok && l.isAwait(call) {
			pre, x := l.spillExpr(call.Args[0])
			add(pre)
			out = append(out, &ast.ExprStmt{X: l.newAwait(call, x)})
			break
		}
		pre, x := l.spillExpr(s.X)
		add(pre)
		out = append(out, &ast.ExprStmt{X: x})
	case *ast.AssignStmt:
		lhs := s.Lhs
		if s.Tok != token.DEFINE {
			var pre []ast.Stmt
			pre, lhs = l.spillTargets(s.Lhs, s.Rhs)
			add(pre)
		}
		if len(s.Rhs) == 1 {
			if call, ok := ast.Unparen(s.Rhs[0]).(*ast.CallExpr); ok && l.isAwait(call) {
				pre, x := l.spillExpr(call.Args[0])
				add(pre)
				out = append(out, &ast.AssignStmt{Lhs: lhs, TokPos: s.TokPos, Tok: s.Tok, Rhs: []ast.Expr{l.newAwait(call, x)}})
				break
			}
		}
		pre, rhs := l.spillSeq(s.Rhs)
		add(pre)
		out = append(out, &ast.AssignStmt{Lhs: lhs, TokPos: s.TokPos, Tok: s.Tok, Rhs: rhs})
	case *ast.DeclStmt:
		gd := s.Decl.(*ast.GenDecl)
		for _, spec := range gd.Specs {
			sp, ok := spec.(*ast.ValueSpec)
			if !ok || !l.hasAwait(sp) {
				out = append(out, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: gd.TokPos, Tok: gd.Tok, Specs: []ast.Spec{spec}}})
				continue
			}
			if len(sp.Values) == 1 && len(sp.Names) == 2 {
				if call, ok := ast.Unparen(sp.Values[0]).(*ast.CallExpr); ok && l.isAwait(call) {
					pre, x := l.spillExpr(call.Args[0])
					add(pre)
					if sp.Type == nil {
						out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{sp.Names[0], sp.Names[1]}, TokPos: sp.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{l.newAwait(call, x)}})
						continue
					}
					// var v, err T = Await(x): the two results in
					// temporaries, then the declaration from them.
					T, _ := l.awaitTypes(call)
					v := l.temp("v", T, call.Pos())
					e := l.temp("err", types.Universe.Lookup("error").Type(), call.Pos())
					out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{l.def(v), l.def(e)}, TokPos: call.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{l.newAwait(call, x)}})
					nsp := *sp
					nsp.Values = []ast.Expr{v, e}
					out = append(out, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: gd.TokPos, Tok: gd.Tok, Specs: []ast.Spec{&nsp}}})
					continue
				}
			}
			pre, vals := l.spillSeq(sp.Values)
			add(pre)
			nsp := *sp
			nsp.Values = vals
			out = append(out, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: gd.TokPos, Tok: gd.Tok, Specs: []ast.Spec{&nsp}}})
		}
	case *ast.ReturnStmt:
		if len(s.Results) == 1 {
			if call, ok := ast.Unparen(s.Results[0]).(*ast.CallExpr); ok && l.isAwait(call) {
				pre, x := l.spillExpr(call.Args[0])
				add(pre)
				T, _ := l.awaitTypes(call)
				v := l.temp("v", T, call.Pos())
				e := l.temp("err", types.Universe.Lookup("error").Type(), call.Pos())
				out = append(out,
					&ast.AssignStmt{Lhs: []ast.Expr{l.def(v), l.def(e)}, TokPos: call.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{l.newAwait(call, x)}},
					&ast.ReturnStmt{Return: s.Return, Results: []ast.Expr{v, e}})
				break
			}
		}
		pre, res := l.spillSeq(s.Results)
		add(pre)
		out = append(out, &ast.ReturnStmt{Return: s.Return, Results: res})
	case *ast.IncDecStmt:
		pre, x := l.spillTargets([]ast.Expr{s.X}, nil)
		add(pre)
		out = append(out, &ast.IncDecStmt{X: x[0], TokPos: s.TokPos, Tok: s.Tok})
	case *ast.SendStmt:
		pre, es := l.spillSeq([]ast.Expr{s.Chan, s.Value})
		add(pre)
		out = append(out, &ast.SendStmt{Chan: es[0], Arrow: s.Arrow, Value: es[1]})
	case *ast.GoStmt:
		pre, call := l.spillCallArgs(s.Call)
		add(pre)
		out = append(out, &ast.GoStmt{Go: s.Go, Call: call})
	case *ast.DeferStmt:
		pre, call := l.spillCallArgs(s.Call)
		add(pre)
		out = append(out, &ast.DeferStmt{Defer: s.Defer, Call: call})
	default:
		l.fail(s.Pos(), "await in a %s is not supported: await into a variable in a statement before it", stmtName(s))
	}
	l.spilled[s] = &spillResult{stmts: out}
	return out
}

func stmtName(s ast.Stmt) string {
	switch s.(type) {
	case *ast.SelectStmt:
		return "select statement"
	case *ast.LabeledStmt:
		return "labeled statement"
	}
	return "statement of this kind"
}

// spillCallArgs evaluates the function value and arguments of a go or defer
// statement's call, so the call itself has no awaits.
func (l *lowerer) spillCallArgs(call *ast.CallExpr) ([]ast.Stmt, *ast.CallExpr) {
	pre, e := l.spillExpr(call)
	c, ok := e.(*ast.CallExpr)
	if !ok {
		l.fail(call.Pos(), "unsupported await in a go or defer statement")
	}
	return pre, c
}

// spillTargets spills the targets of an assignment whose right side is rhs
// (nil for ++ and --). Go evaluates the operands of the targets' index
// expressions and indirections, then the right side, in the usual order:
// targets and right side are one sequence, in which what gc evaluates in
// place before the last await, in a target as in an operand, is bound to
// temporaries (see spillSeq). What is left of a target is still
// addressable, so a[f()][await] = v assigns to the element of a itself,
// array or not, and reads a, as gc does, when it assigns.
func (l *lowerer) spillTargets(lhs, rhs []ast.Expr) ([]ast.Stmt, []ast.Expr) {
	last := -1
	for i, e := range slices.Concat(lhs, rhs) {
		if l.hasAwait(e) {
			last = i
		}
	}
	var pre []ast.Stmt
	out := make([]ast.Expr, len(lhs))
	for i, e := range lhs {
		p, x := l.spillExpr(e)
		pre = append(pre, p...)
		if i < last {
			p, x = l.early(x)
			pre = append(pre, p...)
		}
		out[i] = x
	}
	return pre, out
}

// spillSeq spills a list of operands evaluated left to right: in the
// operands before the last one holding an await, what gc evaluates in place
// is bound to temporaries (see early).
func (l *lowerer) spillSeq(es []ast.Expr) ([]ast.Stmt, []ast.Expr) {
	return l.spillSeqBy(es, func(int, int) bool { return false })
}

// spillSeqBy is spillSeq, where the operands i before the last await, last,
// for which whole(i, last) holds are bound to temporaries as a whole unless
// nothing can change them (see unchanged): the entries of a map literal,
// which gc stores one after the other.
func (l *lowerer) spillSeqBy(es []ast.Expr, whole func(i, last int) bool) ([]ast.Stmt, []ast.Expr) {
	last := -1
	for i, e := range es {
		if e != nil && l.hasAwait(e) {
			last = i
		}
	}
	out := make([]ast.Expr, len(es))
	copy(out, es)
	if last < 0 {
		return nil, out
	}
	var pre []ast.Stmt
	for i := 0; i <= last; i++ {
		e := es[i]
		if e == nil {
			continue
		}
		p, x := l.spillExpr(e)
		pre = append(pre, p...)
		switch {
		case i == last:
		case whole(i, last):
			if !l.unchanged(x) {
				var s ast.Stmt
				s, x = l.bindTemp(x, l.typeOf(e))
				pre = append(pre, s)
			}
		default:
			p, x = l.early(x)
			pre = append(pre, p...)
		}
		out[i] = x
	}
	return pre, out
}

// stable reports whether e may be evaluated after an await that follows it
// in Go's order: nothing in it is evaluated in place (see inPlace). The spec
// orders only calls, receives and logical operations; reads of variables,
// index and field expressions, arithmetic and most conversions are left to
// the compiler, and gc performs them after the calls, so they stay in place
// (reading them after the await is what the same code does when it runs
// synchronously).
func (l *lowerer) stable(e ast.Expr) bool {
	if e == nil {
		return true
	}
	return !contains(e, func(n ast.Node) bool {
		x, ok := n.(ast.Expr)
		return ok && (l.inPlace(x) || l.cmpSides(x))
	})
}

// inPlace reports whether gc evaluates e where it stands among the calls of
// its expression, into a temporary of its own (cmd/compile's order pass),
// rather than when the value is used: a call (builtins included, not
// conversions), a receive, && and ||, a slice expression, a type assertion
// to a type that is not pointer-shaped (gc asserts to a pointer-shaped type,
// or to one of a generic function's own (see derived), when the value is
// used), a map
// literal (built one entry after the other), and a conversion of a string to
// a byte or rune slice.
func (l *lowerer) inPlace(e ast.Expr) bool {
	if tv, ok := l.r.info.Types[e]; ok && (tv.Value != nil || tv.IsType()) {
		return false
	}
	if l.temps[e] {
		return true
	}
	switch x := e.(type) {
	case *ast.CallExpr:
		if tv, found := l.r.info.Types[x.Fun]; found && tv.IsType() {
			return len(x.Args) == 1 && stringToSlice(l.typeOf(x.Args[0]), l.typeOf(x))
		}
		return true
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	case *ast.BinaryExpr:
		return x.Op == token.LAND || x.Op == token.LOR
	case *ast.SliceExpr:
		return true
	case *ast.TypeAssertExpr:
		t := l.typeOf(x)
		return !pointerShaped(t) && !l.derived(t)
	case *ast.CompositeLit:
		_, isMap := l.typeOf(x).Underlying().(*types.Map)
		return isMap
	}
	return false
}

// stringToSlice reports whether converting from to to turns a string into a
// []byte or []rune (gc copies the string then, not when the slice is used).
func stringToSlice(from, to types.Type) bool {
	b, ok := from.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsString == 0 {
		return false
	}
	_, ok = to.Underlying().(*types.Slice)
	return ok
}

// pointerShaped reports whether a value of type t is one pointer, which gc
// stores in an interface directly: a pointer, map, channel or function, or a
// struct or array wrapping one and nothing else of any size.
func pointerShaped(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Array:
		return u.Len() == 1 && pointerShaped(u.Elem())
	case *types.Struct:
		n := u.NumFields()
		if n == 0 || zeroSize(u.Field(n-1).Type()) {
			return false // a final zero-size field is padded
		}
		for i := range n - 1 {
			if !zeroSize(u.Field(i).Type()) {
				return false
			}
		}
		return pointerShaped(u.Field(n - 1).Type())
	}
	return false
}

func zeroSize(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Array:
		return u.Len() == 0 || zeroSize(u.Elem())
	case *types.Struct:
		for i := range u.NumFields() {
			if !zeroSize(u.Field(i).Type()) {
				return false
			}
		}
		return true
	}
	return false
}

// derived reports whether t is built from a type parameter of the function
// or from a type declared inside it when it is generic: a type whose
// descriptor gc looks up at run time.
func (l *lowerer) derived(t types.Type) bool {
	return l.frameTypeParams().Len() > 0 && mentionsTypeParam(t, map[types.Type]bool{})
}

// mentionsTypeParam reports whether t, a type of a generic function, is
// built from a type parameter or from a type declared in the function.
func mentionsTypeParam(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch u := types.Unalias(t).(type) {
	case *types.TypeParam:
		return true
	case *types.Named:
		if o := u.Obj(); o.Pkg() != nil && o.Parent() != o.Pkg().Scope() {
			return true
		}
		for a := range u.TypeArgs().Types() {
			if mentionsTypeParam(a, seen) {
				return true
			}
		}
	case *types.Pointer:
		return mentionsTypeParam(u.Elem(), seen)
	case *types.Slice:
		return mentionsTypeParam(u.Elem(), seen)
	case *types.Array:
		return mentionsTypeParam(u.Elem(), seen)
	case *types.Chan:
		return mentionsTypeParam(u.Elem(), seen)
	case *types.Map:
		return mentionsTypeParam(u.Key(), seen) || mentionsTypeParam(u.Elem(), seen)
	case *types.Struct:
		for i := range u.NumFields() {
			if mentionsTypeParam(u.Field(i).Type(), seen) {
				return true
			}
		}
	case *types.Tuple:
		for v := range u.Variables() {
			if mentionsTypeParam(v.Type(), seen) {
				return true
			}
		}
	case *types.Signature:
		return mentionsTypeParam(u.Params(), seen) || mentionsTypeParam(u.Results(), seen)
	case *types.Interface:
		for m := range u.Methods() {
			if mentionsTypeParam(m.Type(), seen) {
				return true
			}
		}
		for e := range u.EmbeddedTypes() {
			if mentionsTypeParam(e, seen) {
				return true
			}
		}
	}
	return false
}

// early binds to temporaries the parts of e, an operand free of awaits that
// an await follows, which gc evaluates in place (see inPlace), in Go's
// order, and returns the statements and what is left of e. The rest stays
// where it is, to be evaluated after the await as gc evaluates it after the
// calls: a variable, an index or a field, the operand of a method call (so
// that arr[i()].M(await) reads arr[t] after the await and a pointer method
// takes its address then). What stays is still addressable when e was.
func (l *lowerer) early(e ast.Expr) ([]ast.Stmt, ast.Expr) {
	if l.stable(e) {
		return nil, e
	}
	if l.inPlace(e) {
		s, tmp := l.bindTemp(e, l.typeOf(e))
		return []ast.Stmt{s}, tmp
	}
	var pre []ast.Stmt
	sub := func(x ast.Expr) ast.Expr {
		p, y := l.early(x)
		pre = append(pre, p...)
		return y
	}
	var out ast.Expr
	switch x := e.(type) {
	case *ast.ParenExpr:
		out = &ast.ParenExpr{Lparen: x.Lparen, X: sub(x.X), Rparen: x.Rparen}
	case *ast.SelectorExpr:
		out = &ast.SelectorExpr{X: sub(x.X), Sel: x.Sel}
	case *ast.IndexExpr:
		y := sub(x.X)
		out = &ast.IndexExpr{X: y, Lbrack: x.Lbrack, Index: sub(x.Index), Rbrack: x.Rbrack}
	case *ast.StarExpr:
		out = &ast.StarExpr{Star: x.Star, X: sub(x.X)}
	case *ast.UnaryExpr:
		out = &ast.UnaryExpr{OpPos: x.OpPos, Op: x.Op, X: sub(x.X)}
	case *ast.BinaryExpr:
		y, z := sub(x.X), sub(x.Y)
		if l.cmpSides(x) {
			// gc copies the sides it cannot address once it has
			// evaluated both.
			side := func(orig, s ast.Expr) ast.Expr {
				if !l.copiedSide(orig) {
					return s
				}
				st, tmp := l.bindTemp(s, l.typeOf(orig))
				pre = append(pre, st)
				return tmp
			}
			y, z = side(x.X, y), side(x.Y, z)
		}
		out = &ast.BinaryExpr{X: y, OpPos: x.OpPos, Op: x.Op, Y: z}
	case *ast.TypeAssertExpr:
		out = &ast.TypeAssertExpr{X: sub(x.X), Lparen: x.Lparen, Type: x.Type, Rparen: x.Rparen}
	case *ast.CallExpr: // a conversion
		out = &ast.CallExpr{Fun: x.Fun, Lparen: x.Lparen, Args: []ast.Expr{sub(x.Args[0])}, Ellipsis: x.Ellipsis, Rparen: x.Rparen}
	case *ast.CompositeLit:
		elts := make([]ast.Expr, len(x.Elts))
		for i, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				elts[i] = &ast.KeyValueExpr{Key: kv.Key, Colon: kv.Colon, Value: sub(kv.Value)}
			} else {
				elts[i] = sub(el)
			}
		}
		out = &ast.CompositeLit{Type: x.Type, Lbrace: x.Lbrace, Elts: elts, Rbrace: x.Rbrace, Incomplete: x.Incomplete}
	default:
		s, tmp := l.bindTemp(e, l.typeOf(e))
		return []ast.Stmt{s}, tmp
	}
	l.synthType[out] = l.typeOf(e)
	return pre, out
}

// bindTemp returns `tmp := e` and tmp.
func (l *lowerer) bindTemp(e ast.Expr, t types.Type) (ast.Stmt, ast.Expr) {
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		t = types.Default(t)
	}
	if lit, ok := e.(*ast.CompositeLit); ok && lit.Type == nil {
		// An element of a composite literal with its type elided
		// ({1, 2} in [][]int{...}) needs it spelled on its own.
		e = l.typedLit(lit, t)
	}
	tmp := l.temp("tmp", t, e.Pos())
	return &ast.AssignStmt{Lhs: []ast.Expr{l.def(tmp)}, TokPos: e.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{e}}, tmp
}

// typedLit is the composite literal lit, whose type was elided, with its
// type t spelled: &T{...} for an elided pointer literal.
func (l *lowerer) typedLit(lit *ast.CompositeLit, t types.Type) ast.Expr {
	elem := t
	p, isPtr := t.Underlying().(*types.Pointer)
	if isPtr {
		elem = p.Elem()
	}
	spelled := &ast.Ident{NamePos: lit.Lbrace, Name: "_"} // stands for elem
	l.typeExprs[spelled] = elem
	nl := &ast.CompositeLit{Type: spelled, Lbrace: lit.Lbrace, Elts: lit.Elts, Rbrace: lit.Rbrace}
	l.synthType[nl] = elem
	if !isPtr {
		return nl
	}
	ref := &ast.UnaryExpr{OpPos: lit.Lbrace, Op: token.AND, X: nl}
	l.synthType[ref] = t
	return ref
}

// temp makes a new variable of the function, as an identifier using it.
func (l *lowerer) temp(stem string, t types.Type, pos token.Pos) *ast.Ident {
	name := l.uniqueName(stem)
	v := types.NewVar(pos, l.r.pkg, name, t)
	id := &ast.Ident{NamePos: pos, Name: name}
	l.synth[id] = v
	l.locals[v] = &local{obj: v, name: name}
	return id
}

// def returns a defining occurrence of the temporary id.
func (l *lowerer) def(id *ast.Ident) *ast.Ident {
	d := &ast.Ident{NamePos: id.NamePos, Name: id.Name}
	l.synth[d] = l.synth[id]
	l.synthDefs[d] = true
	return d
}

// newAwait is runtime.Await(x) for the await call orig.
func (l *lowerer) newAwait(orig *ast.CallExpr, x ast.Expr) *ast.CallExpr {
	if x == orig.Args[0] {
		return orig
	}
	return &ast.CallExpr{Fun: orig.Fun, Lparen: orig.Lparen, Args: []ast.Expr{x}, Rparen: orig.Rparen}
}

// spillExpr spills the awaits of e, returning the statements to run first and
// the expression left, free of awaits.
func (l *lowerer) spillExpr(e ast.Expr) ([]ast.Stmt, ast.Expr) {
	if e == nil || !l.hasAwait(e) {
		return nil, e
	}
	if r := l.spilled[e]; r != nil {
		return r.pre, r.expr
	}
	pre, out := l.spillExpr1(e)
	if l.temps[e] {
		l.temps[out] = true
	}
	if t := l.r.info.TypeOf(e); t != nil && out != e {
		if _, known := l.synthType[out]; !known {
			if _, isId := out.(*ast.Ident); !isId {
				l.synthType[out] = t
			}
		}
	}
	l.spilled[e] = &spillResult{pre: pre, expr: out}
	return pre, out
}

func (l *lowerer) spillExpr1(e ast.Expr) ([]ast.Stmt, ast.Expr) {
	switch x := e.(type) {
	case *ast.ParenExpr:
		pre, y := l.spillExpr(x.X)
		return pre, &ast.ParenExpr{Lparen: x.Lparen, X: y, Rparen: x.Rparen}
	case *ast.CallExpr:
		if l.isAwait(x) {
			l.fail(x.Pos(), "runtime.Await returns two values; it cannot be used as a single value")
		}
		if len(x.Args) == 1 {
			if aw, ok := ast.Unparen(x.Args[0]).(*ast.CallExpr); ok && l.isAwait(aw) {
				pre, fun := l.spillFun(x.Fun, true)
				p, a := l.spillExpr(aw.Args[0])
				pre = append(pre, p...)
				T, _ := l.awaitTypes(aw)
				v := l.temp("v", T, aw.Pos())
				er := l.temp("err", types.Universe.Lookup("error").Type(), aw.Pos())
				pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{l.def(v), l.def(er)}, TokPos: aw.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{l.newAwait(aw, a)}})
				return pre, &ast.CallExpr{Fun: fun, Lparen: x.Lparen, Args: []ast.Expr{v, er}, Rparen: x.Rparen}
			}
		}
		argsAwait := false
		for _, a := range x.Args {
			if l.hasAwait(a) {
				argsAwait = true
			}
		}
		pre, fun := l.spillFun(x.Fun, argsAwait)
		p, args := l.spillSeq(x.Args)
		return append(pre, p...), &ast.CallExpr{Fun: fun, Lparen: x.Lparen, Args: args, Ellipsis: x.Ellipsis, Rparen: x.Rparen}
	case *ast.BinaryExpr:
		if (x.Op == token.LAND || x.Op == token.LOR) && l.hasAwait(x.Y) {
			pre, left := l.spillExpr(x.X)
			t := l.typeOf(x)
			s, c := l.bindTemp(left, t)
			pre = append(pre, s)
			py, right := l.spillExpr(x.Y)
			body := append(py, &ast.AssignStmt{Lhs: []ast.Expr{c}, TokPos: x.OpPos, Tok: token.ASSIGN, Rhs: []ast.Expr{right}})
			var cond ast.Expr = c
			if x.Op == token.LOR {
				cond = &ast.UnaryExpr{OpPos: x.OpPos, Op: token.NOT, X: c}
				l.synthType[cond] = l.typeOf(c)
			}
			pre = append(pre, &ast.IfStmt{If: x.OpPos, Cond: cond, Body: &ast.BlockStmt{List: body}})
			return pre, c
		}
		pre, es := l.spillSeq([]ast.Expr{x.X, x.Y})
		return pre, &ast.BinaryExpr{X: es[0], OpPos: x.OpPos, Op: x.Op, Y: es[1]}
	case *ast.UnaryExpr:
		pre, y := l.spillExpr(x.X)
		return pre, &ast.UnaryExpr{OpPos: x.OpPos, Op: x.Op, X: y}
	case *ast.StarExpr:
		pre, y := l.spillExpr(x.X)
		return pre, &ast.StarExpr{Star: x.Star, X: y}
	case *ast.SelectorExpr:
		pre, y := l.spillExpr(x.X)
		ne := &ast.SelectorExpr{X: y, Sel: x.Sel}
		return pre, ne
	case *ast.TypeAssertExpr:
		pre, y := l.spillExpr(x.X)
		return pre, &ast.TypeAssertExpr{X: y, Lparen: x.Lparen, Type: x.Type, Rparen: x.Rparen}
	case *ast.IndexExpr:
		pre, es := l.spillSeq([]ast.Expr{x.X, x.Index})
		return pre, &ast.IndexExpr{X: es[0], Lbrack: x.Lbrack, Index: es[1], Rbrack: x.Rbrack}
	case *ast.SliceExpr:
		pre, es := l.spillSeq([]ast.Expr{x.X, x.Low, x.High, x.Max})
		return pre, &ast.SliceExpr{X: es[0], Lbrack: x.Lbrack, Low: es[1], High: es[2], Max: es[3], Slice3: x.Slice3, Rbrack: x.Rbrack}
	case *ast.CompositeLit:
		// Flatten keys and values in source order.
		var flat []ast.Expr
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if l.isFieldKey(x, kv) {
					flat = append(flat, nil, kv.Value)
				} else {
					flat = append(flat, kv.Key, kv.Value)
				}
			} else {
				flat = append(flat, el)
			}
		}
		whole := func(int, int) bool { return false }
		if _, isMap := l.typeOf(x).Underlying().(*types.Map); isMap {
			// gc stores each entry before it evaluates the next: the
			// entries before the one that awaits are evaluated first.
			whole = func(i, last int) bool { return i/2 < last/2 }
		}
		pre, es := l.spillSeqBy(flat, whole)
		var elts []ast.Expr
		i := 0
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				key := es[i]
				if key == nil {
					key = kv.Key
				}
				elts = append(elts, &ast.KeyValueExpr{Key: key, Colon: kv.Colon, Value: es[i+1]})
				i += 2
			} else {
				elts = append(elts, es[i])
				i++
			}
		}
		return pre, &ast.CompositeLit{Type: x.Type, Lbrace: x.Lbrace, Elts: elts, Rbrace: x.Rbrace, Incomplete: x.Incomplete}
	}
	l.fail(e.Pos(), "await inside this kind of expression (%T) is not supported: await into a variable in a statement before it", e)
	return nil, nil
}

// isFieldKey reports whether kv of composite literal lit names a struct field.
func (l *lowerer) isFieldKey(lit *ast.CompositeLit, kv *ast.KeyValueExpr) bool {
	t := l.typeOf(lit)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := t.Underlying().(*types.Struct)
	return ok
}

// spillFun spills the function value of a call whose arguments await, as
// gc evaluates it: a concrete method's receiver is the call's first
// argument, so only what gc evaluates in place in it is evaluated first
// (see early), and the receiver is read, or its address taken for a pointer
// method, when the call is made; but a function value, or an interface
// method's receiver, that makes a call or receives is evaluated first as a
// whole, as gc's typechecker does (RewriteNonNameCall).
func (l *lowerer) spillFun(fun ast.Expr, argsAwait bool) ([]ast.Stmt, ast.Expr) {
	pre, f := l.spillExpr(fun)
	if !argsAwait || l.stable(f) {
		return pre, f
	}
	if sel, ok := ast.Unparen(f).(*ast.SelectorExpr); ok {
		if s := l.r.info.Selections[selOrig(fun, sel)]; s != nil && s.Kind() == types.MethodVal {
			var p []ast.Stmt
			var x ast.Expr
			if isInterfaceMethod(s) && l.callsOrReceives(sel.X) {
				var st ast.Stmt
				st, x = l.bindTemp(sel.X, l.typeOf(sel.X))
				p = []ast.Stmt{st}
			} else {
				p, x = l.early(sel.X)
			}
			ne := &ast.SelectorExpr{X: x, Sel: sel.Sel}
			l.synthType[ne] = l.typeOf(sel)
			return append(pre, p...), ne
		}
	}
	if l.callsOrReceives(f) {
		st, tmp := l.bindTemp(f, l.typeOf(fun))
		return append(pre, st), tmp
	}
	p, f := l.early(f)
	return append(pre, p...), f
}

// isInterfaceMethod reports whether the method selection s calls through an
// interface.
func isInterfaceMethod(s *types.Selection) bool {
	sig := s.Obj().Type().(*types.Signature)
	return sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

// callsOrReceives reports whether e calls a function (new(T) aside) or
// receives.
func (l *lowerer) callsOrReceives(e ast.Expr) bool {
	return contains(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if tv, ok := l.r.info.Types[x]; ok && tv.Value != nil {
				return false
			}
			if tv, found := l.r.info.Types[x.Fun]; found && tv.IsType() {
				return false // a conversion
			}
			if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok && id.Name == "new" && isBuiltin(l.objOf(id)) {
				return false
			}
			return true
		case *ast.UnaryExpr:
			return x.Op == token.ARROW
		}
		return false
	})
}

func selOrig(orig ast.Expr, now *ast.SelectorExpr) *ast.SelectorExpr {
	if s, ok := ast.Unparen(orig).(*ast.SelectorExpr); ok {
		return s
	}
	return now
}

// targetsAwait reports whether the key or value target of the range
// statement s awaits (for k[await] = range x).
func (l *lowerer) targetsAwait(s *ast.RangeStmt) bool {
	return l.hasAwait(s.Key) || l.hasAwait(s.Value)
}

// rangeTargets assigns the iteration values rhs of the range statement s,
// lowered, to its targets lhs, which await. As in Go, the values of the
// iteration come first, into temporaries that outlive the awaits; then the
// targets are assigned from them as by an assignment statement, which is
// spilled as any other.
func (l *lowerer) rangeTargets(s *ast.RangeStmt, lhs []ast.Expr, rhs []jen.Code, pos token.Pos) {
	r := l.spilled[s]
	if r == nil {
		as := &ast.AssignStmt{TokPos: s.TokPos, Tok: token.ASSIGN}
		for _, e := range lhs {
			if isBlank(e) {
				continue
			}
			as.Lhs = append(as.Lhs, e)
			as.Rhs = append(as.Rhs, l.temp("it", l.typeOf(e), e.Pos()))
		}
		r = &spillResult{stmts: []ast.Stmt{as}}
		l.spilled[s] = r
	}
	as := r.stmts[0].(*ast.AssignStmt)
	j := 0
	for i, e := range lhs {
		if isBlank(e) {
			continue
		}
		tmp := as.Rhs[j].(*ast.Ident)
		l.emit1(l.assign([]ast.Expr{l.def(tmp)}, token.DEFINE, []jen.Code{rhs[i]}, pos)...)
		j++
	}
	for _, st := range l.spillStmt(as) {
		l.simple(st)
	}
}
