package analyzer_test

import (
	"fmt"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/asyncgen/asyncgen/analyzer"
)

// The module of test cases, laid out once by the first test that needs it
// (inside a test, so that go test's cache sees the testdata files read) and
// removed by TestMain.
var (
	casesOnce sync.Once
	casesDir  string
	casesErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if casesDir != "" {
		os.RemoveAll(casesDir)
	}
	os.Exit(code)
}

// cases returns a temporary module named "cases" holding testdata/src and
// requiring this checkout of asyncgen (through a replace), so that the cases
// import the real runtime; each case is the package ./<rule>, which
// analysistest loads in module mode. Its go.mod is completed once, so that
// the tests can load it in parallel without the go command rewriting it.
func cases(t *testing.T) string {
	casesOnce.Do(func() {
		casesDir, casesErr = os.MkdirTemp("", "asyncvet-cases")
		if casesErr == nil {
			casesErr = layout(casesDir)
		}
	})
	if casesErr != nil {
		t.Fatalf("laying out the test module: %v", casesErr)
	}
	t.Parallel()
	return casesDir
}

func layout(dir string) error {
	root, err := filepath.Abs("..")
	if err != nil {
		return err
	}
	src := filepath.Join("testdata", "src")
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		return err
	}
	gomod := "module cases\n\ngo 1.26\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		return err
	}
	// Let the go command complete go.mod from the module cache, once.
	cmd := exec.Command("go", "list", "-mod=mod", "-deps", "-test", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go list: %v\n%s", err, out)
	}
	return nil
}

func TestOutsideAsync(t *testing.T) {
	run(t, analyzer.OutsideAsync, "./outsideasync", "./outsideasync/cmd")
}

func TestDirectCall(t *testing.T) {
	runFixes(t, analyzer.DirectCall, "./directcall")
}

// A package that does not use asyncgen is still told about its calls of
// other packages' //async functions.
func TestDirectCallInPlainPackage(t *testing.T) {
	run(t, analyzer.DirectCall, "./plaincaller")
}

func TestUnawaited(t *testing.T) {
	runFixes(t, analyzer.Unawaited, "./unawaited")
}

func TestDroppedTask(t *testing.T) {
	run(t, analyzer.DroppedTask, "./droppedtask")
}

func TestAwaitErr(t *testing.T) {
	runFixes(t, analyzer.AwaitErr, "./awaiterr")
}

func TestBlocking(t *testing.T) {
	runFixes(t, analyzer.Blocking, "./blocking")
}

func TestLockAcrossAwait(t *testing.T) {
	run(t, analyzer.LockAcrossAwait, "./lockacrossawait")
}

func TestGoStmt(t *testing.T) {
	run(t, analyzer.GoStmt, "./gostmt")
}

func TestDeferAwait(t *testing.T) {
	run(t, analyzer.DeferAwait, "./deferawait")
}

func TestNoAwait(t *testing.T) {
	run(t, analyzer.NoAwait, "./noawait", "./noawait/viatest")
}

func TestUnsupported(t *testing.T) {
	run(t, analyzer.Unsupported, "./unsupported", "./unsupported/hidden", "./unsupported/ungenerated",
		"./unsupported/misplaced", "./unsupported/misplaced/none")
}

// TestGenerated covers packages before and after go generate, and
// packages that go generate would refuse, or stop at for their type
// errors, where running it is not the advice.
func TestGenerated(t *testing.T) {
	run(t, analyzer.Generated, "./generated", "./generated/undefined", "./generated/complete",
		"./generated/refused", "./generated/refused/tests", "./generated/typeerrors", "./generated/typeerrors/tests",
		"./generated/never", "./generated/never/cmd", "./generated/stalehelper")
}

// TestOneDiagnosticEach runs every rule on the overlap case, where rules
// meet (intrinsics in func literals and in defer statements): each line
// commented "one: <rule>" gets exactly one diagnostic, from that rule, and
// no other line gets any.
func TestOneDiagnosticEach(t *testing.T) { oneEach(t, "./overlap") }

// TestCgo runs every rule on files that import "C", which the build and so
// the rules see as cmd/cgo's copies, generated files that map their
// positions back to the file as written: they are reported on as the file
// itself, and generated code stamped with the file's name and hash is
// fresh (./cgocode), stale (./cgocode/stale), or refused for the package
// by the file's problems (./cgocode/refused). Only cgo's own names are
// uses of cgo, not the file's _Calls. No fix is offered there: its
// offsets would be into cmd/cgo's copy, not into the file as written.
func TestCgo(t *testing.T) {
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is not enabled (no C compiler?)")
	}
	oneEach(t, "./cgocode", "./cgocode/stale", "./cgocode/refused")
}

// oneEach runs every rule on the packages of patterns: each line commented
// "one: <rule>" gets exactly one diagnostic, from that rule, and no other
// line gets any. "one: <rule>: <text>" also wants the message to begin
// with text.
func oneEach(t *testing.T, patterns ...string) {
	dir := cases(t)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: false}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("the cases %s do not load", patterns)
	}
	g, err := checker.Analyze(analyzer.Analyzers, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{} // "file:line" -> rule
	got := map[string][]string{}
	for _, pkg := range pkgs {
		for _, f := range pkg.Syntax {
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					if rule, ok := strings.CutPrefix(c.Text, "// one: "); ok {
						want[lineOf(pkg.Fset, c.Pos())] = rule
					}
				}
			}
		}
	}
	for act := range g.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			t.Fatalf("%s: %v", act.Analyzer.Name, act.Err)
		}
		for _, d := range act.Diagnostics {
			k := lineOf(act.Package.Fset, d.Pos)
			got[k] = append(got[k], d.Category+": "+d.Message)
			checkFixFiles(t, act.Package.Fset, d)
		}
	}
	if len(want) == 0 {
		t.Fatalf("no line of the cases %s says what it expects", patterns)
	}
	for k, rule := range want {
		prefix := rule
		if !strings.Contains(rule, ": ") {
			prefix += ": "
		}
		if ds := got[k]; len(ds) != 1 || !strings.HasPrefix(ds[0], prefix) {
			t.Errorf("%s: want one diagnostic from %s, got %q", k, rule, ds)
		}
	}
	for k, ds := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected diagnostics %q", k, ds)
		}
	}
}

// checkFixFiles fails when a fix of d edits a file at the offsets of
// another: cmd/cgo's copy of a file that imports "C", whose //line
// directives name the file as written, which has other lines.
func checkFixFiles(t *testing.T, fset *token.FileSet, d analysis.Diagnostic) {
	t.Helper()
	for _, fix := range d.SuggestedFixes {
		for _, e := range fix.TextEdits {
			if tf, named := fset.File(e.Pos), fset.Position(e.Pos).Filename; tf == nil || tf.Name() != named {
				t.Errorf("%s: the fix %q of %q edits %s at offsets into another file", lineOf(fset, d.Pos), fix.Message, d.Message, filepath.Base(named))
			}
		}
	}
}

func lineOf(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// run is analysistest.Run over the case module, also checking that every
// diagnostic's category is its analyzer's name.
func run(t *testing.T, a *analysis.Analyzer, patterns ...string) {
	checkCategories(t, a, analysistest.Run(t, cases(t), a, patterns...))
}

// runFixes is analysistest.RunWithSuggestedFixes over the case module:
// each file with fixes has a .golden file beside it.
func runFixes(t *testing.T, a *analysis.Analyzer, patterns ...string) {
	checkCategories(t, a, analysistest.RunWithSuggestedFixes(t, cases(t), a, patterns...))
}

func checkCategories(t *testing.T, a *analysis.Analyzer, rs []*analysistest.Result) {
	t.Helper()
	for _, r := range rs {
		for _, d := range r.Diagnostics {
			if d.Category != a.Name {
				t.Errorf("%s: diagnostic %q has category %q, want %q", r.Pass.Fset.Position(d.Pos), d.Message, d.Category, a.Name)
			}
		}
	}
}

// TestDocs checks the x/tools conventions: a short lowercase first line of
// Doc without a period, and a name per rule that is unique.
func TestDocs(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range append([]*analysis.Analyzer{analyzer.Funcs}, analyzer.Analyzers...) {
		first, _, _ := strings.Cut(a.Doc, "\n")
		if len(first) >= 60 || strings.HasSuffix(first, ".") || strings.ToLower(first[:1]) != first[:1] {
			t.Errorf("%s: first line of Doc %q: want lowercase, no period, under 60 characters", a.Name, first)
		}
		if seen[a.Name] {
			t.Errorf("two analyzers named %s", a.Name)
		}
		seen[a.Name] = true
		if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}
	}
}

// TestIdiomatic runs every rule over code written as intended: select with
// default, blocking calls inside runtime.ToThread, a sync.Mutex held only
// between awaits, a loop run on its own goroutine and reached through
// CallSoonThreadsafe. Nothing may be reported. The package is loaded once
// for all the rules.
func TestIdiomatic(t *testing.T) { quiet(t, "./idiomatic") }

// TestOrdinary runs every rule over plain Go that neither imports the
// runtime nor runs asyncgen, with "// async" comments as prose, above
// functions, declarations and go statements, as real code has them: they
// mark nothing there, and nothing may be reported.
func TestOrdinary(t *testing.T) { quiet(t, "./ordinary") }

// quiet runs every rule over the package pattern, loaded once for all of
// them, and fails on any diagnostic.
func quiet(t *testing.T, pattern string) {
	dir := cases(t)
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax | packages.NeedModule,
		Dir:  dir,
		Env:  append(os.Environ(), "GO111MODULE=on", "GOPROXY=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, pattern)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("the case %s does not load", pattern)
	}
	g, err := checker.Analyze(analyzer.Analyzers, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for act := range g.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			t.Errorf("%s: unexpected diagnostic [%s]: %s", act.Package.Fset.Position(d.Pos), d.Category, d.Message)
		}
	}
}

// TestFixReadsOnce runs Blocking, whose fixes read their file for the
// text they keep, the indentation and the operands they move, on a case
// with many: each file is read once.
func TestFixReadsOnce(t *testing.T) {
	dir := cases(t)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}
	pkgs, err := packages.Load(cfg, "./blocking")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the case ./blocking does not load")
	}
	pkg := pkgs[0]
	reads := map[string]int{}
	fixes := 0
	pass := &analysis.Pass{
		Fset: pkg.Fset, Files: pkg.Syntax, Pkg: pkg.Types, TypesInfo: pkg.TypesInfo, TypesSizes: pkg.TypesSizes,
		ResultOf:          map[*analysis.Analyzer]any{},
		Report:            func(d analysis.Diagnostic) { fixes += len(d.SuggestedFixes) },
		ReadFile:          func(name string) ([]byte, error) { reads[filepath.Base(name)]++; return os.ReadFile(name) },
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ExportObjectFact:  func(types.Object, analysis.Fact) {},
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) {},
	}
	pass.Analyzer = analyzer.Funcs
	x, err := analyzer.Funcs.Run(pass)
	if err != nil {
		t.Fatal(err)
	}
	pass.Analyzer, pass.ResultOf[analyzer.Funcs] = analyzer.Blocking, x
	if _, err := analyzer.Blocking.Run(pass); err != nil {
		t.Fatal(err)
	}
	if fixes < 10 {
		t.Fatalf("%d fixes in ./blocking, want many", fixes)
	}
	for name, n := range reads {
		if n > 1 {
			t.Errorf("%s read %d times", name, n)
		}
	}
}
