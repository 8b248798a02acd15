package main_test

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/asyncgen/asyncgen/analyzer"
)

// The type error of testdata/tidy/aa: zz's method changed signature after
// aa was generated.
const aaError = "aa/aa.go:14:38: not enough arguments in call to c.GetAsync\n\thave (string)\n\twant (string, int)\n"

// TestStandaloneOnce runs asyncvet on a package whose type error is in its
// generated file too, placed at the line by //line directives but with no
// column, and in its test variant: the x/tools driver prints it four times,
// asyncvet once, and each rule's "analysis skipped" once.
func TestStandaloneOnce(t *testing.T) {
	bin, mod := buildModule(t, "tidy")
	cmd := exec.Command(bin, "./aa")
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	if code := exitCode(err); code != 1 {
		t.Fatalf("asyncvet ./aa exited %d, want 1 (type errors):\n%s", code, out)
	}
	got := strings.ReplaceAll(string(out), mod+string(filepath.Separator), "")
	if n := strings.Count(got, "not enough arguments"); n != 1 || !strings.Contains(got, aaError) {
		t.Errorf("asyncvet ./aa: want the type error once, as\n%s\ngot it %d times:\n%s", aaError, n, got)
	}
	for _, a := range analyzer.Analyzers {
		if n := strings.Count(got, a.Name+": analysis skipped"); n > 1 {
			t.Errorf("asyncvet ./aa: %s's analysis skipped %d times:\n%s", a.Name, n, got)
		}
	}
}

// TestGoVetOnce checks that go vet, which runs asyncvet through unitchecker
// package by package, says the type error of testdata/tidy/aa, once.
func TestGoVetOnce(t *testing.T) {
	bin, mod := buildModule(t, "tidy")
	cmd := exec.Command("go", "vet", "-vettool="+bin, "./aa")
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet succeeded on a package with a type error:\n%s", out)
	}
	if n := strings.Count(string(out), "not enough arguments in call to c.GetAsync"); n != 1 {
		t.Errorf("go vet -vettool=asyncvet ./aa: the type error %d times, want once:\n%s", n, out)
	}
}

var position = regexp.MustCompile(`(?m)^(\S+\.go):(\d+):(\d+): `)

// TestStandaloneSorted runs asyncvet on testdata/tidy, whose diagnostics
// come from rules in another order than their positions: they are printed
// sorted by file, line and column, not rule by rule.
func TestStandaloneSorted(t *testing.T) {
	bin, mod := buildModule(t, "tidy")
	cmd := exec.Command(bin, "./order")
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	if code := exitCode(err); code != 3 {
		t.Fatalf("asyncvet ./order exited %d, want 3 (diagnostics reported):\n%s", code, out)
	}
	type pos struct {
		file      string
		line, col int
	}
	var got []pos
	for _, m := range position.FindAllStringSubmatch(string(out), -1) {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		got = append(got, pos{filepath.Base(m[1]), line, col})
	}
	want := []pos{{"order.go", 12, 6}, {"order.go", 13, 2}, {"order.go", 19, 9}}
	if !slices.Equal(got, want) {
		t.Errorf("asyncvet ./order: diagnostics at %v, want %v:\n%s", got, want, out)
	}
}

// TestHelp checks that asyncvet help and -h describe asyncvet and list its
// rules, in the order of their documentation, before the flags, and leave
// out what x/tools says of analysis tools in general (Printf, strings.Split).
func TestHelp(t *testing.T) {
	bin, _ := buildModule(t, "tidy")
	for _, args := range [][]string{{"help"}, {"-h"}} {
		cmd := exec.Command(bin, args...)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if err != nil {
			t.Errorf("asyncvet %s: %v\n%s", args[0], err, stderr.String())
			continue
		}
		out := stdout.String()
		if args[0] == "-h" {
			out = stderr.String() // usage, as for any command
		}
		if !strings.HasPrefix(out, "asyncvet reports the mistakes of async code") {
			t.Errorf("asyncvet %s does not open with what asyncvet does:\n%s", args[0], out)
		}
		if strings.Contains(out, "Printf") || strings.Contains(out, "strings.Split") {
			t.Errorf("asyncvet %s says what x/tools says of analysis tools in general:\n%s", args[0], out)
		}
		at := 0
		for _, a := range analyzer.Analyzers {
			title, _, _ := strings.Cut(a.Doc, "\n")
			i := strings.Index(out[at:], a.Name)
			if i < 0 || !strings.Contains(out[at+i:], title) {
				t.Errorf("asyncvet %s: rule %s (%q) missing or out of order:\n%s", args[0], a.Name, title, out)
				continue
			}
			at += i
		}
		if flags := strings.Index(out, "Flags:"); flags < at || !strings.Contains(out[flags:], "-json") {
			t.Errorf("asyncvet %s: the flags do not follow the rules:\n%s", args[0], out)
		}
	}
	out, err := exec.Command(bin, "help", "directcall").Output()
	if err != nil || !strings.HasPrefix(string(out), "directcall: report direct calls of //async functions") {
		t.Errorf("asyncvet help directcall: %v\n%s", err, out)
	}
}
