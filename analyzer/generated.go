package analyzer

import (
	"go/ast"
	"go/types"
	"path/filepath"

	"golang.org/x/tools/go/analysis"
)

// Generated reports //async functions whose generated code is missing or
// stale: the package declares no FAsync for an //async F, or uses an FAsync
// that does not exist yet, or a generated file's stamp (the hash of its
// source in its second line) no longer matches the source. The fix is to run
// go generate, unless go generate would stop at a type error of the package
// or refuse it: then the diagnostic says what to fix first (the first type
// error, or what [Unsupported] reports).
var Generated = &analysis.Analyzer{
	Name:             "generated",
	Doc:              "report missing or stale generated code\n\nFor each //async function F, go generate writes FAsync into a file\nnamed after F's file with the suffix _async.go, stamped with a hash of\nthe source. When FAsync is missing, or the source changed since, the fix\nis to run go generate, or first to fix what go generate refuses.",
	URL:              "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#Generated",
	Requires:         []*analysis.Analyzer{Funcs},
	Run:              runGenerated,
	RunDespiteErrors: true,
}

func runGenerated(pass *analysis.Pass) (any, error) {
	x := index(pass)
	missing := map[string]*AsyncFunc{} // FAsync names not declared, until a use is reported
	for _, af := range x.List {
		if af.Obj == nil || isGenerated(pass.Fset, af.File) || neverGenerated(af) {
			continue
		}
		if asyncDecl(pass.Pkg, af) != nil {
			continue
		}
		if missing[af.AsyncName()] == nil {
			missing[af.AsyncName()] = af
		}
		pass.Report(analysis.Diagnostic{
			Pos: af.Decl.Name.Pos(), End: af.Decl.Name.End(), Category: "generated",
			Message: "generated code for async function " + af.Name() + " is missing (no " + af.AsyncName() + "): " + generateAdvice(pass, af),
		})
	}
	stale(pass, x)
	if len(missing) == 0 {
		return nil, nil
	}
	// Uses of a missing FAsync do not type-check; say once what brings it.
	for _, f := range sourceFiles(pass) {
		ast.Inspect(f, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || missing[id.Name] == nil || pass.TypesInfo.Uses[id] != nil || pass.TypesInfo.Defs[id] != nil {
				return true
			}
			af := missing[id.Name]
			missing[id.Name] = nil
			pass.Report(analysis.Diagnostic{
				Pos: id.Pos(), End: id.End(), Category: "generated",
				Message: id.Name + " is not generated yet: " + generateAdvice(pass, af),
			})
			return true
		})
	}
	return nil, nil
}

// neverGenerated reports whether go generate can never write FAsync for af,
// which [Precheck] refuses as //async whatever else changes: init, main in
// package main, a function named _ or without a body. The refusal is all
// there is to report.
func neverGenerated(af *AsyncFunc) bool {
	d := af.Decl
	if d.Body == nil || d.Name.Name == "_" {
		return true
	}
	pkg := af.Obj.Pkg()
	return d.Recv == nil && (d.Name.Name == "init" || d.Name.Name == "main" && pkg != nil && pkg.Name() == "main")
}

// asyncDecl returns the FAsync function or method generated for af, or nil.
func asyncDecl(pkg *types.Package, af *AsyncFunc) *types.Func {
	sig := af.Sig()
	if sig == nil {
		return nil
	}
	if recv := sig.Recv(); recv != nil {
		obj, index, _ := types.LookupFieldOrMethod(recv.Type(), true, pkg, af.AsyncName())
		fn, _ := obj.(*types.Func)
		if len(index) > 1 {
			// Promoted from an embedded type: another method, not the
			// one asyncgen writes for af, which is missing.
			return nil
		}
		return fn
	}
	fn, _ := pkg.Scope().Lookup(af.AsyncName()).(*types.Func)
	return fn
}

// stale reports generated files whose stamp does not match their source, at
// the first //async function of the source, or at the generated file's
// package clause when the source declares none any more. A source is named
// as its author wrote it, also when the pass has cmd/cgo's copy of it.
func stale(pass *analysis.Pass, x *Index) {
	first := map[string]*AsyncFunc{} // source file name → its first //async function
	for _, af := range x.List {
		name := fileName(pass.Fset, af.File)
		if first[name] == nil {
			first[name] = af
		}
	}
	for _, f := range pass.Files {
		gen := pass.Fset.File(f.FileStart).Name()
		st, ok := readStamp(gen, f)
		if !ok {
			continue
		}
		af := first[st.source]
		if af == nil {
			pass.Report(analysis.Diagnostic{
				Pos: f.Name.Pos(), End: f.Name.End(), Category: "generated",
				Message: filepath.Base(gen) + " was generated from " + filepath.Base(st.source) + ", which declares no //async function now: run go generate",
			})
			continue
		}
		src, err := readSource(pass, af.File)
		if err == nil && SourceSum(src) == st.sum {
			continue
		}
		pass.Report(analysis.Diagnostic{
			Pos: af.Decl.Name.Pos(), End: af.Decl.Name.End(), Category: "generated",
			Message: "generated file " + filepath.Base(gen) + " is stale (" + filepath.Base(st.source) + " changed since): " + generateAdvice(pass, af),
		})
	}
}
