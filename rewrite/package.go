package rewrite

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// Package is what the files of a package share while one run lowers them:
// the names generated so far, so that functions of different files whose
// names would make the same generated names (a and A, the method x.y and
// the function x_y) get different ones, and the functions that get a spawn
// helper.
//
// A spawn helper: for a function f that the package spawns directly, as
// runtime.Spawn(fAsync(args)) in an //async function, the generated file
// declares spawn_f, which makes the task and f's frame in one allocation
// (asyncimpl.Spawn), and every such runtime.Spawn compiles to a call of it
// rather than to runtime.SpawnOn of a coroutine whose frame was allocated
// on its own. Only plain functions qualify (not methods), and only where
// the helper's name is free: spawn_f is not declared in the package, and
// f's name holds neither "Frame" nor "Func", which the other generated
// names end in (so that no generated name can spell spawn_f). The helper
// is unexported even for an exported f.
type Package struct {
	spawns map[string]bool
	taken  map[string]bool // package-level names generated so far
	// source holds the package-level objects declared in the package's
	// source files (and stand-ins for its generated ones): its scope may
	// hold more, which the importer added from another package's export
	// data, compiled against the generated files as they were. Their
	// names are not the package's own.
	source map[types.Object]bool
}

// NewPackage prepares the lowering of async, the //async declarations of
// package pkg that one run lowers, in the order the run lowers their files.
// others are the package's //async declarations that another run lowers
// (the package proper's, when this run lowers its test files): the names
// they generate are kept free, so that Fetch in lib.go and fetch in
// lib_test.go do not both declare fetchFrame.
func NewPackage(pkg *types.Package, info *types.Info, async, others []*ast.FuncDecl) *Package {
	plain := map[string]bool{}
	for _, fd := range async {
		if fd.Recv == nil {
			plain[fd.Name.Name] = true
		}
	}
	p := &Package{spawns: map[string]bool{}, taken: map[string]bool{}, source: map[types.Object]bool{}}
	for _, obj := range info.Defs {
		if obj != nil && obj.Parent() == pkg.Scope() {
			p.source[obj] = true
		}
	}
	for _, fd := range others {
		// As their run names them (lowerer.run), with the names the
		// function declares standing for its locals.
		declared := map[string]bool{}
		ast.Inspect(fd, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id != fd.Name && info.Defs[id] != nil {
				declared[id.Name] = true
			}
			return true
		})
		stem := lower1(baseName(fd))
		p.name(pkg, stem+"Frame", declared)
		p.name(pkg, stem+"Func", declared)
	}
	for _, fd := range async {
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && isRuntimeFunc(info, call.Fun, "Spawn") {
				if name, _, ok := p.spawnedCall(pkg, info, call); ok && plain[name] {
					p.spawns[name] = true
				}
			}
			return true
		})
	}
	return p
}

// declared reports whether the package declares name.
func (p *Package) declared(pkg *types.Package, name string) bool {
	obj := pkg.Scope().Lookup(name)
	return obj != nil && (p.source == nil || p.source[obj])
}

// name returns a package-level name starting with stem that collides
// neither with the package's declarations, nor with names generated before
// in any of its files, nor with the names in avoid.
func (p *Package) name(pkg *types.Package, stem string, avoid map[string]bool) string {
	name := stem
	for i := 1; p.taken[name] || avoid[name] || p.declared(pkg, name); i++ {
		name = fmt.Sprintf("%s_%d", stem, i)
	}
	p.taken[name] = true
	return name
}

// Reserve keeps names free of the generated ones: package-level names
// that the package declares in files its type-checked form lacks, such as
// its in-package test files, which go test compiles with the generated
// files. A function whose spawn helper would take one gets no helper.
// Call it before the package's files are lowered.
func (p *Package) Reserve(names []string) {
	for _, n := range names {
		p.taken[n] = true
		if f, ok := strings.CutPrefix(n, spawnHelper("")); ok {
			delete(p.spawns, f)
		}
	}
}
