package rewrite

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/dave/jennifer/jen"
)

// Spawns names the //async functions of a package that it spawns directly,
// as runtime.Spawn(fAsync(args)). For each, the generated file declares
// fSpawn, which makes the task and f's frame in one allocation
// (asyncimpl.Spawn), and every such runtime.Spawn compiles to a call of it
// rather than to runtime.SpawnOn of a coroutine whose frame was allocated
// on its own.
//
// Only plain functions qualify (not methods), and only where the helper's
// name is free: fSpawn is not declared in the package, and f's name holds
// no "Frame_", the one pattern of the other generated names that could
// spell it. The caller's file and f's file decide the same from the
// package alone, so the two always agree.
type Spawns map[string]bool

// FindSpawns returns the functions among async, the package's //async
// declarations, that are spawned directly in files, the package's files.
func FindSpawns(pkg *types.Package, info *types.Info, files []*ast.File, async []*ast.FuncDecl) Spawns {
	plain := map[string]bool{}
	for _, fd := range async {
		if fd.Recv == nil {
			plain[fd.Name.Name] = true
		}
	}
	out := Spawns{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && isRuntimeFunc(info, call.Fun, "Spawn") {
				if name, _, ok := spawnedCall(pkg, info, call); ok && plain[name] {
					out[name] = true
				}
			}
			return true
		})
	}
	return out
}

// spawnedCall returns, for runtime.Spawn(fAsync(args)) with f a plain
// function of pkg whose helper name is free, f's name and the call
// fAsync(args).
func spawnedCall(pkg *types.Package, info *types.Info, spawn *ast.CallExpr) (string, *ast.CallExpr, bool) {
	if len(spawn.Args) != 1 {
		return "", nil, false
	}
	inner, ok := spawn.Args[0].(*ast.CallExpr)
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
	name, ok := strings.CutSuffix(fn.Name(), "Async")
	if !ok || name == "" || strings.Contains(name, "Frame_") || pkg.Scope().Lookup(spawnHelper(name)) != nil {
		return "", nil, false
	}
	return name, inner, true
}

// calleeIdent returns the identifier a call's function is, possibly
// instantiated explicitly, and the type arguments.
func calleeIdent(fun ast.Expr) (*ast.Ident, []ast.Expr) {
	switch f := fun.(type) {
	case *ast.Ident:
		return f, nil
	case *ast.IndexExpr:
		if id, ok := f.X.(*ast.Ident); ok {
			return id, []ast.Expr{f.Index}
		}
	case *ast.IndexListExpr:
		if id, ok := f.X.(*ast.Ident); ok {
			return id, f.Indices
		}
	}
	return nil, nil
}

// spawnHelper is the name of the helper that spawns f.
func spawnHelper(f string) string { return f + "Spawn" }

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
// fAsync(args) for a function f of Spawns, else runtime.SpawnOn on the
// task's loop.
func (l *lowerer) spawn(e *ast.CallExpr) *jen.Statement {
	if name, inner, ok := spawnedCall(l.r.pkg, l.r.info, e); ok && l.r.spawns[name] {
		fun := jen.Id(spawnHelper(name))
		if _, targs := calleeIdent(inner.Fun); len(targs) > 0 {
			fun = fun.Index(l.exprs(targs)...)
		}
		return fun.Call(append([]jen.Code{jen.Id(l.task)}, l.args(inner)...)...)
	}
	loop := jen.Id(l.task).Dot("Loop").Call().Assert(jen.Op("*").Qual(runtimePath, "Loop"))
	return jen.Qual(runtimePath, "SpawnOn").Call(append([]jen.Code{loop}, l.args(e)...)...)
}
