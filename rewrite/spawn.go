package rewrite

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/dave/jennifer/jen"
)

// spawnedCall returns, for runtime.Spawn(fAsync(args)) with f a plain
// function of pkg whose helper name the package p lowers does not declare,
// f's name and the call fAsync(args).
func (p *Package) spawnedCall(pkg *types.Package, info *types.Info, spawn *ast.CallExpr) (string, *ast.CallExpr, bool) {
	if len(spawn.Args) != 1 {
		return "", nil, false
	}
	inner, ok := ast.Unparen(spawn.Args[0]).(*ast.CallExpr)
	if !ok {
		return "", nil, false
	}
	id, _ := calleeIdent(inner.Fun)
	if id == nil {
		return "", nil, false
	}
	fn, ok := info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() != pkg || fn.Type().(*types.Signature).Recv() != nil {
		return "", nil, false
	}
	if len(inner.Args) == 1 {
		if _, multi := info.TypeOf(inner.Args[0]).(*types.Tuple); multi {
			return "", nil, false // fAsync(g()): the helper's task comes first
		}
	}
	name, ok := strings.CutSuffix(fn.Name(), "Async")
	if !ok || name == "" || strings.Contains(name, "Frame") || strings.Contains(name, "Func") ||
		p.declared(pkg, spawnHelper(name)) {
		return "", nil, false
	}
	return name, inner, true
}

// calleeIdent returns the identifier a call's function is, possibly
// instantiated explicitly, and the type arguments.
func calleeIdent(fun ast.Expr) (*ast.Ident, []ast.Expr) {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return f, nil
	case *ast.IndexExpr:
		if id, ok := ast.Unparen(f.X).(*ast.Ident); ok {
			return id, []ast.Expr{f.Index}
		}
	case *ast.IndexListExpr:
		if id, ok := ast.Unparen(f.X).(*ast.Ident); ok {
			return id, f.Indices
		}
	}
	return nil, nil
}

// spawnHelper is the name of the helper that spawns f.
func spawnHelper(f string) string { return "spawn_" + f }

// isRuntimeFunc reports whether fun names the function name of package
// runtime, possibly instantiated explicitly.
func isRuntimeFunc(info *types.Info, fun ast.Expr, name string) bool {
	switch f := fun.(type) {
	case *ast.ParenExpr:
		return isRuntimeFunc(info, f.X, name)
	case *ast.IndexExpr:
		return isRuntimeFunc(info, f.X, name)
	case *ast.SelectorExpr:
		return isRuntimeObj(info.Uses[f.Sel], name)
	case *ast.Ident:
		return isRuntimeObj(info.Uses[f], name)
	}
	return false
}

func isRuntimeObj(o types.Object, name string) bool {
	fn, ok := o.(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == runtimePath && fn.Name() == name
}

// spawn spells runtime.Spawn(c): a call of the spawn helper when c is
// fAsync(args) for a function f with a helper, else runtime.SpawnOn on the
// task's loop.
func (l *lowerer) spawn(e *ast.CallExpr) *jen.Statement {
	if name, inner, ok := l.r.pkgs.spawnedCall(l.r.pkg, l.r.info, e); ok && l.r.pkgs.spawns[name] {
		fun := jen.Id(spawnHelper(name))
		if _, targs := calleeIdent(inner.Fun); len(targs) > 0 {
			fun = fun.Types(l.exprs(targs)...)
		}
		return fun.Call(append([]jen.Code{jen.Id(l.task)}, l.args(inner)...)...)
	}
	loop := jen.Id(l.task).Dot("Loop").Call().Assert(jen.Op("*").Qual(runtimePath, "Loop"))
	return jen.Qual(runtimePath, "SpawnOn").Call(append([]jen.Code{loop}, l.args(e)...)...)
}
