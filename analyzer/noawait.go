package analyzer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// NoAwait warns about an //async function whose body never calls
// runtime.Await or runtime.Spawn: it cannot suspend, so making it a
// coroutine only costs a frame and makes every caller await it.
var NoAwait = &analysis.Analyzer{
	Name:     "noawait",
	Doc:      "warn about //async functions that never await\n\nAn //async function with no runtime.Await (or runtime.Spawn) in its own\nbody never suspends. This is a warning: drop the //async line and call\nthe function directly, unless it must be a coroutine for its callers.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#NoAwait",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runNoAwait,
}

func runNoAwait(pass *analysis.Pass) (any, error) {
	pass = rulePass(pass, "noawait")
	var uses map[types.Object][]bool // per FAsync: is each use a direct await
	var ifaces map[string]bool       // names of the methods of interfaces in the package
	var testNames map[string]bool    // identifiers of the package's tests, if this pass lacks them
	asyncBodies(pass, func(af *AsyncFunc) {
		if containsIntrinsic(pass.TypesInfo, af.Decl.Body, "") != nil {
			return
		}
		if uses == nil {
			uses = coroutineUses(pass)
		}
		if obj := asyncDecl(pass.Pkg, af); obj != nil {
			obj = obj.Origin() // a method of a generic type: as uses keys it
			// Only a function whose coroutine is never anything but awaited
			// on the spot may drop //async: one spawned, gathered, passed
			// as a handler or kept must stay a coroutine. So must a
			// method whose coroutine may satisfy an interface.
			if obj.Type().(*types.Signature).Recv() != nil {
				if ifaces == nil {
					ifaces = interfaceMethods(pass.TypesInfo)
				}
				if ifaces[obj.Name()] {
					return
				}
			}
			if obj.Exported() {
				return // other packages may use its coroutine as they like
			}
			for _, direct := range uses[obj] {
				if !direct {
					return
				}
			}
			if testNames == nil {
				// The directory of the file as written: a pass has
				// files of cmd/cgo's in the build cache too.
				testNames = unseenTestNames(pass, filepath.Dir(fileName(pass.Fset, af.File)))
			}
			if testNames[obj.Name()] {
				return // the pass that includes the tests decides
			}
		}
		pass.Report(analysis.Diagnostic{
			Pos: af.Decl.Name.Pos(), End: af.Decl.Name.End(), Category: "noawait",
			Message: "async function " + af.Name() + " never awaits (warning): drop //async and call it directly, or await something",
		})
	})
	return nil, nil
}

// coroutineUses maps each function or method of the package to whether
// each of its uses is a call whose result runtime.Await takes at once.
func coroutineUses(pass *analysis.Pass) map[types.Object][]bool {
	uses := map[types.Object][]bool{}
	for _, f := range sourceFiles(pass) { // not the generated code, which calls FAsync to await it

		walkStack(f, func(n ast.Node, stack []ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			obj, ok := pass.TypesInfo.Uses[id].(*types.Func)
			if !ok {
				return true
			}
			obj = obj.Origin()
			var fun ast.Node = id
			i := len(stack) - 1
			if i >= 0 {
				if sel, ok := stack[i].(*ast.SelectorExpr); ok && sel.Sel == id {
					fun, i = sel, i-1
				}
			}
			for i >= 0 {
				if _, ok := stack[i].(*ast.IndexExpr); !ok {
					if _, ok := stack[i].(*ast.IndexListExpr); !ok {
						break
					}
				}
				fun, i = stack[i], i-1 // fAsync[T]
			}
			direct := false
			if i >= 1 {
				call, ok := stack[i].(*ast.CallExpr)
				await, ok2 := stack[i-1].(*ast.CallExpr)
				direct = ok && ok2 && call.Fun == fun && len(await.Args) == 1 && await.Args[0] == call &&
					isFunc(calleeFunc(pass.TypesInfo, await), RuntimePath, "Await")
			}
			uses[obj] = append(uses[obj], direct)
			return true
		})
	}
	return uses
}

// interfaceMethods returns the names of the methods of the interface types
// that the package's expressions have or spell, or take or give: the
// parameters and results of the functions they call, the fields of the
// structs they make, the elements of their slices, maps and channels. A
// method of that name may satisfy one of them, even of another package
// (lib.Register(echo{}) with Register taking a lib.Handler).
func interfaceMethods(info *types.Info) map[string]bool {
	names := map[string]bool{}
	seen := map[types.Type]bool{}
	var add func(t types.Type, depth int)
	add = func(t types.Type, depth int) {
		if t == nil || depth > 2 || seen[t] {
			return
		}
		seen[t] = true
		switch u := t.Underlying().(type) {
		case *types.Interface:
			for m := range u.Methods() {
				names[m.Name()] = true
			}
		case *types.Signature:
			for v := range u.Params().Variables() {
				add(v.Type(), depth+1)
			}
			for v := range u.Results().Variables() {
				add(v.Type(), depth+1)
			}
		case *types.Struct:
			for f := range u.Fields() {
				add(f.Type(), depth+1)
			}
		case *types.Slice:
			add(u.Elem(), depth+1)
		case *types.Array:
			add(u.Elem(), depth+1)
		case *types.Map:
			add(u.Key(), depth+1)
			add(u.Elem(), depth+1)
		case *types.Chan:
			add(u.Elem(), depth+1)
		case *types.Pointer:
			add(u.Elem(), depth+1)
		}
	}
	for _, tv := range info.Types {
		add(tv.Type, 0)
	}
	// The constraints of the generic functions and types the package
	// instantiates: a type argument's FAsync may be what one asks for.
	for id := range info.Instances {
		params := typeParamsOf(info.Uses[id])
		for i := range params.Len() {
			add(params.At(i).Constraint(), 0)
		}
	}
	return names
}

// unseenTestNames returns the identifiers of the package's own _test.go
// files when the pass lacks them: a standalone asyncvet checks a package
// without its tests as well as with them. A coroutine that a test uses may
// have to stay one (runtime.Run(fAsync())), which only the pass that
// includes the tests can tell from a direct await: this one leaves the
// function to it. It returns an empty map when the pass has the tests, or
// there are none. It reads the files on disk in dir, the package's
// directory, whatever their build tags (and not an editor's unsaved text),
// and matches names alone: both can only make it warn less.
func unseenTestNames(pass *analysis.Pass, dir string) map[string]bool {
	names := map[string]bool{}
	for _, f := range pass.Files {
		if strings.HasSuffix(pass.Fset.File(f.FileStart).Name(), "_test.go") {
			return names
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return names
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil || f.Name.Name != pass.Pkg.Name() { // an external test sees only exported names
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				names[id.Name] = true
			}
			return true
		})
	}
	return names
}
