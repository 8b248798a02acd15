package runtime_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func panicSlice() int {
	runtime.Await(runtime.Sleep(0))
	panic([]int{1}) // a value == cannot compare
}

// async
func awaitPanicSlice() int {
	v, _ := runtime.Await(panicSliceAsync())
	return v
}

// A panic whose value cannot be compared keeps its original stack and the
// coroutines awaiting it as it travels out through the frames, as any other
// panic does.
func TestUncomparablePanicKeepsStack(t *testing.T) {
	var p *runtime.PanicError
	func() {
		defer func() {
			err, _ := recover().(error)
			if !errors.As(err, &p) {
				t.Fatalf("recovered %v, want a *PanicError", err)
			}
		}()
		runtime.Run(awaitPanicSliceAsync())
	}()
	if s := string(p.Stack); !strings.Contains(s, "panicvalue_test.go:14") || strings.Contains(s, "Rethrow") {
		t.Errorf("stack is not the panic site's:\n%s", s)
	}
	if a := strings.Join(p.Awaits, "\n"); !strings.Contains(a, "awaitPanicSlice at") {
		t.Errorf("Awaits = %q, want awaitPanicSlice among them", p.Awaits)
	}
}
