package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "update golden files")

// generateLine starts a //go:generate line in a module the tests write,
// spelled apart so that go generate in this repository does not take it
// for one of its own.
const generateLine = "//go:" + "generate "

// module is a temporary module, shared by the tests of this binary, that
// requires this repository through a replace directive; each test case is a
// package in a directory of its own.
var module string

// moduleEnv is the environment of go commands run in the test module.
var moduleEnv []string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "asyncgen-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	module = dir
	// The test module's go.mod gets the requirements it needs on first use.
	moduleEnv = append(os.Environ(), "GOFLAGS=-mod=mod")
	code := func() int {
		if err := newModule(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return m.Run()
	}()
	os.RemoveAll(dir)
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// repoRoot is the root of this repository, two levels above the test's
// working directory.
func repoRoot() string {
	wd, _ := os.Getwd()
	return filepath.Dir(filepath.Dir(wd))
}

func newModule(dir string) error {
	root := repoRoot()
	gomod := fmt.Sprintf("module example.com/t\n\ngo 1.26\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => %s\n", root)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
}

// runGen runs asyncgen in dir of the test module with args, returning the
// exit code, stdout and stderr.
func runGen(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return runGenIn(t, module, args...)
}

// runGenIn is runGen in directory dir, as go generate runs asyncgen in the
// directory of each package.
func runGenIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	return runGenEnv(t, dir, moduleEnv, args...)
}

// runGenEnv is runGenIn with go commands run in environment env.
func runGenEnv(t *testing.T, dir string, env []string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	fs := flag.NewFlagSet("asyncgen", flag.ContinueOnError)
	check := fs.Bool("check", false, "")
	diff := fs.Bool("diff", false, "")
	ref := fs.Bool("reference", false, "")
	verbose := fs.Bool("v", false, "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	g := &generator{
		dir:       dir,
		env:       env,
		check:     *check,
		diff:      *diff,
		reference: *ref,
		verbose:   *verbose,
		stdout:    &stdout,
		logf:      func(format string, args ...any) { fmt.Fprintf(&stderr, "asyncgen: "+format+"\n", args...) },
		lower:     lowerFile,
	}
	code := g.run(fs.Args(), &stderr)
	return code, stdout.String(), stderr.String()
}

// binDir holds the asyncgen binary that buildAsyncgen builds.
var (
	binDir    string
	buildOnce sync.Once
	buildErr  error
)

// buildAsyncgen returns the path of an asyncgen binary, built once for the
// tests of this binary, for go generate to run.
func buildAsyncgen(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "asyncgen-bin-"); buildErr != nil {
			return
		}
		if out, err := exec.Command("go", "build", "-o", filepath.Join(binDir, "asyncgen"), ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(binDir, "asyncgen")
}

// goIn runs the go command with args in directory dir of the test module.
func goIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, moduleEnv
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// writeCase replaces the files of directory name in the module by those of
// the archive.
func writeCase(t *testing.T, name string, files []txtar.File) {
	t.Helper()
	dir := filepath.Join(module, name)
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readCase returns the files under directory name, sorted, named by their
// paths from it.
func readCase(t *testing.T, name string) []txtar.File {
	t.Helper()
	root := filepath.Join(module, name)
	var out []txtar.File
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		out = append(out, txtar.File{Name: filepath.ToSlash(rel), Data: data})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGolden runs asyncgen over each testdata/*.txtar corpus, whose comment
// holds the flags, and compares the exit code, the output and the package's
// files afterwards (new, changed and removed ones) with testdata/*.golden.
// Corpora whose comment also says "build" are then built, and their tests
// run, in both modes.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	var build []string
	for _, path := range cases {
		name := strings.TrimSuffix(filepath.Base(path), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			writeCase(t, name, ar.Files)
			fields := strings.Fields(string(ar.Comment))
			var args []string
			for _, f := range fields {
				if f == "build" {
					build = append(build, "./"+name)
				} else {
					args = append(args, f)
				}
			}
			code, stdout, stderr := runGen(t, append(args, "./"+name)...)
			got := &txtar.Archive{Comment: fmt.Appendf(nil, "exit %d\n", code)}
			if stdout != "" {
				got.Files = append(got.Files, txtar.File{Name: "stdout", Data: []byte(stdout)})
			}
			if stderr != "" {
				got.Files = append(got.Files, txtar.File{Name: "stderr", Data: []byte(stderr)})
			}
			after := readCase(t, name)
			for _, f := range after {
				i := slices.IndexFunc(ar.Files, func(g txtar.File) bool { return g.Name == f.Name })
				if i < 0 || !bytes.Equal(ar.Files[i].Data, f.Data) {
					got.Files = append(got.Files, f)
				}
			}
			for _, f := range ar.Files {
				if !slices.ContainsFunc(after, func(g txtar.File) bool { return g.Name == f.Name }) {
					got.Files = append(got.Files, txtar.File{Name: "removed " + f.Name})
				}
			}
			// Generating again changes nothing.
			if code == 0 {
				if code, stdout, stderr := runGen(t, append(append(args, "-check"), "./"+name)...); code != 0 {
					t.Errorf("asyncgen -check right after generation: exit %d\n%s%s", code, stdout, stderr)
				}
			}
			gotData := txtar.Format(got)
			golden := strings.TrimSuffix(path, ".txtar") + ".golden"
			if *update {
				if err := os.WriteFile(golden, gotData, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(gotData)); diff != "" {
				gotPath := golden + ".got"
				os.WriteFile(gotPath, gotData, 0o644)
				t.Errorf("asyncgen %s mismatch (-want +got), got written to %s:\n%s", name, gotPath, diff)
			}
		})
	}
	// Only the compiler proves that the generated code is Go, and only
	// running it proves its meaning: the corpora's tests run in both modes.
	if len(build) > 0 && !t.Failed() {
		for _, tags := range []string{"", "asyncgen_reference"} {
			cmd := exec.Command("go", append([]string{"test", "-count=1", "-tags=" + tags}, build...)...)
			cmd.Dir, cmd.Env = module, moduleEnv
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("go test -tags=%q %v: %v\n%s", tags, build, err, out)
			}
		}
	}
}

const checkSource = `package check

import "github.com/asyncgen/asyncgen/runtime"

//async
func one() (int, error) {
	v, err := runtime.Await(twoAsync())
	return v + 1, err
}

//async
func two() int { return 2 }
`

// TestCheckAndDiff: after generation -check is silent; after an edit it lists
// the stale file and exits 1, and -diff shows the change; neither writes.
func TestCheckAndDiff(t *testing.T) {
	writeCase(t, "check", []txtar.File{{Name: "a.go", Data: []byte(checkSource)}})
	if code, _, stderr := runGen(t, "./check"); code != 0 {
		t.Fatalf("asyncgen: exit %d\n%s", code, stderr)
	}
	if code, stdout, stderr := runGen(t, "-check", "./check"); code != 0 || stdout != "" {
		t.Fatalf("asyncgen -check after generation: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	before := readCase(t, "check")
	edited := strings.Replace(checkSource, "return 2", "return 3", 1)
	if err := os.WriteFile(filepath.Join(module, "check", "a.go"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runGen(t, "-check", "./check")
	if want := "check/a_async.go: stale: run go run github.com/asyncgen/asyncgen/cmd/asyncgen ./check\n"; code != 1 || stdout != want {
		t.Errorf("asyncgen -check after an edit: exit %d, stdout %q; want exit 1, %q", code, stdout, want)
	}
	code, stdout, _ = runGen(t, "-diff", "./check")
	if code != 0 || !strings.HasPrefix(stdout, "--- check/a_async.go\n+++ check/a_async.go\n@@ ") {
		t.Errorf("asyncgen -diff: exit %d, stdout:\n%s", code, stdout)
	}
	after := readCase(t, "check")
	for i := range before {
		if before[i].Name == "a.go" {
			continue
		}
		if !bytes.Equal(before[i].Data, after[i].Data) {
			t.Errorf("-check or -diff changed %s", before[i].Name)
		}
	}
	// A checkout with CRLF line endings (git's autocrlf), of the source
	// and of its generated file, is up to date.
	genPath := filepath.Join(module, "check", "a_async.go")
	if err := os.WriteFile(filepath.Join(module, "check", "a.go"), []byte(checkSource), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runGen(t, "./check"); code != 0 {
		t.Fatalf("asyncgen: exit %d\n%s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(module, "check", "a.go"), []byte(strings.ReplaceAll(checkSource, "\n", "\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	gen, _ := os.ReadFile(genPath)
	if err := os.WriteFile(genPath, bytes.ReplaceAll(gen, []byte("\n"), []byte("\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := runGen(t, "-check", "./check"); code != 0 || stdout != "" {
		t.Errorf("asyncgen -check of a CRLF checkout: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if err := os.Remove(filepath.Join(module, "check", "a_async.go")); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runGen(t, "-check", "./check")
	if want := "check/a_async.go: missing: run go run github.com/asyncgen/asyncgen/cmd/asyncgen ./check\n"; code != 1 || stdout != want {
		t.Errorf("asyncgen -check without the file: exit %d, stdout %q; want exit 1, %q", code, stdout, want)
	}
}

// A generated file edited since asyncgen wrote it is neither overwritten nor
// removed: the run fails naming it and how to keep the edit, and -check
// says it was edited. Deleting it lets the next run write it afresh. An
// edit is seen in the text below the header, and in the header's lines
// themselves: a line put above them, the Body line removed.
func TestEditedGeneratedFileKept(t *testing.T) {
	edits := map[string]func(gen string) string{
		"appended": func(gen string) string { return gen + "\n// kept by hand\n" },
		"above":    func(gen string) string { return "// Copyright by hand.\n" + gen },
		"no body line": func(gen string) string {
			lines := strings.SplitN(gen, "\n", 4)
			return lines[0] + "\n" + lines[1] + "\n" + lines[3] + "// kept by hand\n"
		},
	}
	for _, kind := range []string{"appended", "above", "no body line"} {
		t.Run(kind, func(t *testing.T) { testEditedKept(t, edits[kind]) })
	}
}

func testEditedKept(t *testing.T, edit func(gen string) string) {
	const a = "package edited\n\n//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen\n\n//async\nfunc a() int { return 1 }\n"
	const b = "package edited\n\n//async\nfunc b() int { return 2 }\n"
	writeCase(t, "edited", []txtar.File{{Name: "a.go", Data: []byte(a)}, {Name: "b.go", Data: []byte(b)}})
	if code, _, stderr := runGen(t, "./edited"); code != 0 {
		t.Fatalf("asyncgen: exit %d\n%s", code, stderr)
	}
	dir := filepath.Join(module, "edited")
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"a_async.go", "b_async.go"} {
		gen, _ := os.ReadFile(filepath.Join(dir, name))
		write(name, edit(string(gen)))
	}
	write("a.go", strings.Replace(a, "return 1", "return 3", 1)) // a_async.go would be rewritten
	write("b.go", strings.Replace(b, "//async\n", "", 1))        // b_async.go would be removed
	before := readCase(t, "edited")
	code, _, stderr := runGen(t, "./edited")
	for _, want := range []string{
		"edited/a_async.go: edited since asyncgen wrote it",
		"a run would overwrite it: move the change into the //async source, then delete a_async.go",
		"edited/b_async.go: edited since asyncgen wrote it",
		"a run would remove it",
	} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("asyncgen over edited files: exit %d, stderr lacks %q:\n%s", code, want, stderr)
		}
	}
	if diff := cmp.Diff(before, readCase(t, "edited")); diff != "" {
		t.Errorf("asyncgen changed files although it refused (-before +after):\n%s", diff)
	}
	code, stdout, _ := runGen(t, "-check", "./edited")
	if code != 1 || !strings.Contains(stdout, "edited/a_async.go: edited since asyncgen wrote it") {
		t.Errorf("asyncgen -check: exit %d, stdout %q; want a_async.go reported edited", code, stdout)
	}
	for _, name := range []string{"a_async.go", "b_async.go"} {
		os.Remove(filepath.Join(dir, name))
	}
	if code, _, stderr := runGen(t, "./edited"); code != 0 {
		t.Fatalf("asyncgen after the edited files were deleted: exit %d\n%s", code, stderr)
	}
}

// Under go generate, a generated file whose source lost its last //async
// function is not removed at once: go generate listed the package's files
// before it ran the directive, and would fail on it ("no such file"). It
// becomes a stub that builds and the next go generate leave out, and that
// next run removes it.
func TestOrphanUnderGoGenerate(t *testing.T) {
	bin := buildAsyncgen(t)
	const a = "package gen\n\n//go:generate %s\n\n//async\nfunc a() int { return 1 }\n"
	const z = "package gen\n\n//async\nfunc z() int { return 2 }\n"
	writeCase(t, "gen", []txtar.File{{Name: "a.go", Data: fmt.Appendf(nil, a, bin)}, {Name: "z.go", Data: []byte(z)}})
	dir := filepath.Join(module, "gen")
	goIn(t, dir, "generate")
	if err := os.WriteFile(filepath.Join(dir, "z.go"), []byte(strings.Replace(z, "//async\n", "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	goIn(t, dir, "generate") // z_async.go sorts after a.go: go generate reads it after the run
	goIn(t, dir, "build")
	if data, err := os.ReadFile(filepath.Join(dir, "z_async.go")); err != nil || !bytes.Contains(data, []byte("//go:build ignore")) {
		t.Errorf("z_async.go after the first run: %v\n%s", err, data)
	}
	goIn(t, dir, "generate")
	if _, err := os.Stat(filepath.Join(dir, "z_async.go")); !os.IsNotExist(err) {
		t.Errorf("z_async.go after the second run: %v, want it removed", err)
	}
	goIn(t, dir, "build")
}

// A //async line that marks no function fails generation at its own line,
// also in a package with no //async function; a mention of //async in
// prose is not one.
func TestMisplacedDirective(t *testing.T) {
	writeCase(t, "misplaced", []txtar.File{
		{Name: "a.go", Data: []byte("package misplaced\n\n//async\n\nfunc f() {}\n")},
		{Name: "b.go", Data: []byte("package misplaced\n\n//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen\n\n// g is not //async, as its doc says.\nfunc g() {}\n")},
	})
	code, _, stderr := runGen(t, "./misplaced")
	if want := "misplaced/a.go:3:1: //async is not attached to a function declaration: put it on the line directly above func f, in its doc comment"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("asyncgen: exit %d, stderr lacks %q:\n%s", code, want, stderr)
	}
	if strings.Contains(stderr, "b.go") {
		t.Errorf("asyncgen reports the prose mention in b.go:\n%s", stderr)
	}
	writeCase(t, "misplaced", []txtar.File{
		{Name: "b.go", Data: []byte("package misplaced\n\n// g is not //async, as its doc says.\nfunc g() {}\n")},
	})
	if code, _, stderr := runGen(t, "./misplaced"); code != 0 || stderr != "" {
		t.Errorf("asyncgen over a prose mention: exit %d\n%s", code, stderr)
	}
	// In a package that neither imports the runtime nor runs asyncgen
	// from go:generate, and has no //async function, "// async" is prose,
	// as asyncvet reads it: plain Go code often has one above a go
	// statement.
	writeCase(t, "prose", []txtar.File{
		{Name: "a.go", Data: []byte("package prose\n\nfunc f(done chan struct{}) {\n\t// async\n\tgo func() { close(done) }()\n}\n")},
	})
	if code, _, stderr := runGen(t, "./prose"); code != 0 || stderr != "" {
		t.Errorf("asyncgen over a plain package with a \"// async\" comment: exit %d\n%s", code, stderr)
	}
	// Nor above a function, which is not compiled: a note says why.
	writeCase(t, "prose", []txtar.File{
		{Name: "a.go", Data: []byte("package prose\n\n// Stop stops the server.\n// async\nfunc Stop(done chan struct{}) { close(done) }\n")},
	})
	code, _, stderr = runGen(t, "./prose")
	if want := "prose/a.go:5:1: Stop is marked //async, but its package neither imports"; code != 0 || !strings.Contains(stderr, want) {
		t.Errorf("asyncgen over a plain function documented \"// async\": exit %d, stderr lacks %q:\n%s", code, want, stderr)
	}
	if _, err := os.Stat(filepath.Join(module, "prose", "a_async.go")); err == nil {
		t.Errorf("asyncgen wrote a_async.go for a plain package")
	}
}

// writeAtomic is what a run does for one file: removing the temporary
// files a killed run left, writeTemp, then the rename.
func writeAtomic(path string, data []byte) error {
	new(generator).cleanTemps(filepath.Dir(path))
	tmp, err := writeTemp(path, data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// A run writes every file's new text before it renames any over its file:
// a write that fails leaves all of them as they were, and no temporary
// file. A file a concurrent run removed first is no error.
func TestApplyWritesAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, gone := filepath.Join(dir, "a_async.go"), filepath.Join(dir, "gone_async.go")
	old, err := assemble(stamp("a.go", nil), "", []byte("package p\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(a, old, 0o644); err != nil {
		t.Fatal(err)
	}
	g := &generator{stdout: io.Discard, wd: dir}
	unwritable := filepath.Join(dir, "no such directory", "b_async.go")
	_, _, err = g.apply([]output{{path: a, data: []byte("new")}, {path: unwritable, data: []byte("new")}})
	if err == nil || !strings.Contains(err.Error(), "b_async.go: cannot update it") || !strings.Contains(err.Error(), "writable") {
		t.Errorf("apply with an unwritable file: %v, want an error naming it and the fix", err)
	}
	ents, _ := os.ReadDir(dir)
	if data, _ := os.ReadFile(a); !bytes.Equal(data, old) || len(ents) != 1 {
		t.Errorf("after the failed write: a_async.go holds %q, %d files in the directory; want it as it was, and alone", data, len(ents))
	}
	steps, _, err := g.apply([]output{{path: a, data: []byte("new")}, {path: gone}})
	if err == nil {
		err = g.commit(steps)
	}
	if err != nil {
		t.Errorf("apply removing a file gone already: %v", err)
	}
	if data, _ := os.ReadFile(a); string(data) != "new" {
		t.Errorf("a_async.go holds %q after the second run, want \"new\"", data)
	}
}

// A run keeps its temporary files until every unit's are written, which
// may take longer than staleTempAge: a later unit writing in the same
// directory (a package's test files after the package's) does not take
// them for a killed run's. A temporary file removed by something else
// before its rename is told as that.
func TestRunKeepsItsOwnTemps(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a_async.go"), filepath.Join(dir, "a_async_test.go")
	gen := func(source, body string) []byte {
		data, err := assemble(stamp(source, []byte(body)), "", []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	aData, bData := gen("a.go", "package p\n"), gen("a_test.go", "package p\n")
	g := &generator{stdout: io.Discard, wd: dir}
	steps, _, err := g.apply([]output{{path: a, data: aData}})
	if err != nil {
		t.Fatal(err)
	}
	// Time passes before the next unit is written.
	old := time.Now().Add(-time.Hour)
	for _, st := range steps {
		os.Chtimes(st.tmp, old, old)
	}
	more, _, err := g.apply([]output{{path: b, data: bData}})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.commit(append(steps, more...)); err != nil {
		t.Fatalf("commit after an hour between the units: %v", err)
	}
	for path, want := range map[string][]byte{a: aData, b: bData} {
		if data, _ := os.ReadFile(path); !bytes.Equal(data, want) {
			t.Errorf("%s holds %q, want %q", filepath.Base(path), data, want)
		}
	}

	g = &generator{stdout: io.Discard, wd: dir}
	steps, _, err = g.apply([]output{{path: a, data: gen("a.go", "package p // 2\n")}, {path: b, data: gen("a_test.go", "package p // 2\n")}})
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(steps[1].tmp)
	err = g.commit(steps)
	if err == nil || !strings.Contains(err.Error(), "a_async_test.go: cannot update it: the temporary file") || !strings.Contains(err.Error(), "was removed by another process") || strings.Contains(err.Error(), "writable") {
		t.Errorf("commit with a temporary file gone: %v, want it said", err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("%d files in the directory after the failed commit, want a_async.go and a_async_test.go alone", len(ents))
	}
}

// A run over several packages writes every package's files before it
// renames any over its file: a write that fails in one package leaves the
// files of the others, generated before it, as they were too.
func TestRunWritesAllOrNothing(t *testing.T) {
	const src = `package %s

import "github.com/asyncgen/asyncgen/runtime"

//async
func F() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return %d, err
}
`
	writeCase(t, "allornone", nil)
	writeFiles(t, map[string]string{
		"allornone/a/a.go": fmt.Sprintf(src, "a", 1),
		"allornone/b/b.go": fmt.Sprintf(src, "b", 1),
	})
	if code, _, stderr := runGen(t, "./allornone/..."); code != 0 {
		t.Fatalf("asyncgen ./allornone/...: exit %d\n%s", code, stderr)
	}
	aGen := filepath.Join(module, "allornone", "a", "a_async.go")
	before, err := os.ReadFile(aGen)
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, map[string]string{
		"allornone/a/a.go": fmt.Sprintf(src, "a", 2),
		"allornone/b/b.go": fmt.Sprintf(src, "b", 2),
	})
	var stdout, stderr bytes.Buffer
	g := &generator{
		dir:    module,
		env:    moduleEnv,
		stdout: &stdout,
		logf:   func(format string, args ...any) { fmt.Fprintf(&stderr, "asyncgen: "+format+"\n", args...) },
		lower:  lowerFile,
		tempFile: func(path string, data []byte) (string, error) {
			if filepath.Base(path) == "b_async.go" {
				return "", errors.New("no space left on device")
			}
			return writeTemp(path, data)
		},
	}
	if code := g.run([]string{"./allornone/..."}, &stderr); code != 1 || !strings.Contains(stderr.String(), "b_async.go: cannot update it: no space left on device") {
		t.Errorf("asyncgen with b_async.go not writable: exit %d, want 1 and an error naming it:\n%s", code, stderr.String())
	}
	if after, _ := os.ReadFile(aGen); !bytes.Equal(after, before) {
		t.Errorf("a_async.go was rewritten although b_async.go could not be written")
	}
	ents, _ := os.ReadDir(filepath.Dir(aGen))
	if len(ents) != 2 {
		t.Errorf("package a holds %d files after the failed run, want a.go and a_async.go alone", len(ents))
	}
}

// TestWriteAtomic: a failed write leaves the old file and no temporary file.
func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a_async.go")
	if err := writeAtomic(path, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := writeAtomic(path, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "two" {
		t.Errorf("after two writes: %q", data)
	}
	// Renaming over a non-empty directory fails after the data is written.
	blocked := filepath.Join(dir, "b_async.go")
	os.MkdirAll(filepath.Join(blocked, "x"), 0o755)
	if err := writeAtomic(blocked, []byte("three")); err == nil {
		t.Errorf("writeAtomic over a directory succeeded")
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"a_async.go", "b_async.go"}, names); diff != "" {
		t.Errorf("files left (-want +got):\n%s", diff)
	}

	// A replaced file keeps its mode; a new one gets 0666 less the umask.
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := writeAtomic(path, []byte("four")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o444 {
		t.Errorf("the replaced file's mode became %v, want -r--r--r--", fi.Mode().Perm())
	}

	// A temporary file a killed run left is removed once it is a minute
	// old; a newer one may be a running write's.
	// A file of the user's named alike stays.
	stale, recent := filepath.Join(dir, ".asyncgen-1-1.tmp"), filepath.Join(dir, ".asyncgen-1-2.tmp")
	users := filepath.Join(dir, ".asyncgen-notes.tmp")
	for _, name := range []string{stale, recent, users} {
		if err := os.WriteFile(name, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hourAgo := time.Now().Add(-time.Hour)
	os.Chtimes(stale, hourAgo, hourAgo)
	os.Chtimes(users, hourAgo, hourAgo)
	if err := writeAtomic(path, []byte("six")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("the stale temporary file is still there")
	}
	if _, err := os.Stat(recent); err != nil {
		t.Errorf("the recent temporary file was removed: %v", err)
	}
	if _, err := os.Stat(users); err != nil {
		t.Errorf("the user's .asyncgen-notes.tmp was removed: %v", err)
	}
}

// A Go file as the pattern, as in //go:generate asyncgen $GOFILE, stands
// for its package: the other files' generated files are neither removed
// nor reported as orphans.
func TestFilePattern(t *testing.T) {
	file := func(name, fn string) txtar.File {
		return txtar.File{Name: name, Data: []byte("package filepat\n\n//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen\n\n//async\nfunc " + fn + "() int { return 1 }\n")}
	}
	writeCase(t, "filepat", []txtar.File{file("a.go", "a"), file("b.go", "b")})
	if code, _, stderr := runGen(t, "./filepat/a.go"); code != 0 {
		t.Fatalf("asyncgen ./filepat/a.go: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := runGen(t, "-check", "./filepat/b.go", "./filepat/a.go"); code != 0 {
		t.Errorf("asyncgen -check on the files: exit %d\n%s", code, stderr)
	}
	var names []string
	for _, f := range readCase(t, "filepat") {
		names = append(names, f.Name)
	}
	if diff := cmp.Diff([]string{"a.go", "a_async.go", "b.go", "b_async.go"}, names); diff != "" {
		t.Errorf("files after asyncgen a.go (-want +got):\n%s", diff)
	}
}

// A symbolic link where the generated file goes is not the generator's to
// replace, even when it points nowhere, or at a generated file.
func TestSymlinkKept(t *testing.T) {
	generated := filepath.Join(t.TempDir(), "a_async.go")
	if err := os.WriteFile(generated, []byte(header+"\n\npackage symlink\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"nowhere.go", generated} {
		writeCase(t, "symlink", []txtar.File{{Name: "a.go", Data: []byte("package symlink\n\n//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen\n\n//async\nfunc a() int { return 1 }\n")}})
		link := filepath.Join(module, "symlink", "a_async.go")
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runGen(t, "./symlink")
		if code != 1 || !strings.Contains(stderr, "a_async.go: is a symbolic link, which asyncgen does not replace") {
			t.Errorf("asyncgen with a link to %s at a_async.go: exit %d\n%s", target, code, stderr)
		}
		if got, err := os.Readlink(link); err != nil || got != target {
			t.Errorf("the link now reads %q, %v; want it untouched", got, err)
		}
		os.Remove(link)
	}
}

// An //async function that uses cgo's C names is refused: its generated
// file cannot see the C preamble of its source.
func TestRefusesCgo(t *testing.T) {
	out, err := exec.Command("go", "env", "CGO_ENABLED").Output()
	if err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is off: the go command leaves cgo files out")
	}
	src := `package cgouse

// static int twice(int x) { return 2 * x; }
import "C"

import "github.com/asyncgen/asyncgen/runtime"

//async
func F(x int) int {
	runtime.Await(runtime.Sleep(0))
	return int(C.twice(C.int(x)))
}
`
	writeCase(t, "cgouse", []txtar.File{{Name: "a.go", Data: []byte(src)}})
	code, _, stderr := runGen(t, "./cgouse")
	want := "cgouse/a.go:11:13: //async function F uses cgo"
	if code != 1 || !strings.HasPrefix(stderr, want) {
		t.Errorf("asyncgen on an //async function calling C: exit %d\n%s\nwant exit 1 and an error starting %q", code, stderr, want)
	}
	if _, err := os.Stat(filepath.Join(module, "cgouse", "a_async.go")); err == nil {
		t.Errorf("a_async.go was written")
	}
}

// A cgo file's generated file builds only with cgo, as its source does: a
// twin of the function for builds without cgo is not redeclared.
func TestCgoFileConstraint(t *testing.T) {
	out, err := exec.Command("go", "env", "CGO_ENABLED").Output()
	if err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is off: the go command leaves cgo files out")
	}
	withC := `package cgotwin

// static int one(void) { return 1; }
import "C"

import "github.com/asyncgen/asyncgen/runtime"

//async
func F() int {
	runtime.Await(runtime.Sleep(0))
	return 1
}
`
	without := `//go:build !cgo

package cgotwin

import "github.com/asyncgen/asyncgen/runtime"

//async
func F() int {
	runtime.Await(runtime.Sleep(0))
	return 2
}
`
	writeCase(t, "cgotwin", []txtar.File{{Name: "a.go", Data: []byte(withC)}, {Name: "b.go", Data: []byte(without)}})
	if code, _, stderr := runGen(t, "./cgotwin"); code != 0 {
		t.Fatalf("asyncgen with cgo: exit %d\n%s", code, stderr)
	}
	gen, err := os.ReadFile(filepath.Join(module, "cgotwin", "a_async.go"))
	if err != nil || !bytes.Contains(gen, []byte("\n//go:build cgo\n")) {
		t.Fatalf("a_async.go (%v) lacks //go:build cgo:\n%.400s", err, gen)
	}
	env := moduleEnv
	moduleEnv = append(slices.Clip(env), "CGO_ENABLED=0")
	defer func() { moduleEnv = env }()
	if code, _, stderr := runGen(t, "./cgotwin"); code != 0 {
		t.Errorf("asyncgen without cgo: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(module, "cgotwin", "b_async.go")); err != nil {
		t.Errorf("b_async.go: %v", err)
	}
}

// A package of another module (a dependency, here asyncgen's own runtime
// through the test module's replace) is refused, as go generate refuses to
// run in one: its files are not the main module's to write.
func TestRefusesDependencyModule(t *testing.T) {
	code, _, stderr := runGen(t, "github.com/asyncgen/asyncgen/runtime")
	want := "asyncgen: github.com/asyncgen/asyncgen/runtime is in module github.com/asyncgen/asyncgen, not in the main module"
	if code != 1 || !strings.HasPrefix(stderr, want) {
		t.Errorf("asyncgen on a dependency's package: exit %d\n%s\nwant exit 1 and %q", code, stderr, want)
	}
}

// A package of the standard library is refused too; it used to pass,
// silently generating nothing.
func TestRefusesStandardLibrary(t *testing.T) {
	code, _, stderr := runGen(t, "fmt")
	want := "asyncgen: fmt is in Go's standard library, not in the main module"
	if code != 1 || !strings.HasPrefix(stderr, want) {
		t.Errorf("asyncgen fmt: exit %d\n%s\nwant exit 1 and %q", code, stderr, want)
	}
}

// A flag after the packages is a usage error, not a package path.
func TestFlagAfterPackages(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds the command")
	}
	cmd := exec.Command("go", "run", ".", "./x", "-check")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !strings.HasPrefix(string(out), "asyncgen: flag -check after the packages: put flags first\nusage:") ||
		!strings.Contains(string(out), "exit status 2") {
		t.Errorf("asyncgen ./x -check: %v\n%s", err, out)
	}
}

func TestUsage(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds the command")
	}
	cmd := exec.Command("go", "run", ".", "-check", "-diff")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 && ee.ExitCode() != 2 {
		t.Fatalf("asyncgen -check -diff: %v\n%s", err, out)
	}
	if !strings.HasPrefix(string(out), "asyncgen: -check and -diff cannot be used together\nusage:") || !strings.Contains(string(out), "exit status 2") {
		t.Errorf("asyncgen -check -diff printed:\n%s", out)
	}
}

// TestRefusesWhatTheLoweringRefuses runs asyncgen over each program of the
// lowering's error corpus (rewrite/testdata/errors): asyncgen, and so the
// linter's Validate, must refuse it, at the line the corpus names.
func TestRefusesWhatTheLoweringRefuses(t *testing.T) {
	files, err := filepath.Glob("../../rewrite/testdata/errors/*.go")
	if err != nil || len(files) == 0 {
		t.Skipf("no error corpus: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".go")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, want, ok := strings.Cut(string(src), "// Error:\n// ")
			if !ok {
				t.Skip("no // Error: line")
			}
			// want is "file.go:line:col: message"; compare the line.
			parts := strings.SplitN(strings.TrimSpace(want), ":", 3)
			dir := "rewriteerr_" + name
			writeCase(t, dir, []txtar.File{{Name: filepath.Base(path), Data: src}})
			code, _, stderr := runGen(t, "./"+dir)
			prefix := dir + "/" + parts[0] + ":" + parts[1] + ":"
			if code != 1 || !strings.Contains(stderr, prefix) {
				t.Errorf("asyncgen on %s: exit %d, stderr:\n%s\nwant exit 1 and an error at %s (the lowering says %s)", name, code, stderr, prefix, strings.TrimSpace(want))
			}
			if _, err := os.Stat(filepath.Join(module, dir, name+"_async.go")); err == nil {
				t.Errorf("asyncgen wrote %s_async.go for a refused program", name)
			}
		})
	}
}

// TestWriteDiffApplies: what -diff prints is a patch that patch(1) applies,
// for an edit in a large file (printed in time and space that follow the
// edit, not the file), a file to create and a file to remove.
func TestWriteDiffApplies(t *testing.T) {
	var big strings.Builder
	for i := range 60000 {
		fmt.Fprintf(&big, "line %d\n", i)
	}
	edited := strings.Replace(big.String(), "line 30000\n", "line 30000 changed\nline inserted\n", 1)
	tests := []struct {
		name     string
		old, new []byte
	}{
		{"edit", []byte(big.String()), []byte(edited)},
		{"edits apart", []byte("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"), []byte("a\nB\nc\nd\ne\nf\ng\nh\nI\nj\nk\n")},
		{"create", nil, []byte("package p\n\nfunc f() {}\n")},
		{"remove", []byte("package p\n\nfunc f() {}\n"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.old != nil {
				if err := os.WriteFile(filepath.Join(dir, "x_async.go"), tt.old, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var diff bytes.Buffer
			writeDiff(&diff, "x_async.go", tt.old, tt.new)
			if tt.name == "edit" && diff.Len() > 1000 {
				t.Errorf("the diff of a two-line edit is %d bytes", diff.Len())
			}
			cmd := exec.Command("patch", "-p0", "-s", "-E")
			cmd.Dir, cmd.Stdin = dir, &diff
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("patch: %v\n%s\ndiff:\n%.2000s", err, out, diff.String())
			}
			got, err := os.ReadFile(filepath.Join(dir, "x_async.go"))
			if tt.new == nil {
				if err == nil {
					t.Errorf("the patch left the file to remove")
				}
				return
			}
			if !bytes.Equal(got, tt.new) {
				t.Errorf("patched file differs from the new one; diff:\n%.2000s", diff.String())
			}
		})
	}
}

// Errors that the type checker finds in the declarations asyncgen is about
// to generate are said in terms of the source: a collision with FAsync
// names the //async function's file and the fix, and a mistake the stub
// only repeats is reported once, where the user wrote it.
func TestStubErrorsNameTheSource(t *testing.T) {
	writeCase(t, "collide", []txtar.File{{Name: "c.go", Data: []byte(`package collide

import "github.com/asyncgen/asyncgen/runtime"

//async
func H() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

func HAsync() {}
`)}})
	code, _, stderr := runGen(t, "./collide")
	if code != 1 || strings.Contains(stderr, "c_async.go") ||
		!strings.Contains(stderr, "collide/c.go: HAsync redeclared in this block: asyncgen generates this name for the //async functions of this file, and the package declares it already") ||
		!strings.Contains(stderr, "collide/c.go:11:6:") || !strings.Contains(stderr, "other declaration of HAsync") {
		t.Errorf("a collision with HAsync: exit %d\n%s", code, stderr)
	}
	writeCase(t, "undef", []txtar.File{{Name: "u.go", Data: []byte(`package undef

import "github.com/asyncgen/asyncgen/runtime"

//async
func H(x Undef) error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
`)}})
	// A method asyncgen generates that a field or a method of the type
	// has already, with another error in the package beside it.
	writeCase(t, "collidemethod", []txtar.File{{Name: "m.go", Data: []byte(`package collidemethod

import "github.com/asyncgen/asyncgen/runtime"

type web struct{ FetchAsync int }

//async
func (web) Fetch() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

type site struct{}

func (site) GetAsync() {}

//async
func (site) Get() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

var x int = "s"
`)}})
	code, _, stderr = runGen(t, "./collidemethod")
	if code != 1 || !strings.Contains(stderr, "collidemethod/m.go: field and method with the same name FetchAsync") ||
		!strings.Contains(stderr, "collidemethod/m.go: method site.GetAsync already declared at collidemethod/m.go:15:") ||
		!strings.Contains(stderr, "collidemethod/m.go:23:13: cannot use") {
		t.Errorf("method collisions beside another error: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runGen(t, "./undef")
	if code != 1 || strings.Count(stderr, "undefined: Undef") != 1 || !strings.HasPrefix(stderr, "undef/u.go:6:10: undefined: Undef") {
		t.Errorf("an undefined type: exit %d\n%s", code, stderr)
	}
}

// A dependency that cannot be built for want of a go.sum entry (a go mod
// tidy run before the module imported the runtime) is named with the go
// command's reason, not "no export data", which go/packages leaves it at.
func TestImportMissingSum(t *testing.T) {
	dir := t.TempDir()
	// This repository's requirements, as go mod tidy would list them.
	gomod, _ := os.ReadFile(filepath.Join(repoRoot(), "go.mod"))
	gomod = bytes.Replace(gomod, []byte("module github.com/asyncgen/asyncgen"),
		fmt.Appendf(nil, "module example.com/missingsum\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => %s", repoRoot()), 1)
	sum, _ := os.ReadFile(filepath.Join(repoRoot(), "go.sum"))
	var kept []string
	for line := range strings.Lines(string(sum)) {
		if !strings.HasPrefix(line, "golang.org/x/sys ") {
			kept = append(kept, line)
		}
	}
	files := map[string]string{
		"go.mod": string(gomod),
		"go.sum": strings.Join(kept, ""),
		"a.go":   "package a\n\nimport \"github.com/asyncgen/asyncgen/runtime\"\n\n//async\nfunc f() { runtime.Await(runtime.Sleep(0)) }\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stderr bytes.Buffer
	g := &generator{dir: dir, env: os.Environ(), stdout: io.Discard, logf: t.Logf, lower: lowerFile}
	code := g.run([]string{"."}, &stderr)
	if want := "missing go.sum entry for module providing package golang.org/x/sys/unix"; code != 1 || !strings.Contains(stderr.String(), want) {
		t.Errorf("asyncgen in a module lacking x/sys's go.sum lines: exit %d, stderr lacks %q:\n%s", code, want, stderr.String())
	}
}

// A package that imports one that does not build, directly or only
// through another, is told why, with the error of the one that does not
// build, not "no export data" nor a bare "-".
func TestImportOfBrokenPackage(t *testing.T) {
	writeCase(t, "broken", []txtar.File{{Name: "b.go", Data: []byte("package broken\n\nvar X int = \"s\"\n")}})
	writeCase(t, "onbroken", []txtar.File{{Name: "m.go", Data: []byte("package onbroken\n\nimport \"example.com/t/broken\"\n\nvar Y = broken.X\n")}})
	for _, tc := range []struct{ user, imp, use, want string }{
		{"user", "broken", "broken.X", "it does not build: broken/b.go:3:13:"},
		{"user2", "onbroken", "onbroken.Y", `could not import example.com/t/onbroken (it does not build: broken/b.go:3:13: cannot use "s"`},
	} {
		writeCase(t, tc.user, []txtar.File{{Name: "a.go", Data: []byte(fmt.Sprintf(`package %s

import (
	"example.com/t/%s"

	"github.com/asyncgen/asyncgen/runtime"
)

//async
func F() int {
	runtime.Await(runtime.Sleep(0))
	return %s
}
`, tc.user, tc.imp, tc.use))}})
		if code, _, stderr := runGen(t, "./"+tc.user); code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("asyncgen ./%s: exit %d, stderr lacks %q:\n%s", tc.user, code, tc.want, stderr)
		}
	}
}

// A test file moved between package x and package x_test: its old
// generated file is an orphan of one unit and the output of the other, and
// one run regenerates it without a false error, either way.
func TestTestFileChangesPackage(t *testing.T) {
	lib := `package movetest

import "github.com/asyncgen/asyncgen/runtime"

//async
func E() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
`
	internal := `package movetest

import "github.com/asyncgen/asyncgen/runtime"

//async
func inT() error {
	_, err := runtime.Await(EAsync())
	return err
}
`
	external := `package movetest_test

import (
	"example.com/t/movetest"

	"github.com/asyncgen/asyncgen/runtime"
)

//async
func inT() error {
	_, err := runtime.Await(movetest.EAsync())
	return err
}
`
	writeCase(t, "movetest", []txtar.File{{Name: "e.go", Data: []byte(lib)}, {Name: "in_test.go", Data: []byte(internal)}})
	for i, src := range []string{internal, external, internal} {
		if err := os.WriteFile(filepath.Join(module, "movetest", "in_test.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := runGen(t, "./movetest"); code != 0 {
			t.Fatalf("run %d: exit %d\n%s", i, code, stderr)
		}
		gen, _ := os.ReadFile(filepath.Join(module, "movetest", "in_async_test.go"))
		pkg := "package movetest\n"
		if src == external {
			pkg = "package movetest_test\n"
		}
		if !bytes.Contains(gen, []byte("\n"+pkg)) {
			t.Fatalf("run %d: in_async_test.go is not in %q:\n%.300s", i, pkg, gen)
		}
	}
}

// A name that an in-package test file declares and the package's
// generated code declares too is reported, though the tests have no
// //async functions of their own.
func TestCollisionWithTestFile(t *testing.T) {
	writeCase(t, "testcollide", []txtar.File{
		{Name: "k.go", Data: []byte(`package testcollide

import "github.com/asyncgen/asyncgen/runtime"

//async
func F() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
`)},
		{Name: "k_test.go", Data: []byte(`package testcollide

func FAsync() int { return 1 }
`)},
	})
	code, _, stderr := runGen(t, "./testcollide")
	want := "testcollide/k_test.go:3:6: FAsync is declared here and generated for an //async function of testcollide/k.go: rename one of them"
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("asyncgen: exit %d\n%s\nwant exit 1 and %q", code, stderr, want)
	}
	if code, _, stderr := runGen(t, "-check", "./testcollide"); code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("asyncgen -check: exit %d\n%s", code, stderr)
	}
}

// TestFreshPackageByPackage: each package of this repository with
// generated files is fresh by a run of asyncgen on it alone, as go generate
// runs it, not only by a run over ./... . Alone, the packages built on it
// that its external tests import come from their export data, compiled
// against its generated files as they are; the type checker adds the
// declarations those name to the package, and they must not count as
// taken, or each run names the generated declarations apart from the last
// one's (runtime/asynchttp's tests import internal/drive, which awaits
// Client.CloseIdleConnections).
func TestFreshPackageByPackage(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks each package of the repository")
	}
	root := repoRoot()
	out, err := exec.Command("git", "-C", root, "ls-files", "*_async.go", "*_async_test.go").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	dirs := map[string]bool{}
	for _, f := range strings.Fields(string(out)) {
		if !strings.Contains(f, "testdata/") {
			dirs["./"+filepath.Dir(f)] = true
		}
	}
	if len(dirs) == 0 {
		t.Fatal("no generated files listed")
	}
	for _, dir := range slices.Sorted(maps.Keys(dirs)) {
		if code, stdout, stderr := runGenEnv(t, root, nil, "-check", dir); code != 0 {
			t.Errorf("asyncgen -check %s: exit %d\n%s%s", dir, code, stdout, stderr)
		}
	}
}

// writeFiles writes files (paths from the module's root) into the test
// module, keeping the others.
func writeFiles(t *testing.T, files map[string]string) {
	t.Helper()
	for name, data := range files {
		path := filepath.Join(module, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A package's external test may import a package built on it, and pass
// it the package's own types: there both see the package with its test
// files, as the go command builds them, whether the run checks the package
// built on it from source (asyncgen ./box ./unbox) or not.
func TestExternalTestImportsDependent(t *testing.T) {
	writeCase(t, "xbox", []txtar.File{{Name: "box.go", Data: []byte(`package xbox

import "github.com/asyncgen/asyncgen/runtime"

type Box[T any] struct{ V T }

//async
func (b *Box[T]) Get() (T, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return b.V, err
}
`)}, {Name: "box_test.go", Data: []byte(`package xbox_test

import (
	"testing"

	"example.com/t/xbox"
	"example.com/t/xunbox"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func viaUnbox() (string, error) {
	return runtime.Await(xunbox.UnboxAsync(&xbox.Box[string]{V: "x"}))
}

func TestUnbox(t *testing.T) {
	if v, err := runtime.Run(viaUnboxAsync()); v != "x" || err != nil {
		t.Fatal(v, err)
	}
}
`)}, {Name: "in_test.go", Data: []byte(`package xbox

import "github.com/asyncgen/asyncgen/runtime"

// The package with its test files is a package of its own.
//
//async
func peek(b *Box[int]) (int, error) { return runtime.Await(b.GetAsync()) }
`)}})
	writeCase(t, "xunbox", []txtar.File{{Name: "unbox.go", Data: []byte(`package xunbox

import (
	"example.com/t/xbox"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func Unbox(b *xbox.Box[string]) (string, error) {
	return runtime.Await(b.GetAsync())
}
`)}})
	for _, args := range [][]string{{"./xbox", "./xunbox"}, {"./xbox"}, {"./xunbox"}, {"-check", "./xbox", "./xunbox"}, {"-check", "./xbox"}} {
		if code, stdout, stderr := runGen(t, args...); code != 0 {
			t.Errorf("asyncgen %v: exit %d\n%s%s", args, code, stdout, stderr)
		}
	}
}

// go generate ./... runs asyncgen package by package, in the order of
// their paths: a package that awaits another's //async function may come
// first, and is generated against the other's source, not against its
// generated file as the disk holds it then, stale or missing. The first
// go generate ./... leaves every package fresh.
func TestDependencyGeneratedAfterDependent(t *testing.T) {
	writeCase(t, "ordapp", nil)
	writeCase(t, "ordlib", nil)
	const lib = `package ordlib

import "github.com/asyncgen/asyncgen/runtime"

//async
func Count(n int) (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return n, err
}
`
	writeFiles(t, map[string]string{
		"ordlib/lib.go": lib,
		"ordlib/lib_test.go": `package ordlib_test

import (
	"testing"

	"example.com/t/ordapp"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func twice() (int64, error) {
	v, err := runtime.Await(ordapp.MainAsync())
	return 2 * int64(v), err
}

func TestTwice(t *testing.T) {
	if v, err := runtime.Run(twiceAsync()); v != 6 || err != nil {
		t.Fatal(v, err)
	}
}
`,
		"ordapp/app.go": `package ordapp

import (
	"example.com/t/ordlib"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func Main() (int, error) {
	v, err := runtime.Await(ordlib.CountAsync(3))
	_ = v
	return 3, err
}
`,
	})
	perPackage := func(when string) {
		t.Helper()
		for _, dir := range []string{"./ordapp", "./ordlib"} {
			if code, stdout, stderr := runGen(t, dir); code != 0 {
				t.Fatalf("%s: asyncgen %s: exit %d\n%s%s", when, dir, code, stdout, stderr)
			}
		}
		if code, stdout, stderr := runGen(t, "-check", "./ordapp", "./ordlib"); code != 0 {
			t.Fatalf("%s: asyncgen -check after a run per package: exit %d\n%s%s", when, code, stdout, stderr)
		}
	}
	perPackage("first generation")
	// A change of the result type that ordapp's source accepts as it is,
	// but not the frame its generated file holds.
	writeFiles(t, map[string]string{"ordlib/lib.go": strings.ReplaceAll(lib, "int", "int64")})
	perPackage("after ordlib's change")
	cmd := exec.Command("go", "vet", "./ordapp", "./ordlib")
	cmd.Dir, cmd.Env = module, moduleEnv
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet: %v\n%s", err, out)
	}
}

// A run on one package reads a package of the module that it imports
// from export data only when that package's generated files, and those of
// every package of the module under it, are what asyncgen writes for the
// sources as they are, and build: a dependency whose source gained an
// //async function since its generated file was written is checked from
// source; so is a fresh one built on a package whose //async function's
// result changed since, whose export data gives the old result to what it
// declares with it; and so is one fresh by its stamps whose generated file
// no longer builds, for a type changed in another of its files.
func TestStaleDependencyFromSource(t *testing.T) {
	const base = `package stalebase

import "github.com/asyncgen/asyncgen/runtime"

//async
func One() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return 1, err
}
`
	const mid = `package stalemid

import (
	"example.com/t/stalebase"
	"github.com/asyncgen/asyncgen/runtime"
)

var Start = stalebase.OneAsync

//async
func Two() (int, error) {
	v := size()
	_, err := runtime.Await(stalebase.OneAsync())
	return int(v), err
}
`
	const size = "package stalemid\n\nfunc size() int32 { return 2 }\n"
	const user = `package staleuser

import (
	"example.com/t/stalemid"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func Sum() (int64, error) {
	var a %s
	a, err := runtime.Await(stalemid.Start())
	if err != nil {
		return 0, err
	}
	b, err := runtime.Await(stalemid.%sAsync())
	return int64(a) + int64(b), err
}
`
	for _, tc := range []struct {
		name            string
		base, mid, user string
		size            string
		buildsUnchanged bool // the stale generated files build
	}{
		{"a function made //async", base, strings.Replace(mid, "var Start", `//async
func Three() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return 3, err
}

var Start`, 1), fmt.Sprintf(user, "int", "Three"), size, true},
		{"a result changed under a fresh package", strings.Replace(base, "func One() (int, error)", "func One() (int64, error)", 1), mid,
			fmt.Sprintf(user, "int64", "Two"), size, true},
		// Fresh by its stamps, stalemid's generated file does not build:
		// its frame holds an int32.
		{"a type changed beside a fresh file", base, mid, fmt.Sprintf(user, "int", "Two"), strings.Replace(size, "int32", "int64", 1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			write := func(base, mid, size, user string) {
				t.Helper()
				writeFiles(t, map[string]string{"stalebase/b.go": base, "stalemid/m.go": mid, "stalemid/size.go": size, "staleuser/u.go": user})
			}
			for _, dir := range []string{"stalebase", "stalemid", "staleuser"} {
				writeCase(t, dir, nil)
			}
			write(base, mid, size, fmt.Sprintf(user, "int", "Two"))
			if code, stdout, stderr := runGen(t, "./stalebase", "./stalemid", "./staleuser"); code != 0 {
				t.Fatalf("asyncgen: exit %d\n%s%s", code, stdout, stderr)
			}
			// Fresh, both come from export data.
			code, stdout, stderr := runGen(t, "-v", "-check", "./staleuser")
			if want := "packages of the module imported: 2 from export data, 0 checked from source"; code != 0 || !strings.Contains(stderr, want) {
				t.Fatalf("asyncgen -v -check ./staleuser: exit %d, stderr lacks %q:\n%s%s", code, want, stdout, stderr)
			}
			write(tc.base, tc.mid, tc.size, tc.user)
			cmd := exec.Command("go", "build", "./stalebase", "./stalemid")
			cmd.Dir, cmd.Env = module, moduleEnv
			if out, err := cmd.CombinedOutput(); (err == nil) != tc.buildsUnchanged {
				t.Fatalf("go build of the packages as they are: %v, want it to build: %v\n%s", err, tc.buildsUnchanged, out)
			}
			if code, stdout, stderr := runGen(t, "./staleuser"); code != 0 {
				t.Errorf("asyncgen ./staleuser: exit %d\n%s%s", code, stdout, stderr)
			}
			if code, stdout, stderr := runGen(t, "./stalebase", "./stalemid"); code != 0 {
				t.Fatalf("asyncgen ./stalebase ./stalemid: exit %d\n%s%s", code, stdout, stderr)
			}
			if code, stdout, stderr := runGen(t, "-check", "./stalebase", "./stalemid", "./staleuser"); code != 0 {
				t.Errorf("asyncgen -check after a run per package: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}

// The generated FAsync spells an array result with its length worked out
// ([3]int for [N]int), so a change to N in another file makes the
// generated file stale while its source and stamp stay as they were, and
// it still builds: a package with such a signature is checked from
// source, or its importers would see the old length.
func TestComputedArrayLengthFromSource(t *testing.T) {
	const base = `package arrbase

import "github.com/asyncgen/asyncgen/runtime"

//async
func F() ([N]int, error) {
	var x [N]int
	_, err := runtime.Await(runtime.Sleep(0))
	x[0] = 1
	return x, err
}
`
	const user = `package arruser

import (
	"example.com/t/arrbase"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func G() (int, error) {
	v, err := runtime.Await(arrbase.FAsync())
	var w [arrbase.N]int = v
	return len(w), err
}
`
	for _, dir := range []string{"arrbase", "arruser"} {
		writeCase(t, dir, nil)
	}
	writeFiles(t, map[string]string{"arrbase/b.go": base, "arrbase/n.go": "package arrbase\n\nconst N = 3\n", "arruser/u.go": user})
	if code, stdout, stderr := runGen(t, "./arrbase", "./arruser"); code != 0 {
		t.Fatalf("asyncgen: exit %d\n%s%s", code, stdout, stderr)
	}
	writeFiles(t, map[string]string{"arrbase/n.go": "package arrbase\n\nconst N = 4\n"})
	code, stdout, stderr := runGen(t, "-v", "./arruser")
	if want := "packages of the module imported: 0 from export data, 1 checked from source"; code != 0 || !strings.Contains(stderr, want) {
		t.Errorf("asyncgen -v ./arruser after N changed: exit %d, want 0 and %q:\n%s%s", code, want, stdout, stderr)
	}
}

// Run in a package's directory, as go generate runs it, asyncgen names
// the files of the other packages of the module as the go command does:
// by their path from there when that is shorter.
func TestPositionsFromPackageDirectory(t *testing.T) {
	writeCase(t, "brokendep", []txtar.File{{Name: "b.go", Data: []byte(`package brokendep

import "github.com/asyncgen/asyncgen/runtime"

//async
func G() int {
	runtime.Await(runtime.Sleep(0))
	return "s"
}
`)}})
	writeCase(t, "ondep", []txtar.File{{Name: "a.go", Data: []byte(`package ondep

import (
	"example.com/t/brokendep"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func F() (int, error) {
	return runtime.Await(brokendep.GAsync())
}
`)}})
	code, _, stderr := runGenIn(t, filepath.Join(module, "ondep"))
	if want := "a.go:4:2: could not import example.com/t/brokendep (it does not build: ../brokendep/b.go:8:9: "; code != 1 || !strings.HasPrefix(stderr, want) {
		t.Errorf("asyncgen in ondep: exit %d, stderr does not start with %q:\n%s", code, want, stderr)
	}
}

// A call of FAsync where F has no //async line (it was removed, or never
// there) says so, where F is, and the fix: in the package, in another
// one, and for a method.
func TestUndefinedAsyncOfPlainFunction(t *testing.T) {
	writeCase(t, "plainlib", []txtar.File{{Name: "lib.go", Data: []byte(`package plainlib

import "github.com/asyncgen/asyncgen/runtime"

// Fetch lost its //async line.
func Fetch(n int) (int, error) { return n, nil }

type Box struct{}

func (Box) Get() (int, error) { return 1, nil }

//async
func Use() (int, error) {
	runtime.Await(runtime.Sleep(0))
	return 1, nil
}
`)}})
	writeCase(t, "plainself", []txtar.File{{Name: "lib.go", Data: []byte(`package plainself

import "github.com/asyncgen/asyncgen/runtime"

// Fetch lost its //async line.
func Fetch(n int) (int, error) { return n, nil }

//async
func Use() (int, error) {
	runtime.Await(runtime.Sleep(0))
	return runtime.Await(FetchAsync(1))
}
`)}})
	writeCase(t, "plainuser", []txtar.File{{Name: "user.go", Data: []byte(`package plainuser

import (
	"example.com/t/plainlib"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func Both() (int, error) {
	v, err := runtime.Await(plainlib.FetchAsync(1))
	if err != nil {
		return 0, err
	}
	w, err := runtime.Await(plainlib.Box{}.GetAsync())
	return v + w, err
}
`)}})
	code, _, stderr := runGen(t, "./plainlib", "./plainuser", "./plainself")
	for _, want := range []string{
		"plainself/lib.go:11:23: undefined: FetchAsync; Fetch (plainself/lib.go:6:6) is not //async: add //async to its doc comment, or call Fetch directly\n",
		"plainuser/user.go:10:35: undefined: plainlib.FetchAsync; plainlib.Fetch (plainlib/lib.go:6:6) is not //async: add //async to its doc comment, or call Fetch directly\n",
		"plainuser/user.go:14:41: plainlib.Box{}.GetAsync undefined (type plainlib.Box has no field or method GetAsync); plainlib.Box.Get (plainlib/lib.go:10:12) is not //async: add //async to its doc comment, or call Get directly\n",
	} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("asyncgen: exit %d, stderr lacks\n%s\n%s", code, want, stderr)
		}
	}
	// plainlib, generated by the run above, is fresh: a run on plainuser
	// alone reads it from export data, and says the same.
	code, _, stderr = runGen(t, "./plainuser")
	for _, want := range []string{
		"plainuser/user.go:10:35: undefined: plainlib.FetchAsync; plainlib.Fetch (plainlib/lib.go:6:6) is not //async: add //async to its doc comment, or call Fetch directly\n",
		"plainuser/user.go:14:41: plainlib.Box{}.GetAsync undefined (type plainlib.Box has no field or method GetAsync); plainlib.Box.Get (plainlib/lib.go:10:12) is not //async: add //async to its doc comment, or call Get directly\n",
	} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("asyncgen ./plainuser: exit %d, stderr lacks\n%s\n%s", code, want, stderr)
		}
	}
}

// A declaration added beside a generated file, of a name the generated
// file declares, is reported as the collision with asyncgen's name that it
// is, as before the file was first generated: wherever the new declaration
// sorts among the files.
func TestCollisionWithGeneratedName(t *testing.T) {
	const a = `package collide

import "github.com/asyncgen/asyncgen/runtime"

//async
func Fetch() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
`
	writeCase(t, "collide", []txtar.File{{Name: "a.go", Data: []byte(a)}})
	want := "collide/a.go: FetchAsync redeclared in this block: asyncgen generates this name for the //async functions of this file, and the package declares it already: rename that declaration or the //async function\n" +
		"collide/z.go:3:6: \tother declaration of FetchAsync\n"
	for _, generated := range []bool{false, true} {
		os.Remove(filepath.Join(module, "collide", "z.go"))
		if generated {
			if code, _, stderr := runGen(t, "./collide"); code != 0 {
				t.Fatalf("asyncgen: exit %d\n%s", code, stderr)
			}
		}
		writeFiles(t, map[string]string{"collide/z.go": "package collide\n\nfunc FetchAsync() {}\n"})
		if code, _, stderr := runGen(t, "./collide"); code != 1 || stderr != want {
			t.Errorf("generated before: %v: asyncgen: exit %d, stderr:\n%s\nwant exit 1 and:\n%s", generated, code, stderr, want)
		}
	}
}

// Under go generate, an orphaned generated file that go generate has read
// already (it reads a package's files in order, and runs a file's
// directives when it reads that file) is removed at once: only one that
// it may yet read is left as a stub for the next run.
func TestOrphanReadAlreadyUnderGoGenerate(t *testing.T) {
	bin := buildAsyncgen(t)
	const src = "package gen2\n\n//async\nfunc %s() int { return 1 }\n"
	const test = "package gen2\n\nimport \"testing\"\n\n//async\nfunc t%s() int { return 1 }\n\nfunc TestT%[1]s(t *testing.T) {}\n"
	writeCase(t, "gen2", []txtar.File{
		{Name: "a.go", Data: fmt.Appendf(nil, src, "a")},
		{Name: "m.go", Data: fmt.Appendf(nil, "package gen2\n\n//go:generate %s\n\n//async\nfunc m() int { return 1 }\n", bin)},
		{Name: "z.go", Data: fmt.Appendf(nil, src, "z")},
		{Name: "a_test.go", Data: fmt.Appendf(nil, test, "a")},
		{Name: "n_test.go", Data: fmt.Appendf(nil, "package gen2\n\n//go:generate %s\n", bin)},
		{Name: "z_test.go", Data: fmt.Appendf(nil, test, "z")},
	})
	dir := filepath.Join(module, "gen2")
	goIn(t, dir, "generate")
	for _, name := range []string{"a.go", "z.go", "a_test.go", "z_test.go"} {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		if err := os.WriteFile(filepath.Join(dir, name), bytes.Replace(data, []byte("//async\n"), nil, 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// go generate reads the files in the order of their names, test
	// files among the others. The directive of m.go runs first: go
	// generate has read a_async.go and a_async_test.go, not yet
	// z_async.go nor z_async_test.go; then that of n_test.go, which must
	// leave them too, although they are stubs by then.
	goIn(t, dir, "generate")
	goIn(t, dir, "vet")
	for name, want := range map[string]string{"a_async.go": "gone", "z_async.go": "stub", "a_async_test.go": "gone", "z_async_test.go": "stub"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		got := "gone"
		if err == nil {
			got = "file"
			if isRemovalStub(data) {
				got = "stub"
			}
		}
		if got != want {
			t.Errorf("%s after the first run: %s, want %s", name, got, want)
		}
	}
	goIn(t, dir, "generate")
	for _, name := range []string{"z_async.go", "z_async_test.go"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s after the second run: %v, want it removed", name, err)
		}
	}
}

// The names generated for the package's functions are clear of those its
// in-package test files declare, which go test compiles with them,
// whether or not the tests have //async functions of their own.
func TestGeneratedNamesClearOfTestFiles(t *testing.T) {
	const lib = `package testnames

import "github.com/asyncgen/asyncgen/runtime"

//async
func fetch() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return 1, err
}

//async
func Run() (int, error) {
	return runtime.Await(runtime.Spawn(fetchAsync()))
}
`
	const tests = `package testnames

import (
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

type fetchFrame struct{}

var fetchFunc, spawn_fetch = 1, 2

func TestRun(t *testing.T) {
	if v, err := runtime.Run(RunAsync()); v != 1 || err != nil {
		t.Fatal(v, err)
	}
}
`
	const asyncTest = `package testnames

import "github.com/asyncgen/asyncgen/runtime"

//async
func inTest() (int, error) { return runtime.Await(fetchAsync()) }
`
	for _, withAsync := range []bool{false, true} {
		files := []txtar.File{{Name: "lib.go", Data: []byte(lib)}, {Name: "lib_test.go", Data: []byte(tests)}}
		if withAsync {
			files = append(files, txtar.File{Name: "async_test.go", Data: []byte(asyncTest)})
		}
		writeCase(t, "testnames", files)
		if code, _, stderr := runGen(t, "./testnames"); code != 0 {
			t.Fatalf("asyncgen: exit %d\n%s", code, stderr)
		}
		cmd := exec.Command("go", "vet", "./testnames")
		cmd.Dir, cmd.Env = module, moduleEnv
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("tests with //async functions: %v: go vet: %v\n%s", withAsync, err, out)
		}
	}
}

// A package generated in the same run as a package it imports sees that
// one as a run on it alone does: a misplaced //async there, which fails
// that package's generation, does not keep it from building; a type error
// does, and is reported as the reason.
func TestImportOfPackageWithErrors(t *testing.T) {
	const lib = `package %s

import "github.com/asyncgen/asyncgen/runtime"

//async
func F() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return 1, err
}
`
	const user = `package %s

import (
	"example.com/t/%s"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func G() (int, error) { return runtime.Await(%[2]s.FAsync()) }
`
	writeCase(t, "stray", []txtar.File{{Name: "a.go", Data: fmt.Appendf(nil, lib+"\n//async\n\nvar Stray int\n", "stray")}})
	writeCase(t, "onstray", []txtar.File{{Name: "a.go", Data: fmt.Appendf(nil, user, "onstray", "stray")}})
	writeCase(t, "typeerr", []txtar.File{{Name: "a.go", Data: fmt.Appendf(nil, lib+"\nvar X int = \"s\"\n", "typeerr")}})
	writeCase(t, "ontypeerr", []txtar.File{{Name: "a.go", Data: fmt.Appendf(nil, user, "ontypeerr", "typeerr")}})
	code, _, stderr := runGen(t, "./stray", "./onstray", "./typeerr", "./ontypeerr")
	want := "stray/a.go:11:1: //async is not attached to a function declaration: it applies only to top-level function declarations, not to var declarations\n" +
		"typeerr/a.go:11:13: cannot use \"s\" (untyped string constant) as int value in variable declaration\n" +
		"ontypeerr/a.go:4:2: could not import example.com/t/typeerr (it does not build: typeerr/a.go:11:13: cannot use \"s\" (untyped string constant) as int value in variable declaration)\n"
	if code != 1 || stderr != want {
		t.Errorf("asyncgen: exit %d, stderr:\n%s\nwant exit 1 and:\n%s", code, stderr, want)
	}
	if _, err := os.Stat(filepath.Join(module, "onstray", "a_async.go")); err != nil {
		t.Errorf("onstray was not generated: %v", err)
	}
}

// An external test sees the package with its in-package test files, as
// go test builds it: the export_test.go idiom, which exports internals
// to the external test, works also when the in-package tests have no
// //async function.
func TestExternalTestUsesExportTest(t *testing.T) {
	writeCase(t, "exptest", []txtar.File{
		{Name: "ex.go", Data: []byte(`package exptest

import "github.com/asyncgen/asyncgen/runtime"

//async
func F() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return double(1), err
}

func double(x int) int { return 2 * x }
`)},
		{Name: "export_test.go", Data: []byte("package exptest\n\nvar Double = double\n")},
		{Name: "ex_test.go", Data: []byte(`package exptest_test

import (
	"testing"

	"example.com/t/exptest"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func g() (int, error) {
	v, err := runtime.Await(exptest.FAsync())
	return exptest.Double(v), err
}

func TestG(t *testing.T) {
	if v, err := runtime.Run(gAsync()); v != 4 || err != nil {
		t.Fatal(v, err)
	}
}
`)},
	})
	if code, _, stderr := runGen(t, "./exptest"); code != 0 {
		t.Fatalf("asyncgen: exit %d\n%s", code, stderr)
	}
	cmd := exec.Command("go", "test", "-count=1", "./exptest")
	cmd.Dir, cmd.Env = module, moduleEnv
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go test: %v\n%s", err, out)
	}
}

// A source file that the build configuration comes to leave out, while
// its generated file, made under the constraints it had, stays in: the
// generated file is an orphan of this configuration (the one the source
// is in now writes it anew), not another configuration's to leave alone.
func TestSourceLeftOutGeneratedKept(t *testing.T) {
	const src = `package leftout

import "github.com/asyncgen/asyncgen/runtime"

//async
func F() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return helper(), err
}

func helper() int { return 1 }
`
	writeCase(t, "leftout", []txtar.File{{Name: "x.go", Data: []byte(src)}, {Name: "y.go", Data: []byte("package leftout\n")}})
	if code, _, stderr := runGen(t, "./leftout"); code != 0 {
		t.Fatalf("asyncgen: exit %d\n%s", code, stderr)
	}
	writeFiles(t, map[string]string{"leftout/x.go": "//go:build ignore\n\n" + src})
	code, stdout, _ := runGen(t, "-check", "./leftout")
	if want := "leftout/x_async.go: orphaned: its source x.go is left out of this build configuration, and no file of the package runs asyncgen from a //go:generate line; run go run github.com/asyncgen/asyncgen/cmd/asyncgen ./leftout to remove it, or delete it\n"; code != 1 || stdout != want {
		t.Errorf("asyncgen -check: exit %d, stdout %q, want %q", code, stdout, want)
	}
	if code, _, stderr := runGen(t, "./leftout"); code != 0 {
		t.Fatalf("asyncgen: exit %d\n%s", code, stderr)
	}
	cmd := exec.Command("go", "vet", "./leftout")
	cmd.Dir, cmd.Env = module, moduleEnv
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet: %v\n%s", err, out)
	}
}

// go generate ./... over a module whose packages await each other's
// //async functions, in an order where one comes before a package it
// imports, and an external test imports a package built on its own: the
// first run generates everything, a second changes nothing, and -check is
// silent.
func TestGoGenerateOnce(t *testing.T) {
	bin := buildAsyncgen(t)
	writeCase(t, "once", nil)
	writeFiles(t, map[string]string{
		"once/app/app.go": `package app

import (
	"example.com/t/once/lib"
	"github.com/asyncgen/asyncgen/runtime"
)

` + generateLine + bin + `

//async
func Main() (int, error) { return runtime.Await(lib.CountAsync(3)) }
`,
		"once/lib/lib.go": `package lib

import "github.com/asyncgen/asyncgen/runtime"

` + generateLine + bin + `

//async
func Count(n int) (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return n, err
}
`,
		"once/lib/lib_test.go": `package lib_test

import (
	"testing"

	"example.com/t/once/app"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func twice() (int, error) {
	v, err := runtime.Await(app.MainAsync())
	return 2 * v, err
}

func TestTwice(t *testing.T) {
	if v, err := runtime.Run(twiceAsync()); v != 6 || err != nil {
		t.Fatal(v, err)
	}
}
`,
	})
	goIn(t, module, "generate", "./once/...")
	goIn(t, module, "test", "-count=1", "./once/...")
	before := readCase(t, "once")
	goIn(t, module, "generate", "./once/...")
	if diff := cmp.Diff(before, readCase(t, "once")); diff != "" {
		t.Errorf("a second go generate changed files (-first +second):\n%s", diff)
	}
	if code, stdout, stderr := runGen(t, "-check", "./once/..."); code != 0 {
		t.Errorf("asyncgen -check: exit %d\n%s%s", code, stdout, stderr)
	}
}

// The generated file of an external test file that the build
// configuration leaves out is that of another configuration, left alone,
// as those of the package's other files are: go/packages lists the
// files left out only for the package itself.
func TestExternalTestOfOtherConfiguration(t *testing.T) {
	const lib = `package otherconf

import "github.com/asyncgen/asyncgen/runtime"

//async
func F() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return 1, err
}
`
	const xtest = `//go:build tagx

package otherconf_test

import (
	"testing"

	"example.com/t/otherconf"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func g() (int, error) { return runtime.Await(otherconf.FAsync()) }

func TestG(t *testing.T) {}
`
	writeCase(t, "otherconf", []txtar.File{
		{Name: "lib.go", Data: []byte(lib)},
		{Name: "lib_test.go", Data: []byte("package otherconf_test\n\nimport \"testing\"\n\nfunc TestPlain(t *testing.T) {}\n")},
		{Name: "x_test.go", Data: []byte(xtest)},
	})
	tagged := append(slices.Clip(moduleEnv), "GOFLAGS=-mod=mod -tags=tagx")
	if code, _, stderr := runGenEnv(t, module, tagged, "./otherconf"); code != 0 {
		t.Fatalf("asyncgen -tags=tagx: exit %d\n%s", code, stderr)
	}
	gen := filepath.Join(module, "otherconf", "x_async_test.go")
	if _, err := os.Stat(gen); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := runGenEnv(t, module, moduleEnv, "-check", "./otherconf"); code != 0 {
		t.Errorf("asyncgen -check without the tag: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runGenEnv(t, module, moduleEnv, "./otherconf"); code != 0 {
		t.Errorf("asyncgen without the tag: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(gen); err != nil {
		t.Errorf("x_async_test.go after a run without the tag: %v", err)
	}
}

// Packages checked from source for a run on another (see deps) leave out
// a cgo package: its C types would have none. A package using them is
// generated for, as when its imports came from export data. lib is left
// without its generated file, so that cg, which imports it, is not fresh
// and is checked from source, not read from export data.
func TestImportOfCgoPackage(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler")
	}
	writeCase(t, "cgodep", nil)
	writeFiles(t, map[string]string{
		"cgodep/lib/lib.go": "package lib\n\nimport \"github.com/asyncgen/asyncgen/runtime\"\n\n" + generateLine + "go run github.com/asyncgen/asyncgen/cmd/asyncgen\n\n//async\nfunc One() (int, error) {\n\t_, err := runtime.Await(runtime.Sleep(0))\n\treturn 1, err\n}\n",
		"cgodep/cg/cg.go":   "package cg\n\n// #define LIMIT 3\n// static int twice(int x) { return 2 * x; }\nimport \"C\"\n\nimport _ \"example.com/t/cgodep/lib\"\n\nconst Limit = C.LIMIT\n\nfunc Twice(x int) C.int { return C.twice(C.int(x)) }\n",
		"cgodep/app/app.go": "package app\n\nimport (\n\t\"example.com/t/cgodep/cg\"\n\t\"github.com/asyncgen/asyncgen/runtime\"\n)\n\n" + generateLine + "go run github.com/asyncgen/asyncgen/cmd/asyncgen\n\n//async\nfunc Sum() (int, error) {\n\tvar a [cg.Limit]int\n\t_, err := runtime.Await(runtime.Sleep(0))\n\treturn len(a) + int(cg.Twice(2)), err\n}\n",
	})
	if code, _, stderr := runGen(t, "./cgodep/app"); code != 0 {
		t.Errorf("asyncgen ./cgodep/app, whose import cg is a cgo package: exit %d\n%s", code, stderr)
	}
}

// A cgo package is read from its export data, compiled from the files on
// disk: a package that awaits its //async function while its generated
// file is missing or stale is not generated against the declarations it
// had before, but refused, named, with the file, and told to generate the
// cgo package first, as go generate ./... in the order of the paths would
// not. A package using only its plain functions, which its source
// declares, is generated.
func TestStaleCgoDependency(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler")
	}
	const cg = `package cg

import "github.com/asyncgen/asyncgen/runtime"

//async
func Add2(a, b int) (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return int(C2(a, b)), err
}
`
	const user = "package %s\n\nimport (\n\t\"example.com/t/cgostale/cg\"\n\t\"github.com/asyncgen/asyncgen/runtime\"\n)\n\n//async\nfunc Use() (int, error) {\n\tv, err := runtime.Await(cg.Add2Async(1, 2))\n\treturn int(v) + 1, err\n}\n"
	writeCase(t, "cgostale", nil)
	writeFiles(t, map[string]string{
		"cgostale/cg/c2.go":    "package cg\n\n// static int add2(int a, int b) { return a + b; }\nimport \"C\"\n\nfunc C2(a, b int) int { return int(C.add2(C.int(a), C.int(b))) }\n",
		"cgostale/cg/plain.go": cg,
		"cgostale/aa/aa.go":    fmt.Sprintf(user, "aa"),
		"cgostale/ab/ab.go":    fmt.Sprintf(user, "ab"),
		"cgostale/mid/mid.go":  "package mid\n\nimport \"example.com/t/cgostale/cg\"\n\nvar Start = cg.Add2Async\n",
		"cgostale/via/via.go":  "package via\n\nimport (\n\t\"example.com/t/cgostale/mid\"\n\t\"github.com/asyncgen/asyncgen/runtime\"\n)\n\n//async\nfunc Use() (int, error) {\n\tv, err := runtime.Await(mid.Start(1, 2))\n\treturn int(v), err\n}\n",
		"cgostale/plain/p.go":  "package plain\n\nimport (\n\t\"example.com/t/cgostale/cg\"\n\t\"github.com/asyncgen/asyncgen/runtime\"\n)\n\n//async\nfunc Use() (int, error) {\n\t_, err := runtime.Await(runtime.Sleep(0))\n\treturn cg.C2(1, 2), err\n}\n",
	})
	aa := filepath.Join(module, "cgostale", "aa")
	refused := func(when, state string) {
		t.Helper()
		before, _ := os.ReadFile(filepath.Join(aa, "aa_async.go"))
		code, _, stderr := runGenIn(t, aa, ".")
		want := "example.com/t/cgostale/aa: not generated: it uses the //async functions of cgo package example.com/t/cgostale/cg, whose generated file ../cg/plain_async.go is " + state + ":"
		if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "(go run github.com/asyncgen/asyncgen/cmd/asyncgen ../cg)") {
			t.Errorf("%s: asyncgen in aa: exit %d, want 1 and %q, naming asyncgen ../cg:\n%s", when, code, want, stderr)
		}
		if after, _ := os.ReadFile(filepath.Join(aa, "aa_async.go")); !bytes.Equal(before, after) {
			t.Errorf("%s: aa_async.go written against the cgo package's export data", when)
		}
	}
	refused("first generation", "missing")
	// Each refused package is named, and only those using the //async
	// functions are refused.
	code, _, stderr := runGen(t, "./cgostale/aa", "./cgostale/ab", "./cgostale/plain")
	for _, name := range []string{"aa", "ab"} {
		if !strings.Contains(stderr, "example.com/t/cgostale/"+name+": not generated: it uses the //async functions of cgo package") {
			t.Errorf("asyncgen on aa, ab and plain: exit %d, want %s named as refused:\n%s", code, name, stderr)
		}
	}
	if strings.Contains(stderr, "cgostale/plain") {
		t.Errorf("asyncgen on aa, ab and plain: plain, which uses only cg.C2, is refused:\n%s", stderr)
	}
	if code, _, stderr := runGen(t, "./cgostale/plain"); code != 0 {
		t.Errorf("asyncgen on plain, which uses only cg.C2 of the stale cgo package: exit %d\n%s", code, stderr)
	}
	for _, dir := range []string{"./cgostale/cg", "./cgostale/aa", "./cgostale/ab", "./cgostale/via"} {
		if code, _, stderr := runGen(t, dir); code != 0 {
			t.Fatalf("asyncgen %s: exit %d\n%s", dir, code, stderr)
		}
	}
	writeFiles(t, map[string]string{"cgostale/cg/plain.go": strings.ReplaceAll(strings.ReplaceAll(cg, "(int, error)", "(int64, error)"), "int(C2(a, b)), err", "int64(C2(a, b)), err")})
	refused("after Add2's result changed", "stale")
	// Through a package between them that uses Add2Async.
	if code, _, stderr := runGen(t, "./cgostale/via"); code != 1 || !strings.Contains(stderr, "example.com/t/cgostale/via: not generated: it uses the //async functions of cgo package") {
		t.Errorf("asyncgen on via, which awaits cg.Add2Async through mid: exit %d, want 1 and via refused:\n%s", code, stderr)
	}
	for _, dir := range []string{"./cgostale/cg", "./cgostale/aa", "./cgostale/ab", "./cgostale/via"} {
		if code, _, stderr := runGen(t, dir); code != 0 {
			t.Fatalf("asyncgen %s after Add2's change: exit %d\n%s", dir, code, stderr)
		}
	}
	goIn(t, module, "vet", "./cgostale/...")
}

// A package using the //async function of a cgo package that asyncgen
// refuses, for its use of C, is not told to generate that package first,
// which cannot succeed, but what keeps it from being generated.
func TestRefusedCgoDependency(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler")
	}
	writeCase(t, "cgorefused", nil)
	writeFiles(t, map[string]string{
		"cgorefused/cg/cg.go":   "package cg\n\n// static int two(void) { return 2; }\nimport \"C\"\n\nimport \"github.com/asyncgen/asyncgen/runtime\"\n\n//async\nfunc Two() (int, error) {\n\t_, err := runtime.Await(runtime.Sleep(0))\n\treturn int(C.two()), err\n}\n",
		"cgorefused/app/app.go": "package app\n\nimport (\n\t\"example.com/t/cgorefused/cg\"\n\t\"github.com/asyncgen/asyncgen/runtime\"\n)\n\n//async\nfunc Use() (int, error) { return runtime.Await(cg.TwoAsync()) }\n",
	})
	code, _, stderr := runGen(t, "./cgorefused/app")
	want := "example.com/t/cgorefused/app: not generated: it uses the //async functions of cgo package example.com/t/cgorefused/cg, whose generated file cgorefused/cg/cg_async.go is missing, and which no run can generate while it uses cgo in //async function Two (cgorefused/cg/cg.go:11:13): move the C calls"
	if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "generate that package first") {
		t.Errorf("asyncgen on app: exit %d, want 1 and %q:\n%s", code, want, stderr)
	}
}

// The files of a directory are scanned for the runtime's import and the
// //go:generate line once, not once for each of its units (a package, its
// tests and its external tests) and again for each question.
func TestDirScannedOnce(t *testing.T) {
	const lib = "package scanonce\n\nimport \"github.com/asyncgen/asyncgen/runtime\"\n\n" + generateLine + "go run github.com/asyncgen/asyncgen/cmd/asyncgen\n\n//async\nfunc F() (int, error) {\n\t_, err := runtime.Await(runtime.Sleep(0))\n\treturn 1, err\n}\n"
	const test = "package scanonce\n\nimport \"github.com/asyncgen/asyncgen/runtime\"\n\n//async\nfunc g() error {\n\t_, err := runtime.Await(runtime.Sleep(0))\n\treturn err\n}\n"
	const xtest = "package scanonce_test\n\nimport \"github.com/asyncgen/asyncgen/runtime\"\n\n//async\nfunc h() error {\n\t_, err := runtime.Await(runtime.Sleep(0))\n\treturn err\n}\n"
	writeCase(t, "scanonce", []txtar.File{{Name: "a.go", Data: []byte(lib)}, {Name: "a_test.go", Data: []byte(test)}, {Name: "x_test.go", Data: []byte(xtest)}})
	reads := map[string]int{}
	readScanned = func(path string) ([]byte, error) {
		reads[filepath.Base(path)]++
		return os.ReadFile(path)
	}
	defer func() { readScanned = os.ReadFile }()
	if code, _, stderr := runGen(t, "./scanonce"); code != 0 {
		t.Fatalf("asyncgen ./scanonce: exit %d\n%s", code, stderr)
	}
	for _, name := range []string{"a.go", "a_test.go", "x_test.go"} {
		if reads[name] != 1 {
			t.Errorf("%s scanned %d times, want once", name, reads[name])
		}
	}
}

// A run over ./... generates in one go a package that awaits, through a
// listed package with no //async function of its own, another's FAsync.
func TestThroughPlainListedPackage(t *testing.T) {
	writeCase(t, "through", nil)
	writeFiles(t, map[string]string{
		"through/lib/lib.go":   "package lib\n\nimport \"github.com/asyncgen/asyncgen/runtime\"\n\n//async\nfunc Count(n int) (int, error) {\n\t_, err := runtime.Await(runtime.Sleep(0))\n\treturn n, err\n}\n",
		"through/a/mid/mid.go": "package mid\n\nimport (\n\t\"example.com/t/through/lib\"\n\t\"github.com/asyncgen/asyncgen/runtime\"\n)\n\nfunc Wrap() runtime.Coro[int] { return lib.CountAsync(1) }\n",
		"through/z/app/app.go": "package app\n\nimport (\n\t\"example.com/t/through/a/mid\"\n\t\"github.com/asyncgen/asyncgen/runtime\"\n)\n\n//async\nfunc Main() (int, error) { return runtime.Await(mid.Wrap()) }\n",
	})
	if code, _, stderr := runGen(t, "./through/..."); code != 0 {
		t.Fatalf("asyncgen ./through/...: exit %d\n%s", code, stderr)
	}
	for _, f := range []string{"through/lib/lib_async.go", "through/z/app/app_async.go"} {
		if _, err := os.Stat(filepath.Join(module, f)); err != nil {
			t.Errorf("after one run: %v", err)
		}
	}
}

// A package whose runtime import is in its test files alone uses asyncgen:
// its //async functions are compiled. A plain package's note is given
// once, not again for each package that imports it.
func TestUsesAsyncgenThroughTests(t *testing.T) {
	writeCase(t, "leaf", []txtar.File{
		{Name: "leaf.go", Data: []byte("package leaf\n\n//async\nfunc Leaf() int { return 1 }\n")},
		{Name: "leaf_test.go", Data: []byte("package leaf\n\nimport (\n\t\"testing\"\n\n\t\"github.com/asyncgen/asyncgen/runtime\"\n)\n\nfunc TestLeaf(t *testing.T) { runtime.Run(LeafAsync()) }\n")},
	})
	if code, _, stderr := runGen(t, "./leaf"); code != 0 {
		t.Fatalf("asyncgen ./leaf: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(module, "leaf", "leaf_async.go")); err != nil {
		t.Errorf("leaf_async.go: %v", err)
	}
	writeCase(t, "notes", nil)
	writeFiles(t, map[string]string{
		"notes/plain/plain.go": "package plain\n\n// Stop stops.\n// async\nfunc Stop() {}\n",
		"notes/a/a.go":         "package a\n\nimport (\n\t\"example.com/t/notes/plain\"\n\t\"github.com/asyncgen/asyncgen/runtime\"\n)\n\n//async\nfunc A() { plain.Stop(); runtime.Await(runtime.Sleep(0)) }\n",
		"notes/b/b.go":         "package b\n\nimport (\n\t\"example.com/t/notes/plain\"\n\t\"github.com/asyncgen/asyncgen/runtime\"\n)\n\n//async\nfunc B() { plain.Stop(); runtime.Await(runtime.Sleep(0)) }\n",
	})
	code, _, stderr := runGen(t, "./notes/...")
	if n := strings.Count(stderr, "Stop is marked //async"); code != 0 || n != 1 {
		t.Errorf("asyncgen ./notes/...: exit %d, the note %d times, want once:\n%s", code, n, stderr)
	}
}

// A run generates for the GOARCH of its build configuration, not for the
// one asyncgen was built for: an array length worked out from
// unsafe.Sizeof, which the generated code spells as a number, is the
// target's (asyncgen installed once and run with GOARCH set).
func TestGeneratesForTargetArchSizes(t *testing.T) {
	target := "386"
	if runtime.GOARCH == "386" {
		target = "amd64"
	}
	src := `package archsize

import (
	"unsafe"

	"github.com/asyncgen/asyncgen/runtime"
)

//async
func F() ([unsafe.Sizeof(uintptr(0))]byte, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return [unsafe.Sizeof(uintptr(0))]byte{}, err
}
`
	writeCase(t, "archsize", []txtar.File{
		{Name: "p_" + target + ".go", Data: []byte(src)},
		{Name: "doc.go", Data: []byte("package archsize\n")},
	})
	env := append(slices.Clip(moduleEnv), "GOARCH="+target)
	if code, _, stderr := runGenEnv(t, module, env, "./archsize"); code != 0 {
		t.Fatalf("asyncgen with GOARCH=%s: exit %d\n%s", target, code, stderr)
	}
	cmd := exec.Command("go", "vet", "./archsize")
	cmd.Dir, cmd.Env = module, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet with GOARCH=%s of what asyncgen generated with GOARCH=%s: %v\n%s", target, target, err, out)
	}
}

// The messages name asyncgen as the module runs it: go tool asyncgen where
// go.mod has it as a tool, in a tool line or block, else go run with its
// package path.
func TestAsyncgenCommand(t *testing.T) {
	dir := t.TempDir()
	g := &generator{}
	for _, c := range []struct{ mod, want string }{
		{"module m\n\ntool github.com/asyncgen/asyncgen/cmd/asyncgen\n", "go tool asyncgen"},
		{"module m\n\ntool (\n\texample.com/other\n\tgithub.com/asyncgen/asyncgen/cmd/asyncgen\n)\n", "go tool asyncgen"},
		{"module m\n\ntool example.com/other\n\nrequire github.com/asyncgen/asyncgen/cmd/asyncgen v0.0.0\n", "go run github.com/asyncgen/asyncgen/cmd/asyncgen"},
		{"module m\n", "go run github.com/asyncgen/asyncgen/cmd/asyncgen"},
	} {
		path := filepath.Join(dir, "go.mod")
		if err := os.WriteFile(path, []byte(c.mod), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := g.asyncgenCommand(path); got != c.want {
			t.Errorf("go.mod %q: %q, want %q", c.mod, got, c.want)
		}
	}
}

// go generate builds asyncgen for the GOOS it is given, where it cannot
// run: the hint of a stale file under another GOOS says to run asyncgen
// built for this machine, whose GOOS and GOARCH the install names (go env
// -w may have set others), with GOOS set; under build tags, to set them.
func TestRegenerateHintOfConfiguration(t *testing.T) {
	target := "windows"
	if runtime.GOOS == "windows" {
		target = "linux"
	}
	const src = `package crossconf

import "github.com/asyncgen/asyncgen/runtime"

//async
func F() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return 1, err
}
`
	writeCase(t, "crossconf", []txtar.File{
		{Name: "p_" + target + ".go", Data: []byte(src)},
		{Name: "tagged.go", Data: []byte("//go:build crosstag\n\n" + strings.ReplaceAll(src, "F()", "G()"))},
		{Name: "doc.go", Data: []byte("package crossconf\n")},
	})
	for _, c := range []struct {
		env    string
		source string
		want   string
	}{
		{"GOOS=" + target, "p_" + target + ".go",
			"crossconf/p_" + target + "_async.go: stale: run asyncgen installed for this machine (GOOS=" + runtime.GOOS + " GOARCH=" + runtime.GOARCH + " go install github.com/asyncgen/asyncgen/cmd/asyncgen) as GOOS=" + target + " asyncgen ./crossconf\n"},
		{"GOFLAGS=-mod=mod -tags=crosstag", "tagged.go",
			"crossconf/tagged_async.go: stale: run GOFLAGS=-tags=crosstag go run github.com/asyncgen/asyncgen/cmd/asyncgen ./crossconf\n"},
	} {
		env := append(slices.Clip(moduleEnv), c.env)
		if code, _, stderr := runGenEnv(t, module, env, "./crossconf"); code != 0 {
			t.Fatalf("asyncgen with %s: exit %d\n%s", c.env, code, stderr)
		}
		path := filepath.Join(module, "crossconf", c.source)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		writeFiles(t, map[string]string{"crossconf/" + c.source: strings.ReplaceAll(string(data), "return 1", "return 2")})
		if code, stdout, stderr := runGenEnv(t, module, env, "-check", "./crossconf"); code != 1 || stdout != c.want {
			t.Errorf("asyncgen -check with %s after an edit: exit %d, stdout %q, want %q\n%s", c.env, code, stdout, c.want, stderr)
		}
	}
}
