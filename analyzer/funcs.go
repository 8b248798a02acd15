package analyzer

import (
	"go/ast"
	"go/types"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// AsyncFact marks a function as //async, so that packages importing it know
// that F must be called as runtime.Await(FAsync(...)). It is exported for
// every //async function by [Funcs].
type AsyncFact struct {
	Shape Shape // the shape of F's results
}

// AFact marks AsyncFact as an [analysis.Fact].
func (*AsyncFact) AFact() {}

func (f *AsyncFact) String() string { return "async " + f.Shape.String() }

// Funcs finds the //async functions of a package, exports an [AsyncFact]
// for each and returns an [*Index] that the rules share. It reports nothing.
var Funcs = &analysis.Analyzer{
	Name:             "asyncfuncs",
	Doc:              "find //async functions and export a fact for each",
	URL:              "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer",
	Run:              runFuncs,
	RunDespiteErrors: true,
	FactTypes:        []analysis.Fact{new(AsyncFact)},
	ResultType:       reflect.TypeFor[*Index](),
}

// Index is the result of [Funcs]: the package's //async functions, and a
// lookup that also answers for functions of imported packages through facts.
type Index struct {
	List  []*AsyncFunc // this package's //async functions, in source order
	uses  bool         // see usesAsyncgen: else List is empty
	pass  *analysis.Pass
	decls map[*ast.FuncDecl]*AsyncFunc
	objs  map[*types.Func]*AsyncFunc

	refusalsOnce sync.Once // the rules run concurrently
	refused      *refusals
}

func runFuncs(pass *analysis.Pass) (any, error) {
	x := &Index{pass: pass, decls: map[*ast.FuncDecl]*AsyncFunc{}, objs: map[*types.Func]*AsyncFunc{}}
	x.uses = usesAsyncgen(pass.Files)
	if !x.uses {
		return x, nil // its "// async" lines are prose
	}
	x.List = FindAsync(pass.Files, pass.TypesInfo)
	for _, fn := range x.List {
		x.decls[fn.Decl] = fn
		if fn.Obj != nil {
			x.objs[fn.Obj] = fn
			pass.ExportObjectFact(fn.Obj, &AsyncFact{Shape: fn.Shape})
		}
	}
	return x, nil
}

// Decl returns the //async function declared by d, or nil when d is not
// //async.
func (x *Index) Decl(d *ast.FuncDecl) *AsyncFunc { return x.decls[d] }

// Fact returns the fact of fn (or of the generic function or method it
// instantiates) when fn is //async, in this package or an imported one.
func (x *Index) Fact(fn *types.Func) *AsyncFact {
	if fn == nil {
		return nil
	}
	fn = fn.Origin()
	if fn.Pkg() == nil {
		return nil
	}
	if af := x.objs[fn]; af != nil {
		return &AsyncFact{Shape: af.Shape}
	}
	var f AsyncFact
	if fn.Pkg() != x.pass.Pkg && x.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// usesAsyncgen reports whether a package, of files, is one that asyncgen
// compiles: a file imports the runtime (or a package under it), runs
// asyncgen from a //go:generate line, or is asyncgen's output. In any other
// package a line "// async" is prose, as in much plain Go code ("// async"
// above a go statement or a function that starts one): its functions are
// not //async and its lines mark nothing, so no rule reports on them. An
// //async function awaits through the runtime, so a package that has one
// imports it, or is set up for go generate, before it could be refused.
func usesAsyncgen(files []*ast.File) bool {
	for _, f := range files {
		if isOutput(f) {
			return true
		}
		for _, imp := range f.Imports {
			if p, err := strconv.Unquote(imp.Path.Value); err == nil && IsRuntimePath(p) {
				return true
			}
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if IsGenerateLine(c.Text) {
					return true
				}
			}
		}
	}
	return false
}

// IsRuntimePath reports whether the import path p is the runtime's or that
// of a package under it.
func IsRuntimePath(p string) bool {
	return p == RuntimePath || strings.HasPrefix(p, RuntimePath+"/")
}

// IsGenerateLine reports whether line, a comment, is a //go:generate line
// that runs asyncgen.
func IsGenerateLine(line string) bool {
	cmd, ok := strings.CutPrefix(line, "//go:generate ")
	return ok && strings.Contains(cmd, "asyncgen")
}
