package analyzer_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/asyncgen/asyncgen/analyzer"
)

// check type-checks src as package p, importing the real runtime from source.
func check(t *testing.T, src string) (*token.FileSet, *ast.File, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Instances:  map[*ast.Ident]types.Instance{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	return fset, f, info
}

func TestFindAsync(t *testing.T) {
	// The white space an editor may leave, spelled out.
	_, f, info := check(t, strings.NewReplacer("<sp>", " ", "<tab>", "\t").Replace(`package p

import "github.com/asyncgen/asyncgen/runtime"

//async
func a() (int, error) { return 0, nil }

// b is documented.
//
//async
func b() string { return "" }

//async
func c() error { return nil }

// async
func d() {}

//async<sp>
func e() {}

// async<tab>
func f() {}

//<tab>async
func g() {}

//asyncx
func notAsync() {}

//  async
func notAsyncEither() {}

// Not async either.
// async stuff
func prose() {}

type R struct{}

//async
func (R) m() (x []R, err error) { _, err = runtime.Await(runtime.Sleep(0)); return }
`))
	var got []string
	for _, fn := range analyzer.FindAsync([]*ast.File{f}, info) {
		got = append(got, fmt.Sprintf("%s %s %v %s", fn.Name(), fn.AsyncName(), fn.Shape, fn.Result))
	}
	want := []string{
		"a aAsync (T, error) int",
		"b bAsync T string",
		"c cAsync error struct{}",
		"d dAsync no results struct{}",
		"e eAsync no results struct{}",
		"f fAsync no results struct{}",
		"g gAsync no results struct{}",
		"m mAsync (T, error) []p.R",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FindAsync mismatch (-want +got):\n%s", diff)
	}
}

func TestValidate(t *testing.T) {
	fset, f, info := check(t, `package p

import (
	"time"

	rt "github.com/asyncgen/asyncgen/runtime"
)

//async
func ok(c rt.Coro[int]) (int, error) {
	v, err := rt.Await(c)
	if v > 0 && err == nil {
		t := rt.Spawn(okAsync(c))
		return rt.Await(t)
	}
	return rt.Await[int](c)
}

func okAsync(c rt.Coro[int]) rt.Coro[int] { return c }

//async
func shapes() (int, string) { return 0, "" }

//async
func lit() {
	f := func() { rt.Await(rt.Sleep(time.Second)) }
	f()
}

//async
func deferred(c rt.Coro[int]) {
	defer rt.Await(c)
	defer fmt(rt.Spawn(c))
	go func() {}()
}

func fmt(any) {}

//async
func value() {
	g := rt.Await[int]
	_ = g
}

//async
func sel(c rt.Coro[int], ch chan int) {
	select {
	case ch <- first(rt.Await(c)):
		rt.Await(c)
	default:
	}
}

func first(v int, _ error) int { return v }

//async
func init() {}

//async
func localType() {
	const n = 1
	type point [n]int
	p := point{1}
	rt.Await(rt.Sleep(0))
	_ = p
}

//async
func nested(c rt.Coro[int]) {
	go func() {
		defer rt.Await(c)
	}()
}
`)
	var got []string
	for _, fn := range analyzer.FindAsync([]*ast.File{f}, info) {
		for _, p := range analyzer.Validate(fset, info, fn) {
			got = append(got, fmt.Sprintf("%d: %s", fset.Position(p.Pos).Line, p.Message))
		}
	}
	want := []string{
		"22: //async function shapes has results (int, string): want (T, error), T, error or no results (return several values in a struct)",
		"26: runtime.Await in a func literal: func literals cannot be //async; make the literal a named //async function and await its coroutine",
		"32: runtime.Await in a defer statement: call it in a statement of its own before the defer and pass the result",
		"33: runtime.Spawn in a defer statement: call it in a statement of its own before the defer and pass the result",
		"41: runtime.Await used as a value: call it directly, as runtime.Await(x)",
		"57: init cannot be //async: move its body into an //async function and call runtime.Run(fAsync()) from init",
		"63: type point is declared inside the function from its constant n and cannot be held in its frame across an await: declare it at package level",
		"71: runtime.Await in a func literal: func literals cannot be //async; make the literal a named //async function and await its coroutine",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Validate mismatch (-want +got):\n%s", diff)
	}
}

// TestPackageProblemsMisplaced checks where PackageProblems looks for
// //async lines that mark nothing: in the files of the //async functions it
// is given, in the other files passed, each once, and never in a file
// asyncgen wrote.
func TestPackageProblemsMisplaced(t *testing.T) {
	fset := token.NewFileSet()
	parse := func(name, src string) *ast.File {
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	a := parse("a.go", "package p\n\n//async\nfunc f() {}\n\n//async\n\nfunc g() {}\n")
	b := parse("b.go", "package p\n\nfunc h() {\n\t//async\n\t_ = 1\n\t//\tasync \n\t_ = 2\n}\n")
	gen := parse("a_async.go", "// Code generated by asyncgen. DO NOT EDIT.\n\npackage p\n\n//async\n\nfunc fAsync() {}\n")
	funcs := analyzer.FindAsync([]*ast.File{a, b, gen}, nil)
	lines := func(ps []analyzer.Problem) []string {
		var out []string
		for _, p := range ps {
			out = append(out, fmt.Sprintf("%s: %s", fset.Position(p.Pos), p.Message))
		}
		return out
	}
	inA := "a.go:6:1: //async is not attached to a function declaration: put it on the line directly above func g, in its doc comment"
	inB := "b.go:4:2: //async is not attached to a function declaration: it applies only to top-level function declarations, not to code inside func h (a func literal cannot be //async: make it a named function)"
	inB2 := "b.go:6:2: //async is not attached to a function declaration: it applies only to top-level function declarations, not to code inside func h (a func literal cannot be //async: make it a named function)"
	if diff := cmp.Diff([]string{inA}, lines(analyzer.PackageProblems(fset, nil, funcs))); diff != "" {
		t.Errorf("files of funcs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{inA, inB, inB2}, lines(analyzer.PackageProblems(fset, nil, funcs, a, b, gen, b))); diff != "" {
		t.Errorf("all files (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{inB, inB2}, lines(analyzer.PackageProblems(fset, nil, nil, b))); diff != "" {
		t.Errorf("no //async function (-want +got):\n%s", diff)
	}
}
