package analyzer_test

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asyncgen/asyncgen/analyzer"
)

// casesDir is the module that TestMain lays out for the tests: see cases.
var casesDir string

// TestMain copies testdata/src into a temporary module named "cases" that
// requires this checkout of asyncgen (through a replace), so that the cases
// import the real runtime, and completes its go.mod once, so that the tests
// can load it in parallel without the go command rewriting it.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "asyncvet-cases")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	err = layout(dir)
	code := 1
	if err != nil {
		fmt.Fprintln(os.Stderr, "laying out the test module:", err)
	} else {
		casesDir = dir
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
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

// cases returns the module of test cases, which analysistest loads in
// module mode; each case is the package ./<rule>.
func cases(t *testing.T) string {
	t.Parallel()
	return casesDir
}

func TestOutsideAsync(t *testing.T) {
	analysistest.Run(t, cases(t), analyzer.OutsideAsync, "./outsideasync")
}

func TestDirectCall(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, cases(t), analyzer.DirectCall, "./directcall")
}

func TestUnawaited(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, cases(t), analyzer.Unawaited, "./unawaited")
}

func TestDroppedTask(t *testing.T) {
	analysistest.Run(t, cases(t), analyzer.DroppedTask, "./droppedtask")
}

func TestBlocking(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, cases(t), analyzer.Blocking, "./blocking")
}

func TestLockAcrossAwait(t *testing.T) {
	analysistest.Run(t, cases(t), analyzer.LockAcrossAwait, "./lockacrossawait")
}

func TestGoStmt(t *testing.T) {
	analysistest.Run(t, cases(t), analyzer.GoStmt, "./gostmt")
}

func TestDeferAwait(t *testing.T) {
	analysistest.Run(t, cases(t), analyzer.DeferAwait, "./deferawait")
}

func TestNoAwait(t *testing.T) {
	analysistest.Run(t, cases(t), analyzer.NoAwait, "./noawait")
}

func TestUnsupported(t *testing.T) {
	analysistest.Run(t, cases(t), analyzer.Unsupported, "./unsupported")
}

func TestGenerated(t *testing.T) {
	analysistest.Run(t, cases(t), analyzer.Generated, "./generated", "./generated/undefined")
}
