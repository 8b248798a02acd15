package main_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// want is what asyncvet reports on testdata/mod, as go vet prints it.
var want = []string{
	"app.go:13:2: time.Sleep blocks the event loop: await runtime.Sleep(d)",
	"app.go:14:12: call of async function Get runs its body as plain Go, where runtime.Await panics: await lib.GetAsync(...) instead",
	"app.go:18:2: task from runtime.Spawn is dropped: its result and error are lost; keep it (t := runtime.Spawn(...)) and await it",
	"app.go:23:2: runtime.Await outside an //async function: mark plain //async and run go generate, or run the coroutine with runtime.Run, or await it from an //async function",
	"refused/refused.go:11:8: runtime.Await in a defer statement: call it in a statement of its own before the defer and pass the result",
	"refused/refused.go:8:6: generated code for async function cleanup is missing (no cleanupAsync): go generate refuses the package: first fix refused.go:9: runtime.Await in a func literal: func literals cannot be //async; make the literal a named //async function and await its coroutine (and 1 more problem that unsupported reports)",
	"refused/refused.go:9:16: runtime.Await in a func literal: func literals cannot be //async; make the literal a named //async function and await its coroutine",
	"stale.go:6:6: generated file stale_async.go is stale (stale.go changed since): run go generate",
}

// wantRefused is what go generate refuses in testdata/mod: reported with
// every rule flag, since the unsupported rule cannot be turned off.
var wantRefused = []string{
	"refused/refused.go:11:8: runtime.Await in a defer statement: call it in a statement of its own before the defer and pass the result",
	"refused/refused.go:9:16: runtime.Await in a func literal: func literals cannot be //async; make the literal a named //async function and await its coroutine",
}

// The asyncvet binary, built once by the first test that needs it and
// removed by TestMain.
var (
	binOnce sync.Once
	binDir  string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// build compiles asyncvet (once) and lays out testdata/mod as a module
// that requires this checkout of asyncgen, in a directory of the test's own.
func build(t *testing.T) (bin, mod string) {
	t.Helper()
	return buildModule(t, "mod")
}

// buildModule is build for the module of testdata/name.
func buildModule(t *testing.T, name string) (bin, mod string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds asyncvet and runs go vet")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "asyncvet-bin")
		if binErr != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(binDir, "asyncvet"), ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	bin = filepath.Join(binDir, "asyncvet")
	mod = filepath.Join(t.TempDir(), "mod")
	src := filepath.Join("testdata", name)
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(mod, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(mod, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/mod\n\ngo 1.26\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => " + root + "\n"
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOFLAGS", "-mod=mod")
	return bin, mod
}

var diagLine = regexp.MustCompile(`^\S+\.go:\d+:\d+: `)

// diagnostics returns the file:line:col: message lines of out, sorted.
func diagnostics(out string) []string {
	var ds []string
	for _, l := range strings.Split(out, "\n") {
		if diagLine.MatchString(l) {
			ds = append(ds, l)
		}
	}
	sort.Strings(ds)
	return ds
}

func TestGoVet(t *testing.T) {
	bin, mod := build(t)
	cmd := exec.Command("go", "vet", "-vettool="+bin, "./...")
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet succeeded, want it to fail with diagnostics:\n%s", out)
	}
	if diff := cmp.Diff(want, diagnostics(string(out))); diff != "" {
		t.Errorf("go vet -vettool=asyncvet mismatch (-want +got):\n%s\noutput:\n%s", diff, out)
	}
}

func TestStandalone(t *testing.T) {
	bin, mod := build(t)
	cmd := exec.Command(bin, "./...")
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	if code := exitCode(err); code != 3 {
		t.Fatalf("asyncvet ./... exited %d, want 3 (diagnostics reported):\n%s", code, out)
	}
	// Standalone, positions are absolute paths.
	var got []string
	for _, d := range diagnostics(string(out)) {
		got = append(got, strings.TrimPrefix(d, mod+string(filepath.Separator)))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("asyncvet ./... mismatch (-want +got):\n%s\noutput:\n%s", diff, out)
	}
}

// TestRuleFlags turns off the rules that report misplaced awaits
// elsewhere, or runs unsupported alone: what go generate refuses is
// reported all the same.
func TestRuleFlags(t *testing.T) {
	bin, mod := build(t)
	for _, flags := range [][]string{
		{"-outsideasync=false", "-deferawait=false"},
		{"-unsupported"},
	} {
		cmd := exec.Command("go", append(append([]string{"vet", "-vettool=" + bin}, flags...), "./refused")...)
		cmd.Dir = mod
		out, _ := cmd.CombinedOutput()
		var got []string
		for _, d := range diagnostics(string(out)) {
			if !strings.Contains(d, "generated code for async function") {
				got = append(got, d)
			}
		}
		if diff := cmp.Diff(wantRefused, got); diff != "" {
			t.Errorf("go vet -vettool=asyncvet %s mismatch (-want +got):\n%s\noutput:\n%s", strings.Join(flags, " "), diff, out)
		}
	}
}

func TestJSON(t *testing.T) {
	bin, mod := build(t)
	cmd := exec.Command(bin, "-json", "./...")
	cmd.Dir = mod
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("asyncvet -json: %v\n%s", err, out)
	}
	// package → analyzer → diagnostics
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(out, &tree); err != nil {
		t.Fatalf("asyncvet -json printed no JSON: %v\n%s", err, out)
	}
	var got []string
	for _, byAnalyzer := range tree {
		for name, raw := range byAnalyzer {
			var ds []struct {
				Category string `json:"category"`
				Fixes    []any  `json:"suggested_fixes"`
			}
			if json.Unmarshal(raw, &ds) != nil {
				continue // an error object, not diagnostics
			}
			for _, d := range ds {
				if d.Category != name {
					t.Errorf("diagnostic of %s has category %q, want the analyzer's name", name, d.Category)
				}
				got = append(got, name+" fixes:"+strings.Repeat("+", len(d.Fixes)))
			}
		}
	}
	sort.Strings(got)
	wantJSON := []string{"blocking fixes:+", "directcall fixes:+", "droppedtask fixes:", "generated fixes:", "generated fixes:", "outsideasync fixes:", "unsupported fixes:", "unsupported fixes:"}
	if diff := cmp.Diff(wantJSON, got); diff != "" {
		t.Errorf("asyncvet -json mismatch (-want +got):\n%s\noutput:\n%s", diff, out)
	}
}

func TestFix(t *testing.T) {
	bin, mod := build(t)
	cmd := exec.Command(bin, "-fix", "-blocking", "-directcall", "./...")
	cmd.Dir = mod
	if out, err := cmd.CombinedOutput(); err != nil && exitCode(err) != 3 {
		t.Fatalf("asyncvet -fix: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(mod, "app.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"runtime.Await(runtime.Sleep(time.Millisecond))",
		"n, err := runtime.Await(lib.GetAsync(1))",
	} {
		if !strings.Contains(string(got), s) {
			t.Errorf("asyncvet -fix: app.go lacks %q:\n%s", s, got)
		}
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}
