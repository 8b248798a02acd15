package analyzer_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asyncgen/asyncgen/analyzer"
)

// cases copies testdata/src into a temporary module named "cases" that
// requires this checkout of asyncgen (through a replace), so that the cases
// import the real runtime. It returns the module's directory, which
// analysistest loads in module mode.
func cases(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
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
		t.Fatal(err)
	}
	gomod := "module cases\n\ngo 1.26\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	// Let the go command complete go.mod from the module cache.
	t.Setenv("GOFLAGS", "-mod=mod")
	return dir
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
