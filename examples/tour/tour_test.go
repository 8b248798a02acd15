package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "update the golden files in testdata")

// golden returns the expected output of an example, or writes got there
// with -update.
func golden(t *testing.T, name string, got []byte) []byte {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return got
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return want
}

// TestExamples runs every example in process and compares what it prints
// with its golden file, on a virtual clock, except those marked realTime
// (shutdown, whose signal comes from outside the loop).
func TestExamples(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			if !ex.realTime {
				t.Parallel()
			}
			var out bytes.Buffer
			env := demo.Virtual(&out)
			if ex.realTime {
				env = demo.Real(&out)
			}
			if err := ex.main(env); err != nil {
				t.Fatalf("%s.Main: %v", ex.name, err)
			}
			if diff := cmp.Diff(string(golden(t, ex.name, out.Bytes())), out.String()); diff != "" {
				t.Errorf("%s output mismatch (-want +got):\n%s", ex.name, diff)
			}
		})
	}
}

// pythonFiles maps an example to its Python original under examples/python,
// when it has one.
var pythonFiles = map[string]string{
	"hello":      "hello.py",
	"tasks":      "tasks.py",
	"unawaited":  "unawaited.py",
	"gather":     "gather.py",
	"timeout":    "timeout.py",
	"workers":    "workers.py",
	"executor":   "executor.py",
	"cancel":     "cancel.py",
	"locks":      "locks.py",
	"echo":       "echo.py",
	"fetch":      "fetch.py",        // HTTP over asyncio's streams: aiohttp is not in the standard library
	"subprocess": "subprocesses.py", // subprocess.py would shadow the module
	"shutdown":   "shutdown.py",
}

// TestPython runs the Python original of each example with CPython's asyncio
// and compares what it prints with the golden file the Go example matches:
// the Go port behaves like asyncio, line for line. Skipped without python3.
func TestPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 in PATH")
	}
	if testing.Short() {
		t.Skip("runs CPython in real time")
	}
	// A few at a time: CPython's startup is CPU-bound, and some programs
	// run in real time.
	slots := make(chan struct{}, 3)
	for _, ex := range examples {
		file, ok := pythonFiles[ex.name]
		if !ok {
			continue
		}
		t.Run(ex.name, func(t *testing.T) {
			t.Parallel()
			slots <- struct{}{}
			defer func() { <-slots }()
			want, err := os.ReadFile(filepath.Join("testdata", ex.name+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			// -I: the script's directory stays off sys.path. The examples
			// that the Go tests run on a virtual clock run on one in
			// CPython too (virtual_clock.py); the others run in real time,
			// with margins of 50ms or more between events, and get a second
			// try on a mismatch, for machines too loaded to keep them.
			args := []string{"-I", filepath.Join("..", "python", file)}
			tries := 2
			if !ex.realTime {
				args = []string{"-I", filepath.Join("..", "python", "virtual_clock.py"), args[1]}
				tries = 1
			}
			var diff string
			for range tries {
				cmd := exec.Command(python, args...)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				got, err := cmd.Output()
				if err != nil {
					t.Fatalf("python3 %s: %v\n%s", file, err, stderr.Bytes())
				}
				if diff = cmp.Diff(string(want), string(got)); diff == "" {
					return
				}
			}
			t.Errorf("python3 %s output differs from the Go example's (-want +got):\n%s", file, diff)
		})
	}
}
