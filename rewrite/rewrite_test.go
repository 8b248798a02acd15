package rewrite_test

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/go/packages"

	"github.com/asyncgen/asyncgen/rewrite"
)

var update = flag.Bool("update", false, "update golden files")

// loaded holds the packages the test inputs import, type-checked once.
var (
	loadOnce sync.Once
	loadErr  error
	imported = map[string]*types.Package{}
)

// stdImports are the packages test inputs may import.
var stdImports = []string{
	"github.com/asyncgen/asyncgen/runtime", "fmt", "errors", "iter", "time",
	"strings", "sort", "slices", "maps", "strconv", "context", "io", "os", "sync",
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func loadImports() error {
	loadOnce.Do(func() {
		cfg := &packages.Config{Mode: packages.NeedTypes | packages.NeedName | packages.NeedImports | packages.NeedDeps}
		pkgs, err := packages.Load(cfg, stdImports...)
		if err != nil {
			loadErr = err
			return
		}
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			if p.Types != nil {
				imported[p.PkgPath] = p.Types
			}
		})
	})
	return loadErr
}

// input is a type-checked test input.
type input struct {
	fset  *token.FileSet
	pkg   *types.Package
	info  *types.Info
	file  *ast.File
	funcs []*ast.FuncDecl
}

func check(t testing.TB, filename string, src []byte) *input {
	t.Helper()
	if err := loadImports(); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Instances:  map[*ast.Ident]types.Instance{},
		// A file's //go:build go1.N line sets its version.
		FileVersions: map[*ast.File]string{},
	}
	// The source calls the FAsync functions that the generated file will
	// declare: type-check it with signature-only stubs of them.
	stub := stubFile(t, fset, f)
	files := []*ast.File{f}
	if stub != nil {
		files = append(files, stub)
	}
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if p := imported[path]; p != nil {
				return p, nil
			}
			return nil, os.ErrNotExist
		}),
		GoVersion: "go1.26",
	}
	pkg, err := conf.Check("example.com/"+f.Name.Name, fset, files, info)
	if err != nil {
		t.Fatalf("type-checking %s: %v", filename, err)
	}
	return &input{fset: fset, pkg: pkg, info: info, file: f, funcs: asyncFuncs(f)}
}

// asyncFuncs returns the functions whose doc comment has a line //async.
func asyncFuncs(f *ast.File) []*ast.FuncDecl {
	var out []*ast.FuncDecl
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Doc == nil {
			continue
		}
		for _, c := range fd.Doc.List {
			if c.Text == "//async" || c.Text == "// async" {
				out = append(out, fd)
				break
			}
		}
	}
	return out
}

// stubFile declares FAsync for each //async function of f, with a body that
// panics, so that f type-checks before generation.
func stubFile(t testing.TB, fset *token.FileSet, f *ast.File) *ast.File {
	var b strings.Builder
	b.WriteString("package " + f.Name.Name + "\n")
	b.WriteString("import __rt \"github.com/asyncgen/asyncgen/runtime\"\n")
	n := 0
	for _, imp := range f.Imports {
		name := ""
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "_" || name == "." {
			continue
		}
		b.WriteString("import " + name + " " + imp.Path.Value + "\n")
	}
	for _, fd := range asyncFuncs(f) {
		n++
		b.WriteString("func ")
		if fd.Recv != nil {
			b.WriteString("(" + nodeString(fset, fd.Recv.List[0].Type) + ") ")
		}
		b.WriteString(fd.Name.Name + "Async")
		if fd.Type.TypeParams != nil {
			b.WriteString("[" + fieldsString(fset, fd.Type.TypeParams) + "]")
		}
		b.WriteString("(" + fieldsString(fset, fd.Type.Params) + ") __rt.Coro[")
		res := fd.Type.Results
		switch {
		case res == nil || len(res.List) == 0:
			b.WriteString("struct{}")
		case res.NumFields() == 1 && nodeString(fset, res.List[0].Type) == "error":
			b.WriteString("struct{}")
		default:
			b.WriteString(nodeString(fset, res.List[0].Type))
		}
		b.WriteString("] { panic(0) }\n")
	}
	if n == 0 {
		return nil
	}
	for _, imp := range f.Imports {
		if imp.Name == nil || imp.Name.Name != "_" {
			p, _ := strconv.Unquote(imp.Path.Value)
			_ = p
		}
	}
	sf, err := parser.ParseFile(fset, "stub.go", b.String(), 0)
	if err != nil {
		t.Fatalf("stub: %v\n%s", err, b.String())
	}
	// Drop imports the stub does not use.
	var used = map[string]bool{"__rt": true}
	ast.Inspect(sf, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	var decls []ast.Decl
	for _, d := range sf.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			sp := gd.Specs[0].(*ast.ImportSpec)
			name := ""
			if sp.Name != nil {
				name = sp.Name.Name
			} else {
				p, _ := strconv.Unquote(sp.Path.Value)
				name = filepath.Base(p)
			}
			if !used[name] {
				continue
			}
		}
		decls = append(decls, d)
	}
	sf.Decls = decls
	sf.Imports = nil
	return sf
}

func nodeString(fset *token.FileSet, n ast.Node) string {
	var b strings.Builder
	if err := printerFprint(&b, fset, n); err != nil {
		panic(err)
	}
	return b.String()
}

func fieldsString(fset *token.FileSet, fl *ast.FieldList) string {
	var parts []string
	for _, f := range fl.List {
		var names []string
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
		s := nodeString(fset, f.Type)
		if len(names) > 0 {
			s = strings.Join(names, ", ") + " " + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// generate runs the rewriter on a test input file.
func generate(t testing.TB, path string) (src, gen []byte, err error) {
	t.Helper()
	src, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in := check(t, filepath.Base(path), src)
	gen, err = rewrite.File(in.fset, in.pkg, in.info, in.file, in.funcs, rewrite.NewPackage(in.pkg, in.info, in.funcs, nil))
	return src, gen, err
}

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.go")
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".go")
		t.Run(name, func(t *testing.T) {
			_, gen, err := generate(t, path)
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(path, ".go") + ".golden"
			if *update {
				if err := os.WriteFile(golden, gen, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(gen)); diff != "" {
				got := golden + ".got"
				os.WriteFile(got, gen, 0o644)
				t.Errorf("generated code mismatch (-want +got), written to %s:\n%s", got, diff)
			}
		})
	}
}

// TestDeterministic generates every input twice, from separate
// type-checks, and expects the same bytes.
func TestDeterministic(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.go")
	for _, path := range files {
		_, a, err1 := generate(t, path)
		_, b, err2 := generate(t, path)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v, %v", path, err1, err2)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: output differs between runs", path)
		}
	}
}

// TestFrameFields checks which variables the generated frames of
// testdata/layout.go hold: those live across an await, and no others.
func TestFrameFields(t *testing.T) {
	_, gen, err := generate(t, "testdata/layout.go")
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "layout_async.go", gen, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		if st, ok := ts.Type.(*ast.StructType); ok {
			for _, fl := range st.Fields.List {
				for _, name := range fl.Names {
					got[ts.Name.Name] = append(got[ts.Name.Name], name.Name)
				}
			}
		}
		return false
	})
	want := map[string][]string{
		"layoutFrame":     {"n", "kept", "i_1", "aw"},
		"headAssignFrame": {"words", "sum", "v", "i", "r", "aw"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("frame fields (-want +got):\n%s", diff)
	}
}
