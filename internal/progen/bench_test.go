package progen

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkGenerate500 times a whole asyncgen run (load, type check,
// validation, lowering, writing) on one package of 500 generated //async
// functions, as go generate runs it: a fresh process each time. cpu-ms is the
// process's user and system time (go list's included), the figure that a
// loaded machine does not stretch.
func BenchmarkGenerate500(b *testing.B) {
	root, err := filepath.Abs("../..")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	writeModuleB(b, dir, root)
	pkg := filepath.Join(dir, "big")
	os.MkdirAll(pkg, 0o755)
	if err := os.WriteFile(filepath.Join(pkg, "prog.go"), Generate(42, Config{Funcs: 500, Depth: 2}), 0o644); err != nil {
		b.Fatal(err)
	}
	env := append(os.Environ(), "GOFLAGS=-mod=mod")
	var cpu time.Duration // user + system time of the asyncgen runs timed
	bin := filepath.Join(dir, "asyncgen")
	run := func(dir string, name string, args ...string) {
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		if dir == root {
			cmd.Env = os.Environ() // no -mod=mod in the repository's module
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	run(root, "go", "build", "-o", bin, "./cmd/asyncgen")
	run(dir, bin, "./big") // warm the build cache for the dependencies
	b.ResetTimer()
	cpu = 0
	for range b.N {
		b.StopTimer()
		os.Remove(filepath.Join(pkg, "prog_async.go"))
		b.StartTimer()
		run(dir, bin, "./big")
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/package")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/package")
	b.ReportMetric(500, "funcs")
}

func writeModuleB(b *testing.B, dir, root string) {
	gomod := fmt.Sprintf("module example.com/progen\n\ngo 1.26\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => %s\n", root)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		b.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		b.Fatal(err)
	}
}
