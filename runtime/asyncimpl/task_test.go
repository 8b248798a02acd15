package asyncimpl

import (
	"strings"
	"testing"
)

type testFrame struct{ Base[int] }

func (f *testFrame) Step(t *Task) Status { return Return }

// The frames around the innermost one live in a small array inside the
// frame stack until there are more of them: once they move to a larger
// one, the small array must not keep returned frames alive.
func TestFrameStackKeepsNoReturnedFrames(t *testing.T) {
	var tk Task
	frames := make([]*testFrame, 8)
	for i := range frames {
		frames[i] = &testFrame{}
	}
	tk.Init(frames[0])
	for depth, f := range frames[1:] {
		tk.Push(f)
		if got := tk.Depth(); got != depth+2 {
			t.Fatalf("Depth after %d pushes = %d, want %d", depth+1, got, depth+2)
		}
	}
	var inner []Frame
	tk.Frames(func(f Frame) bool { inner = append(inner, f); return true })
	for i, f := range inner {
		if f != Frame(frames[len(frames)-1-i]) {
			t.Fatalf("Frames()[%d] is not frame %d", i, len(frames)-1-i)
		}
	}
	for range len(frames) - 1 {
		if tk.pop() {
			t.Fatal("pop reported the outermost frame early")
		}
	}
	if tk.top != Frame(frames[0]) || tk.Depth() != 1 {
		t.Fatalf("after popping back to the root: top %p, Depth %d", tk.top, tk.Depth())
	}
	for i, f := range tk.outer.buf {
		if f != nil {
			t.Errorf("outer.buf[%d] still holds a returned frame", i)
		}
	}
	for i, f := range tk.outer.s[:cap(tk.outer.s)] {
		if f != nil {
			t.Errorf("outer.s's array [%d] still holds a returned frame", i)
		}
	}
	if !tk.pop() || tk.Depth() != 0 {
		t.Fatal("popping the root did not end the stack")
	}
}

//go:noinline
func panicsHere() { panic("here") }

//go:noinline
func derefsNil(p *int) int { return *p }

// PanicStack begins at the panic's site, as Go's panic trace does, for a
// panic and for a runtime error raised through a signal.
func TestPanicStackBeginsAtTheSite(t *testing.T) {
	for name, f := range map[string]func(){
		"panic":       panicsHere,
		"nil pointer": func() { derefsNil(nil) },
	} {
		var stack []byte
		func() {
			defer func() { recover(); stack = PanicStack() }()
			f()
		}()
		lines := strings.Split(string(stack), "\n")
		want := map[string]string{"panic": ".panicsHere(", "nil pointer": ".derefsNil("}[name]
		if len(lines) < 2 || !strings.HasPrefix(lines[0], "goroutine ") || !strings.Contains(lines[1], want) {
			t.Errorf("%s: the stack begins\n%s\nwant its first frame %s", name, strings.Join(lines[:min(len(lines), 6)], "\n"), want)
		}
	}
}
