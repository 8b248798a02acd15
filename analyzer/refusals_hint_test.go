package analyzer_test

import (
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/asyncgen/asyncgen/analyzer"
)

// TestCoroutineHintAdvice covers the advice of the generated rule for a
// package that awaits (or spawns) the call of an //async function instead
// of its coroutine: go generate stops at the type error, which the advice
// says how to fix. The function is the package's own, a method, another
// package's with its generated code there (./imported) or with only its
// fact to tell (./facts).
func TestCoroutineHintAdvice(t *testing.T) {
	run(t, analyzer.Generated, "./awaithint", "./awaithint/spawn", "./awaithint/imported", "./awaithint/facts")
}

// TestCoroutineHint checks the hint for every type error of ./awaithint/forms
// against the comment "// hint: ..." of its line: "hint: none" for an
// error that gets none.
func TestCoroutineHint(t *testing.T) {
	dir := cases(t)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}
	pkgs, err := packages.Load(cfg, "./awaithint/forms")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 {
		t.Fatalf("loaded %d packages, want 1", len(pkgs))
	}
	pkg := pkgs[0]
	if len(pkg.TypeErrors) == 0 {
		t.Fatalf("./awaithint/forms has no type errors: %v", pkg.Errors)
	}
	want := map[string]string{} // file:line -> hint
	for _, f := range pkg.Syntax {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if h, ok := strings.CutPrefix(c.Text, "// hint: "); ok {
					if strings.HasPrefix(h, "none") {
						h = ""
					} else {
						h = "; " + h
					}
					want[lineOf(pkg.Fset, c.Pos())] = h
				}
			}
		}
	}
	async := map[*types.Func]bool{}
	for _, af := range analyzer.FindAsync(pkg.Syntax, pkg.TypesInfo) {
		async[af.Obj] = true
	}
	isAsync := func(fn *types.Func) bool { return async[fn] || analyzer.HasCoroutine(fn) }
	seen := map[string]bool{}
	for _, te := range pkg.TypeErrors {
		k := lineOf(pkg.Fset, te.Pos)
		w, ok := want[k]
		if !ok {
			t.Errorf("%s: unexpected type error %q", k, te.Msg)
			continue
		}
		seen[k] = true
		if got := analyzer.CoroutineHint(pkg.TypesInfo, pkg.Types, pkg.Syntax, te.Pos, isAsync); got != w {
			t.Errorf("%s: %s\nhint %q, want %q", k, te.Msg, got, w)
		}
	}
	for k := range want {
		if !seen[k] {
			t.Errorf("%s: no type error", k)
		}
	}
}
