package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
)

// collectLocals finds every object the function declares, gives each a
// unique name and marks those that escape.
func (l *lowerer) collectLocals() {
	fd := l.fd
	var objs []types.Object
	seen := map[types.Object]bool{}
	add := func(o types.Object) {
		if o == nil || seen[o] {
			return
		}
		switch o := o.(type) {
		case *types.Var:
			if o.IsField() {
				return
			}
		case *types.TypeName:
			if _, ok := o.Type().(*types.TypeParam); ok {
				// Not a local: the frame type and its Step declare the
				// same type parameters, spelled as written (a blank
				// one named by nameTypeParams). No local may take the
				// name.
				l.baseNames[o.Name()] = true
				return
			}
		case *types.Const:
		default:
			return
		}
		seen[o] = true
		objs = append(objs, o)
	}
	ast.Inspect(fd, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if n == fd.Name {
				return true
			}
			if o := l.r.info.Defs[n]; o != nil && o.Name() != "_" {
				add(o)
			}
		case *ast.CaseClause:
			if o := l.r.info.Implicits[n]; o != nil {
				add(o)
			}
		}
		return true
	})
	sort.SliceStable(objs, func(i, j int) bool { return objs[i].Pos() < objs[j].Pos() })

	// Names the function uses for things it does not declare stay reserved,
	// so that flattening scopes never shadows them.
	declared := map[types.Object]bool{}
	for _, o := range objs {
		declared[o] = true
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			o := l.r.info.Uses[id]
			if o == nil {
				o = l.r.info.Defs[id]
			}
			if o != nil && !declared[o] {
				if v, ok := o.(*types.Var); ok && v.IsField() {
					return true
				}
				if _, ok := o.(*types.Func); ok && o.Parent() == nil {
					return true // method
				}
				if _, ok := o.(*types.Label); ok {
					// Labels stay as written in verbatim code: keep the
					// dispatcher's label clear of them.
					l.baseNames[id.Name] = true
					return true
				}
				l.baseNames[id.Name] = true
			}
		}
		return true
	})
	for k := range reserved {
		l.baseNames[k] = true
	}
	// The generated file names each package by its own name, whatever the
	// source's alias, and may name packages the source reaches only
	// through other packages' types: no local may take the name of a
	// package whose types the function's values have.
	l.typePackages(func(p *types.Package) { l.baseNames[p.Name()] = true })
	// Generated code spells package-level and predeclared names (types of
	// frame fields, zero values): no local may shadow them once scopes are
	// flattened.
	l.fileNames = l.r.spelledNames()
	l.nameTypeParams(objs)

	params := map[types.Object]bool{}
	if fd.Recv != nil {
		for _, f := range fd.Recv.List {
			for _, n := range f.Names {
				params[l.r.info.Defs[n]] = true
			}
		}
	}
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			params[l.r.info.Defs[n]] = true
		}
	}
	results := map[types.Object]string{}
	if fd.Type.Results != nil {
		var named []types.Object
		for _, f := range fd.Type.Results.List {
			for _, n := range f.Names {
				named = append(named, l.r.info.Defs[n])
			}
		}
		switch l.mode {
		case resVal:
			if len(named) == 1 {
				results[named[0]] = "Val"
			}
		case resErr:
			if len(named) == 1 {
				results[named[0]] = "Err"
			}
		case resValErr:
			if len(named) == 2 {
				results[named[0]] = "Val"
				results[named[1]] = "Err"
			}
		}
	}
	for _, o := range objs {
		lc := &local{obj: o, param: params[o], result: results[o]}
		lc.name = l.uniqueName(o.Name())
		l.locals[o] = lc
	}

	l.markHoists(fd)
	l.markPkgTypes(fd)

	// Escapes: captured by a function literal, or address taken.
	var lits []*ast.FuncLit
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			lits = append(lits, n)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				l.markAddr(n.X)
			}
		case *ast.SliceExpr:
			if _, ok := l.typeOf(n.X).Underlying().(*types.Array); ok {
				l.markAddr(n.X)
			}
		case *ast.SelectorExpr:
			if sel := l.r.info.Selections[n]; sel != nil && sel.Kind() != types.FieldVal {
				if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
					if _, isPtr := sig.Recv().Type().(*types.Pointer); isPtr {
						if _, xPtr := l.typeOf(n.X).Underlying().(*types.Pointer); !xPtr {
							l.markAddr(n.X)
						}
					}
				}
			}
		}
		return true
	})
	for _, lit := range lits {
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if lc := l.locals[l.r.info.Uses[id]]; lc != nil && !(lc.obj.Pos() >= lit.Pos() && lc.obj.Pos() < lit.End()) {
					lc.escapes = true
				}
			}
			return true
		})
	}
}

// markHoists decides which constants and types declared outside function
// literals are declared at the top of Step (local.hoist), so that every block
// sees them: those whose declaration names no local variable, nor a local
// constant or type that stays where the source declares it (which the top
// of Step does not see). A constant group is decided as a whole, since iota
// and the implicit repetition of a spec's values count its specs, unless
// its specs do not depend on each other: each has values and none names
// iota. Specs that name nothing (blank) stay where they are, unless their
// group moves as a whole. The types that stay record why in from (see
// whyStuck).
func (l *lowerer) markHoists(fd *ast.FuncDecl) {
	type group struct {
		specs []ast.Spec
		whole bool // decided as a whole
	}
	var groups []*group
	groupOf := map[ast.Spec]*group{}
	specOf := map[*local]ast.Spec{}
	names := func(spec ast.Spec) []*ast.Ident {
		switch sp := spec.(type) {
		case *ast.ValueSpec:
			return sp.Names
		case *ast.TypeSpec:
			return []*ast.Ident{sp.Name}
		}
		return nil
	}
	iotaObj := types.Universe.Lookup("iota")
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GenDecl:
			if n.Tok != token.CONST && n.Tok != token.TYPE {
				return true
			}
			whole := false
			if n.Tok == token.CONST {
				for _, spec := range n.Specs {
					if len(spec.(*ast.ValueSpec).Values) == 0 {
						whole = true
					}
					ast.Inspect(spec, func(m ast.Node) bool {
						if id, ok := m.(*ast.Ident); ok && l.r.info.Uses[id] == iotaObj {
							whole = true
						}
						return !whole
					})
				}
			}
			g := &group{specs: n.Specs, whole: whole}
			groups = append(groups, g)
			for _, spec := range n.Specs {
				groupOf[spec] = g
				for _, id := range names(spec) {
					if lc := l.locals[l.r.info.Defs[id]]; lc != nil {
						specOf[lc] = spec
					}
				}
			}
		}
		return true
	})
	// Start from every spec and drop those that name what stays, until
	// none changes.
	hoist := map[ast.Spec]bool{}
	for spec := range groupOf {
		hoist[spec] = true
	}
	stay := func(spec ast.Spec, from, via types.Object) {
		specs := []ast.Spec{spec}
		if g := groupOf[spec]; g.whole {
			specs = g.specs
		}
		for _, sp := range specs {
			if !hoist[sp] {
				continue
			}
			hoist[sp] = false
			for _, id := range names(sp) {
				if lc := l.locals[l.r.info.Defs[id]]; lc != nil && lc.from == nil {
					lc.from, lc.via = from, via
				}
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, g := range groups {
			for _, spec := range g.specs {
				if !hoist[spec] {
					continue
				}
				ast.Inspect(spec, func(m ast.Node) bool {
					id, ok := m.(*ast.Ident)
					if !ok || !hoist[spec] {
						return hoist[spec]
					}
					o := l.r.info.Uses[id]
					ul := l.locals[o]
					if ul == nil {
						return true
					}
					if _, ok := o.(*types.Var); ok {
						stay(spec, o, nil)
						changed = true
					} else if us := specOf[ul]; us != nil && !hoist[us] {
						if _, ok := o.(*types.TypeName); ok && ul.from != nil {
							stay(spec, ul.from, o) // through that type
						} else {
							stay(spec, o, nil)
						}
						changed = true
					}
					return true
				})
			}
		}
	}
	for _, g := range groups {
		named := func(spec ast.Spec) bool {
			for _, id := range names(spec) {
				if id.Name != "_" {
					return true
				}
			}
			return false
		}
		all := true
		if g.whole {
			some := false
			for _, spec := range g.specs {
				all = all && hoist[spec]
				some = some || named(spec)
			}
			all = all && some
		}
		for _, spec := range g.specs {
			if !hoist[spec] || !all || !g.whole && !named(spec) {
				continue
			}
			l.hoistSpecs[spec] = true
			for _, id := range names(spec) {
				if lc := l.locals[l.r.info.Defs[id]]; lc != nil {
					lc.hoist = true
				}
			}
		}
	}
}

// markLoops marks the locals declared inside loops that await.
func (l *lowerer) markLoops() {
	type span struct{ from, to token.Pos }
	var loops []span
	ast.Inspect(l.fd.Body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			if l.hasAwait(n) {
				loops = append(loops, span{n.Pos(), n.End()})
			}
		}
		return true
	})
	for o, lc := range l.locals {
		for _, s := range loops {
			if o.Pos() >= s.from && o.Pos() < s.to {
				lc.inLoop = true
			}
		}
	}
}

// spelledNames returns the names that generated code may spell in any
// function of the file: the package's own, the spawn helpers, the
// predeclared ones, the file's imports and the generated file's aliases. It
// is computed once per file.
func (r *rewriter) spelledNames() map[string]bool {
	if r.spelled != nil {
		return r.spelled
	}
	m := map[string]bool{}
	for _, n := range r.pkg.Scope().Names() {
		m[n] = true
	}
	for _, n := range types.Universe.Names() {
		m[n] = true
	}
	for name := range r.pkgs.spawns {
		m[spawnHelper(name)] = true
	}
	for _, name := range r.aliases {
		m[name] = true
	}
	for _, imp := range r.file.Imports {
		if imp.Name != nil {
			m[imp.Name.Name] = true
		} else if pn, ok := r.info.Implicits[imp].(*types.PkgName); ok {
			m[pn.Name()] = true
		}
	}
	r.spelled = m
	return m
}

// markAddr marks the variable whose storage e denotes as escaping.
func (l *lowerer) markAddr(e ast.Expr) {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.SelectorExpr:
			if sel := l.r.info.Selections[x]; sel == nil || sel.Indirect() {
				return
			}
			if _, ok := l.typeOf(x.X).Underlying().(*types.Pointer); ok {
				return
			}
			e = x.X
		case *ast.IndexExpr:
			if _, ok := l.typeOf(x.X).Underlying().(*types.Array); !ok {
				return
			}
			e = x.X
		case *ast.Ident:
			if lc := l.locals[l.r.info.Uses[x]]; lc != nil {
				lc.escapes = true
			}
			return
		default:
			return
		}
	}
}

// nameTypeParams names the function's type parameters for generated code:
// each by its own name, but a blank one, which the frame type and Step must
// name, by a fresh name that nothing the function declares (locals keep
// their names), names or spells has, nor the names generated at package
// level, and which no local or temporary takes after.
func (l *lowerer) nameTypeParams(locals []types.Object) {
	l.tpNames = map[types.Object]string{}
	declared := map[string]bool{}
	for _, o := range locals {
		declared[o.Name()] = true
	}
	for _, tps := range []*types.TypeParamList{l.sig.TypeParams(), l.sig.RecvTypeParams()} {
		for tp := range tps.TypeParams() {
			name := tp.Obj().Name()
			if name == "_" {
				name = "T"
				for i := 1; declared[name] || l.baseNames[name] || l.fileNames[name] || l.r.pkgs.taken[name]; i++ {
					name = fmt.Sprintf("T_%d", i)
				}
				l.baseNames[name] = true
			}
			l.tpNames[tp.Obj()] = name
		}
	}
}

// uniqueName returns name, or name_N, unused so far in the function.
func (l *lowerer) uniqueName(name string) string {
	n := name
	for i := 1; l.baseNames[n] || l.fileNames[n]; i++ {
		n = fmt.Sprintf("%s_%d", name, i)
	}
	l.baseNames[n] = true
	return n
}

// fresh returns a name for a temporary of the current pass.
func (l *lowerer) fresh(stem string) string {
	n := stem
	for i := 1; l.tmpNames[n] || l.baseNames[n] || l.fileNames[n]; i++ {
		n = fmt.Sprintf("%s%d", stem, i)
	}
	l.tmpNames[n] = true
	return n
}

// typePackages calls add with the packages that the function's generated
// code may spell: those it names, and those of the types its expressions
// and declarations have, as the types are spelled (a named type by its
// name and type arguments), which is what types.TypeString qualifies.
func (l *lowerer) typePackages(add func(*types.Package)) {
	seen := map[types.Type]bool{}
	qualify := func(p *types.Package) string {
		if p != l.r.pkg {
			add(p)
		}
		return p.Name()
	}
	walk := func(t types.Type) {
		if t != nil && !seen[t] {
			seen[t] = true
			types.TypeString(t, qualify)
		}
	}
	ast.Inspect(l.fd, func(n ast.Node) bool {
		switch n := n.(type) {
		case ast.Expr:
			if tv, ok := l.r.info.Types[n]; ok {
				walk(tv.Type)
			}
			if id, ok := n.(*ast.Ident); ok {
				if o := l.r.info.Defs[id]; o != nil {
					walk(o.Type())
				}
				// e.Wrap of an import e "errors" is spelled errors.Wrap,
				// and Println of a dot import fmt.Println.
				switch o := l.r.info.Uses[id].(type) {
				case *types.PkgName:
					add(o.Imported())
				case nil:
				default:
					if o.Pkg() != nil && o.Parent() == o.Pkg().Scope() {
						qualify(o.Pkg())
					}
				}
			}
		}
		return true
	})
}
