package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// refusals is what go generate refuses in the package of a pass: found once
// per package, for the rule that reports it ([Unsupported]) and the one that
// must not advise running go generate while it stands ([Generated]).
type refusals struct {
	pkg   []Problem                // PackageProblems
	list  []*AsyncFunc             // the //async functions of source files, in source order
	funcs map[*AsyncFunc][]Problem // Validate's or Precheck's problems of each
	errs  []types.Error            // the type errors go generate stops at, in source order
}

// all returns every problem, in source order.
func (r *refusals) all() []Problem {
	ps := append([]Problem(nil), r.pkg...)
	for _, af := range r.list {
		ps = append(ps, r.funcs[af]...)
	}
	sortProblems(ps)
	return ps
}

// blocking returns the problems that keep go generate from writing the
// code of af, in source order: asyncgen generates a package's files and its
// test files separately (test files see the package's declarations), and
// refuses all of either at the first problem.
func (r *refusals) blocking(fset *token.FileSet, af *AsyncFunc) []Problem {
	test := isTestFile(fset, af.Decl.Pos())
	var ps []Problem
	for _, p := range r.pkg {
		if test || !isTestFile(fset, p.Pos) {
			ps = append(ps, p)
		}
	}
	for _, fn := range r.list {
		if isTestFile(fset, fn.Decl.Pos()) == test {
			ps = append(ps, r.funcs[fn]...)
		}
	}
	sortProblems(ps)
	return ps
}

// typeErrors returns the type errors that keep go generate from writing
// the code of af, in source order: asyncgen type-checks a package before
// it generates its code, and the package with its tests before it
// generates theirs. Uses of an FAsync not generated yet are not among
// them: asyncgen's type check stands in for it.
func (r *refusals) typeErrors(fset *token.FileSet, af *AsyncFunc) []types.Error {
	test := isTestFile(fset, af.Decl.Pos())
	var errs []types.Error
	for _, e := range r.errs {
		if test || !isTestFile(fset, e.Pos) {
			errs = append(errs, e)
		}
	}
	return errs
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Pos < ps[j].Pos })
}

func isTestFile(fset *token.FileSet, pos token.Pos) bool {
	tf := fset.File(pos)
	return tf != nil && strings.HasSuffix(tf.Name(), "_test.go")
}

// refusals returns what go generate refuses in the package, found on first
// use.
func (x *Index) refusals() *refusals {
	x.refusalsOnce.Do(func() { x.refused = findRefusals(x.pass, x) })
	return x.refused
}

func findRefusals(pass *analysis.Pass, x *Index) *refusals {
	r := &refusals{funcs: map[*AsyncFunc][]Problem{}}
	for _, af := range x.List {
		if !isGenerated(pass.Fset, af.File) {
			r.list = append(r.list, af)
		}
	}
	if !x.uses {
		return r // nothing is //async, and no line marks anything
	}
	r.pkg = PackageProblems(pass.Fset, pass.Pkg, r.list, pass.Files...)
	errs := newTypeErrors(pass, x)
	r.errs = errs.other
	for _, af := range r.list {
		switch errs.check(af) {
		case declTypeChecks:
			r.funcs[af] = Validate(pass.Fset, pass.TypesInfo, af)
		case declLacksGenerated:
			r.funcs[af] = Precheck(pass.Fset, pass.TypesInfo, af)
		}
		// declHasErrors: the compiler's errors come first, and what the
		// function would be refused for cannot be told yet.
	}
	return r
}

// How far the declaration of an //async function type-checks, in a package
// with type errors.
const (
	declTypeChecks     = iota // no error in it, every expression typed
	declLacksGenerated        // its only errors are uses of FAsync that go generate has not written yet
	declHasErrors             // other errors
)

// typeErrors are the type errors of a package, told apart: those that only
// say that generated code is missing (undefined: FAsync for an //async F of
// the package without its generated file), which asyncgen's own type check
// does not have, and the others. Errors in asyncgen's own files, which its
// type check does not read either, are left out.
type typeErrors struct {
	info    *types.Info
	missing map[token.Pos]bool // errors at an undefined FAsync
	other   []types.Error      // in source order
}

func newTypeErrors(pass *analysis.Pass, x *Index) *typeErrors {
	e := &typeErrors{info: pass.TypesInfo, missing: map[token.Pos]bool{}}
	if len(pass.TypeErrors) == 0 {
		return e
	}
	names := map[string]bool{} // FAsync not declared
	for _, af := range x.List {
		if af.Obj != nil && asyncDecl(pass.Pkg, af) == nil {
			names[af.AsyncName()] = true
		}
	}
	// The statements around the undefined FAsync, where its knock-on
	// errors are too: must(runtime.Await(fAsync())) also has "not enough
	// arguments in call to must", at must.
	var spans [][2]token.Pos
	for _, f := range pass.Files {
		walkStack(f, func(n ast.Node, stack []ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && names[id.Name] && pass.TypesInfo.Uses[id] == nil && pass.TypesInfo.Defs[id] == nil {
				span := [2]token.Pos{id.Pos(), id.End()}
				for i := len(stack) - 1; i >= 0; i-- {
					if st, ok := stack[i].(ast.Stmt); ok {
						span = [2]token.Pos{st.Pos(), st.End()}
						break
					}
				}
				spans = append(spans, span)
			}
			return true
		})
	}
	outputs := asyncgenOutputs(pass)
	for _, te := range pass.TypeErrors {
		if outputs[pass.Fset.File(te.Pos)] {
			// asyncgen type-checks with stand-ins for its own files,
			// whose errors (a stale one's, placed in the source by its
			// //line directives) it replaces.
			continue
		}
		if slices.ContainsFunc(spans, func(s [2]token.Pos) bool { return s[0] <= te.Pos && te.Pos < s[1] }) {
			e.missing[te.Pos] = true
		} else {
			e.other = append(e.other, te)
		}
	}
	sort.SliceStable(e.other, func(i, j int) bool { return e.other[i].Pos < e.other[j].Pos })
	return e
}

// asyncgenOutputs returns the files of pass that asyncgen wrote: those
// whose first line is its header.
func asyncgenOutputs(pass *analysis.Pass) map[*token.File]bool {
	outputs := map[*token.File]bool{}
	for _, f := range pass.Files {
		if len(f.Comments) > 0 && f.Comments[0].Pos() < f.Package && f.Comments[0].List[0].Text == generatedHeader {
			outputs[pass.Fset.File(f.FileStart)] = true
		}
	}
	return outputs
}

// check tells how far the declaration of af type-checks.
func (e *typeErrors) check(af *AsyncFunc) int {
	if len(e.missing) == 0 && len(e.other) == 0 {
		return declTypeChecks
	}
	d := af.Decl
	for _, te := range e.other {
		if d.Pos() <= te.Pos && te.Pos < d.End() {
			return declHasErrors
		}
	}
	if af.Obj == nil {
		return declHasErrors
	}
	invalid := false
	ast.Inspect(d, func(n ast.Node) bool {
		if x, ok := n.(ast.Expr); ok && !invalid {
			if tv, ok := e.info.Types[x]; ok && tv.Type == types.Typ[types.Invalid] {
				invalid = true
			}
		}
		return !invalid
	})
	for pos := range e.missing {
		invalid = invalid || d.Pos() <= pos && pos < d.End()
	}
	if invalid {
		// The lowering needs every type; the checks before it do not.
		return declLacksGenerated
	}
	return declTypeChecks
}

// generateAdvice is what to do about generated code that is missing for
// af: run go generate, or first fix the type errors it would stop at, or
// what it would refuse.
func generateAdvice(pass *analysis.Pass, af *AsyncFunc) string {
	r := index(pass).refusals()
	if errs := r.typeErrors(pass.Fset, af); len(errs) > 0 {
		at := pass.Fset.Position(errs[0].Pos)
		x := index(pass)
		hint := CoroutineHint(pass.TypesInfo, pass.Pkg, pass.Files, errs[0].Pos, func(fn *types.Func) bool { return x.Fact(fn) != nil || HasCoroutine(fn) })
		return fmt.Sprintf("go generate stops at the package's type errors: first fix %s:%d: %s", filepath.Base(at.Filename), at.Line, WithHint(errs[0].Msg, hint))
	}
	ps := r.blocking(pass.Fset, af)
	if len(ps) == 0 {
		return "run go generate"
	}
	at := pass.Fset.Position(ps[0].Pos)
	advice := fmt.Sprintf("go generate refuses the package: first fix %s:%d: %s", filepath.Base(at.Filename), at.Line, ps[0].Message)
	switch n := len(ps) - 1; n {
	case 0:
	case 1:
		advice += " (and 1 more problem that unsupported reports)"
	default:
		advice += fmt.Sprintf(" (and %d more problems that unsupported reports)", n)
	}
	return advice
}

// CoroutineHint returns what to add to the type error at pos, of a package
// pkg whose files are checked into info, when it lies at a call F(...) of
// an //async function F passed where a coroutine or an awaitable is
// expected: to runtime.Await, Spawn, Gather, Run, or any parameter of type
// runtime.Awaitable or runtime.Coro. runtime.Await(fetch(1)) for
// runtime.Await(fetchAsync(1)) is then the error, whichever the compiler
// reports (too many arguments, a type mismatch, no value used as a value):
// the hint says that F is //async and spells the call that makes its
// coroutine, "; fetch is //async: runtime.Await takes its coroutine,
// fetchAsync(1)". async reports whether a function is //async (its FAsync
// may be missing yet, as [HasCoroutine] would tell). It returns "" for any
// other error.
func CoroutineHint(info *types.Info, pkg *types.Package, files []*ast.File, pos token.Pos, async func(*types.Func) bool) string {
	hint := ""
	for _, f := range files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil || hint != "" || pos < n.Pos() || pos >= n.End() {
				return false
			}
			outer, ok := n.(*ast.CallExpr)
			if !ok || outer.Ellipsis.IsValid() {
				return true
			}
			for i, arg := range outer.Args {
				call, ok := ast.Unparen(arg).(*ast.CallExpr)
				if !ok || arg.Pos() != pos && call.Pos() != pos || !awaitableParam(info, outer, i) {
					continue
				}
				fn, _ := info.Uses[calleeIdent(call.Fun)].(*types.Func)
				if fn == nil || !async(fn.Origin()) {
					continue
				}
				coro := types.ExprString(&ast.CallExpr{Fun: asyncCallee(call.Fun), Args: call.Args, Ellipsis: call.Ellipsis})
				if len(coro) > 60 {
					coro = types.ExprString(asyncCallee(call.Fun)) + "(...)"
				}
				hint = fmt.Sprintf("; %s is //async: %s takes its coroutine, %s", qualifiedFuncName(fn, pkg), types.ExprString(outer.Fun), coro)
				return false
			}
			return true
		})
	}
	return hint
}

// awaitableParam reports whether argument i of call is passed for a
// parameter whose type is a coroutine or an awaitable.
func awaitableParam(info *types.Info, call *ast.CallExpr, i int) bool {
	var sig *types.Signature
	if fn := calleeFunc(info, call); fn != nil {
		// The generic signature: a call whose type arguments cannot be
		// inferred has no instance.
		sig = fn.Origin().Signature()
	} else if tv, ok := info.Types[call.Fun]; ok && tv.Type != nil {
		sig, _ = tv.Type.Underlying().(*types.Signature)
	}
	if sig == nil {
		return false
	}
	params := sig.Params()
	var t types.Type
	switch n := params.Len(); {
	case sig.Variadic() && i >= n-1:
		s, ok := params.At(n - 1).Type().Underlying().(*types.Slice)
		if !ok {
			return false
		}
		t = s.Elem()
	case i < n:
		t = params.At(i).Type()
	default:
		return false
	}
	return isAwaitable(t)
}

// asyncCallee is fun, the callee of a call of F (f, x.f, pkg.f, f[T]),
// naming FAsync instead.
func asyncCallee(fun ast.Expr) ast.Expr {
	switch e := fun.(type) {
	case *ast.ParenExpr:
		return &ast.ParenExpr{X: asyncCallee(e.X)}
	case *ast.Ident:
		return ast.NewIdent(AsyncName(e.Name))
	case *ast.SelectorExpr:
		return &ast.SelectorExpr{X: e.X, Sel: ast.NewIdent(AsyncName(e.Sel.Name))}
	case *ast.IndexExpr:
		return &ast.IndexExpr{X: asyncCallee(e.X), Index: e.Index}
	case *ast.IndexListExpr:
		return &ast.IndexListExpr{X: asyncCallee(e.X), Indices: e.Indices}
	}
	return fun
}

// qualifiedFuncName names fn as code of package pkg does: F or T.M, with
// the package's name before it when fn is another package's.
func qualifiedFuncName(fn *types.Func, pkg *types.Package) string {
	name := funcName(fn)
	if fn.Pkg() != nil && (pkg == nil || fn.Pkg().Path() != pkg.Path()) {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// HasCoroutine reports whether fn has its FAsync beside it, as an //async
// function has once generated (or stood in for by asyncgen's type check): a
// function of its package, or a method of its receiver, that returns a
// runtime.Coro.
func HasCoroutine(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	name := AsyncName(fn.Name())
	var obj types.Object
	if recv := fn.Signature().Recv(); recv != nil {
		obj, _, _ = types.LookupFieldOrMethod(recv.Type(), true, fn.Pkg(), name)
	} else {
		obj = fn.Pkg().Scope().Lookup(name)
	}
	af, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	res := af.Signature().Results()
	return res.Len() == 1 && isCoro(res.At(0).Type())
}

// WithHint adds hint to the first line of msg, a type error's message,
// ahead of the lines that detail it (have, want).
func WithHint(msg, hint string) string {
	first, rest, ok := strings.Cut(msg, "\n")
	if !ok {
		return msg + hint
	}
	return first + hint + "\n" + rest
}
