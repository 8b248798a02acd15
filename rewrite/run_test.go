package rewrite_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// wantOutput returns the lines after "// Output:" in src, and whether src
// has such a block (which makes it a program to run).
func wantOutput(src []byte) (string, bool) {
	_, after, ok := bytes.Cut(src, []byte("\n// Output:\n"))
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(string(after), "\n"), "\n") {
		line = strings.TrimPrefix(line, "//")
		line = strings.TrimPrefix(line, " ")
		b.WriteString(line + "\n")
	}
	return b.String(), true
}

// buildModule writes a module holding one main package per case (source and
// generated file side by side), builds them all with one go command and
// returns the directory of the binaries.
func buildModule(t *testing.T, cases map[string][2][]byte, names map[string]string) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module rewritetest\n\ngo 1.26\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => " + root + "\n"
	must(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	for name, c := range cases {
		pd := filepath.Join(dir, name)
		must(t, os.MkdirAll(pd, 0o755))
		base := names[name]
		must(t, os.WriteFile(filepath.Join(pd, base+".go"), c[0], 0o644))
		must(t, os.WriteFile(filepath.Join(pd, base+"_async.go"), c[1], 0o644))
	}
	bin := filepath.Join(dir, "bin")
	cmd := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// The generated code passes go vet (unreachable code, copied locks...).
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = dir
	vet.Env = cmd.Env
	if out, err := vet.CombinedOutput(); err != nil {
		t.Errorf("go vet: %v\n%s", err, out)
	}
	return bin
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestRun builds the generated code of every test input that has an
// "// Output:" block and compares what it prints.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs")
	}
	files, _ := filepath.Glob("testdata/*.go")
	cases := map[string][2][]byte{}
	names := map[string]string{}
	wants := map[string]string{}
	for _, path := range files {
		src, err := os.ReadFile(path)
		must(t, err)
		want, ok := wantOutput(src)
		if !ok {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(path), ".go")
		_, gen, err := generate(t, path)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		cases[name] = [2][]byte{src, gen}
		names[name] = name
		wants[name] = want
	}
	bin := buildModule(t, cases, names)
	for _, name := range sortedNames(wants) {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(filepath.Join(bin, name))
			out, err := cmd.CombinedOutput()
			if err != nil && !strings.Contains(wants[name], "exit status") {
				t.Logf("exit: %v", err)
			}
			if diff := cmp.Diff(wants[name], string(out)); diff != "" {
				t.Errorf("output mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func sortedNames(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
