package progen

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var (
	extraSeeds = flag.Int("progen.seeds", 0, "also run this many seeds after the fixed ones")
	firstSeed  = flag.Uint64("progen.first", 1000, "first of the extra seeds")
	keep       = flag.Bool("progen.keep", false, "keep the generated module and print its path")
)

// fixedSeeds run in every go test.
var fixedSeeds = []uint64{1, 2, 3}

func TestGenerateDeterministic(t *testing.T) {
	cfg := Config{Funcs: 20, Depth: 2}
	if !bytes.Equal(Generate(7, cfg), Generate(7, cfg)) {
		t.Fatal("Generate(7) differs between calls")
	}
	if bytes.Equal(Generate(7, cfg), Generate(8, cfg)) {
		t.Fatal("Generate(7) and Generate(8) are equal")
	}
}

// TestDifferential generates one program per seed into a temporary module,
// runs asyncgen -reference on all of them at once, builds them in both
// modes and compares what each pair prints.
func TestDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated programs")
	}
	seeds := append([]uint64(nil), fixedSeeds...)
	for i := range *extraSeeds {
		seeds = append(seeds, *firstSeed+uint64(i))
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if *keep {
		dir, _ = os.MkdirTemp("", "progen-")
		t.Logf("module kept in %s", dir)
	}
	writeModule(t, dir, root)
	funcs := 0
	for _, s := range seeds {
		pkg := filepath.Join(dir, fmt.Sprintf("seed%d", s))
		os.MkdirAll(pkg, 0o755)
		if err := os.WriteFile(filepath.Join(pkg, "prog.go"), Generate(s, DefaultConfig), 0o644); err != nil {
			t.Fatal(err)
		}
		funcs += DefaultConfig.Funcs + 3
	}
	env := append(os.Environ(), "GOFLAGS=-mod=mod")
	gobin := filepath.Join(dir, "bin")
	// The repository's own module is built as it is (no -mod=mod there).
	goCmd(t, root, os.Environ(), "build", "-o", filepath.Join(gobin, "asyncgen"), "./cmd/asyncgen")
	start := time.Now()
	goCmdIn(t, dir, env, filepath.Join(gobin, "asyncgen"), "-reference", "./...")
	t.Logf("asyncgen: %d //async functions in %d packages in %v", funcs, len(seeds), time.Since(start).Round(time.Millisecond))
	goCmd(t, dir, env, "build", "-o", filepath.Join(gobin, "sm")+"/", "./...")
	goCmd(t, dir, env, "build", "-tags", "asyncgen_reference", "-o", filepath.Join(gobin, "ref")+"/", "./...")
	for _, s := range seeds {
		t.Run(fmt.Sprint("seed", s), func(t *testing.T) {
			name := fmt.Sprintf("seed%d", s)
			sm := output(t, filepath.Join(gobin, "sm", name))
			ref := output(t, filepath.Join(gobin, "ref", name))
			if diff := cmp.Diff(ref, sm); diff != "" {
				t.Errorf("seed %d: state machines differ from the reference (-ref +sm); reproduce with -progen.first=%d -progen.seeds=1 -progen.keep:\n%s", s, s, diff)
			}
			if len(ref) < DefaultConfig.Funcs {
				t.Errorf("seed %d: only %d trace lines", s, len(ref))
			}
		})
	}
}

func writeModule(t *testing.T, dir, root string) {
	t.Helper()
	gomod := fmt.Sprintf("module example.com/progen\n\ngo 1.26\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => %s\n", root)
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
}

func goCmd(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	goCmdIn(t, dir, env, "go", args...)
}

func goCmdIn(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}

// output runs a program and returns its lines.
func output(t *testing.T, bin string) []string {
	t.Helper()
	cmd := exec.Command(bin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, stderr.Bytes())
	}
	return strings.Split(string(out), "\n")
}
