package conformance

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/asyncgen/asyncgen/runtime"
)

var update = flag.Bool("update", false, "rewrite testdata/traces.golden from the reference variant (run with -tags asyncgen_reference)")

// outcome is what running one case produced.
type outcome struct {
	Val   string // %#v of the result
	Err   string // the error, or a panic that left runtime.Run
	Trace []string
}

func (o outcome) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "val: %s\nerr: %s\n", o.Val, o.Err)
	for _, l := range o.Trace {
		fmt.Fprintf(&b, "| %s\n", l)
	}
	return b.String()
}

// run runs c on the virtual clock.
func run[T any](c runtime.Coro[T]) (any, error) {
	return runtime.Run(c, runtime.WithClock(runtime.NewVirtualClock()))
}

type testCase struct {
	name string
	run  func(tr *Trace) (any, error)
	// concurrent cases depend on interleaving: reference mode cannot
	// reproduce them, and want is written out here instead of in the golden
	// file.
	concurrent bool
	want       *outcome
	// gap, when set, says why the state machines do not reproduce Go here
	// yet: the case is skipped with the difference while it persists, and
	// fails once it is gone so that the mark is removed.
	gap string
}

func execute(c testCase) (o outcome) {
	tr := &Trace{}
	defer func() {
		if r := recover(); r != nil {
			var p *runtime.PanicError
			if err, ok := r.(error); ok && errors.As(err, &p) {
				o.Err = fmt.Sprintf("panic: %v", p.Value)
			} else {
				o.Err = fmt.Sprintf("panic: %v", r)
			}
			o.Trace = tr.Lines
		}
	}()
	v, err := c.run(tr)
	o.Val = fmt.Sprintf("%#v", v)
	if err != nil {
		o.Err = err.Error()
	}
	o.Trace = tr.Lines
	return o
}

const golden = "testdata/traces.golden"

// readGolden parses the golden file: blocks "== name" followed by the
// outcome's text.
func readGolden(t *testing.T) map[string]string {
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (generate it with go test -tags asyncgen_reference -update)", err)
	}
	out := map[string]string{}
	for _, block := range strings.Split(string(data), "== ")[1:] {
		name, body, _ := strings.Cut(block, "\n")
		out[name] = body
	}
	return out
}

// TestConformance runs every case. Sequential cases are compared with
// testdata/traces.golden, which the reference variant writes (-update under
// the asyncgen_reference tag): Go's own semantics are the oracle, and the
// state machines must agree with them line for line.
func TestConformance(t *testing.T) {
	var want map[string]string
	if !*update {
		want = readGolden(t)
	} else if !reference {
		t.Fatal("-update writes the golden from the reference variant: go test -tags asyncgen_reference -update")
	}
	var gold bytes.Buffer
	names := map[string]bool{}
	for _, c := range cases {
		if names[c.name] {
			t.Fatalf("duplicate case %s", c.name)
		}
		names[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			if c.concurrent && reference {
				t.Skip("depends on interleaving, which reference mode does not reproduce")
			}
			got := execute(c)
			if c.concurrent {
				if diff := cmp.Diff(*c.want, got); diff != "" {
					t.Errorf("%s mismatch (-want +got):\n%s", c.name, diff)
				}
				return
			}
			if *update {
				fmt.Fprintf(&gold, "== %s\n%s", c.name, got)
				return
			}
			w, ok := want[c.name]
			if !ok {
				t.Fatalf("no %s in %s: run go test -tags asyncgen_reference -update", c.name, golden)
			}
			diff := cmp.Diff(w, got.String())
			switch {
			case c.gap != "" && reference:
				// Reference mode is Go itself: no gap.
			case c.gap != "" && diff == "":
				t.Errorf("%s matches the reference now: remove its gap mark (%s)", c.name, c.gap)
			case c.gap != "":
				t.Skipf("known gap: %s (-want +got):\n%s", c.gap, diff)
			case diff != "":
				t.Errorf("%s mismatch with the reference (-want +got):\n%s", c.name, diff)
			}
		})
	}
	if *update {
		if err := os.WriteFile(golden, gold.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReferenceMode runs TestConformance built in reference mode, where every
// //async function runs as plain Go: it must produce the same traces.
func TestReferenceMode(t *testing.T) {
	if reference {
		t.Skip("already in reference mode")
	}
	if testing.Short() {
		t.Skip("builds the package again in reference mode")
	}
	cmd := exec.Command("go", "test", "-count=1", "-tags", "asyncgen_reference", "-run", "^TestConformance$", ".")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("reference mode: %v\n%s", err, out)
	}
}

// TestGeneratedFresh fails when the generated files are not what asyncgen
// produces now from the sources.
func TestGeneratedFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	cmd := exec.Command("go", "run", "../../cmd/asyncgen", "-reference", "-check", ".")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("generated files are stale (run go generate ./internal/conformance): %v\n%s", err, out)
	}
}

func wantTrace(val string, trace ...string) *outcome {
	return &outcome{Val: val, Trace: trace}
}

// TestPanicLine: a panic after an await reports the line of the panic call in
// the source file, through the generated code's //line directives.
func TestPanicLine(t *testing.T) {
	src, err := os.ReadFile("defers.go")
	if err != nil {
		t.Fatal(err)
	}
	line := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, `panic("inner")`) {
			line = i + 1
		}
	}
	var stack string
	func() {
		defer func() {
			r := recover()
			var p *runtime.PanicError
			if err, ok := r.(error); ok && errors.As(err, &p) {
				stack = string(p.Stack)
			}
		}()
		run(panickerAsync(&Trace{}))
	}()
	if want := fmt.Sprintf("defers.go:%d ", line); !strings.Contains(stack, want) {
		t.Errorf("stack of the panic does not name %s:\n%s", want, stack)
	}
}

// frameLine returns the position line of the first frame in stack whose
// function line holds one of funcs, or "".
func frameLine(stack string, funcs ...string) string {
	ls := strings.Split(stack, "\n")
	for i, l := range ls[:max(len(ls)-1, 0)] {
		for _, f := range funcs {
			if strings.Contains(l, f) {
				return strings.TrimSpace(ls[i+1]) + " "
			}
		}
	}
	return ""
}

// TestPanicLines: a fault in the code generated for an await, in its first
// poll or when the awaiting frame resumes, names the line of the await,
// not a line below it (one source line becomes several generated ones, and
// each carries the directive).
func TestPanicLines(t *testing.T) {
	src, err := os.ReadFile("lines.go")
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, "// LINE:") {
			lines = append(lines, i+1)
		}
	}
	var stack string
	func() {
		defer func() {
			var p *runtime.PanicError
			if err, ok := recover().(error); ok && errors.As(err, &p) {
				stack = string(p.Stack)
			}
		}()
		run(awaitNilTaskAsync(nil))
	}()
	if want := fmt.Sprintf("lines.go:%d ", lines[0]); !strings.Contains(stack, want) {
		t.Errorf("stack of the fault in the await's poll does not name %s:\n%s", want, stack)
	}
	stack, _ = runtime.Run(reraisedAsync(&Trace{}), runtime.WithClock(runtime.NewVirtualClock()))
	if want := fmt.Sprintf("lines.go:%d ", lines[1]); !strings.Contains(stack, want) {
		t.Errorf("stack where the awaited task's panic is raised again does not name %s:\n%s", want, stack)
	}
	// A statement over several lines is one generated line: an operand on
	// a line of its own still names its line, as gc does.
	for mode := range 3 {
		stack = ""
		func() {
			defer func() {
				var p *runtime.PanicError
				if err, ok := recover().(error); ok && errors.As(err, &p) {
					stack = string(p.Stack)
				}
			}()
			run(multiLineFaultAsync(nil, mode))
		}()
		if want := fmt.Sprintf("lines.go:%d ", lines[3+mode]); !strings.Contains(stack, want) {
			t.Errorf("stack of the fault in multiLineFault(%d) does not name %s:\n%s", mode, want, stack)
		}
	}
	// A deferred call that panics as the function returns runs at the
	// function's closing brace, where gc places the call of deferred
	// functions at exit (the generated Step's defers are never open-coded),
	// not at the line after it. Plain Go, optimized, runs open-coded
	// deferred calls at the return statement instead.
	for _, xs := range [][]int{nil, {1}} {
		stack = ""
		func() {
			defer func() {
				var p *runtime.PanicError
				if err, ok := recover().(error); ok && errors.As(err, &p) {
					stack = string(p.Stack)
				}
			}()
			run(deferPanicsAtExitAsync(xs))
		}()
		got := frameLine(stack, "conformance.(*deferPanicsAtExitFrame).Step(", "conformance.deferPanicsAtExit(")
		want := fmt.Sprintf("lines.go:%d ", lines[7])
		if reference && len(xs) > 0 && strings.Contains(got, fmt.Sprintf("lines.go:%d ", lines[6])) {
			want = fmt.Sprintf("lines.go:%d ", lines[6])
		}
		if !strings.Contains(got, want) {
			t.Errorf("deferPanicsAtExit(%v): the function's frame is at %q, want %s:\n%s", xs, got, want, stack)
		}
	}
	if reference {
		return // plain Go: the awaiting calls are on the goroutine's stack
	}
	// The coroutine awaiting the one that panicked, which the goroutine's
	// stack does not show, is in the PanicError.
	var p *runtime.PanicError
	func() {
		defer func() {
			if err, ok := recover().(error); ok {
				errors.As(err, &p)
			}
		}()
		run(awaitsPanickerAsync(&Trace{}))
	}()
	want := fmt.Sprintf("conformance.awaitsPanicker at lines.go:%d", lines[2])
	if p == nil || len(p.Awaits) != 1 || p.Awaits[0] != want || !strings.Contains(p.Error(), "awaited at:\n\t"+want) {
		t.Errorf("PanicError of a coroutine awaited by awaitsPanicker: %v; want Awaits [%s] in its message", p, want)
	}
}
