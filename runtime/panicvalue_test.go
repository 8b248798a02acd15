package runtime_test

import (
	"errors"
	"fmt"
	"slices"
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
	if s := string(p.Stack); !strings.Contains(s, "panicvalue_test.go:16") || strings.Contains(s, "Rethrow") {
		t.Errorf("stack is not the panic site's:\n%s", s)
	}
	if a := strings.Join(p.Awaits, "\n"); !strings.Contains(a, "awaitPanicSlice at") {
		t.Errorf("Awaits = %q, want awaitPanicSlice among them", p.Awaits)
	}
}

// async
func taskPanics() (int, error) { panic("boom") }

// async
func awaitPanickingTask(log *[]string, recoverHere bool) (int, error) {
	if recoverHere {
		defer func() {
			r := recover()
			*log = append(*log, fmt.Sprintf("awaiting frame recovers %T", r))
			panic(r)
		}()
	}
	return runtime.Await(runtime.Spawn(taskPanicsAsync()))
}

// async
func outerOfAwaiting(log *[]string, recoverHere bool) error {
	defer func() {
		r := recover()
		*log = append(*log, fmt.Sprintf("outer frame recovers %T", r))
		if p, ok := r.(*runtime.PanicError); ok {
			var names []string
			for _, a := range p.Awaits {
				names = append(names, strings.Fields(a)[0])
			}
			*log = append(*log, fmt.Sprintf("value %v, awaited by %s", p.Value, strings.Join(names, ", ")))
		}
	}()
	_, err := runtime.Await(awaitPanickingTaskAsync(log, recoverHere))
	return err
}

// A task's panic, raised again as a *PanicError where the task is awaited,
// stays one in every frame it passes out through, as a panic's value does
// in Go, also when a deferred call recovers it and raises it again.
func TestTaskPanicStaysPanicErrorInOuterFrames(t *testing.T) {
	for _, recoverHere := range []bool{false, true} {
		var log []string
		if _, err := runtime.Run(outerOfAwaitingAsync(&log, recoverHere), runtime.WithClock(runtime.NewVirtualClock())); err != nil {
			t.Fatal(err)
		}
		want := []string{"outer frame recovers *asyncimpl.PanicError", "value boom, awaited by runtime_test.awaitPanickingTask, runtime_test.outerOfAwaiting"}
		if recoverHere {
			want = append([]string{"awaiting frame recovers *asyncimpl.PanicError"}, want...)
		}
		if !slices.Equal(log, want) {
			t.Errorf("recovering in the awaiting frame %v:\n%s\nwant\n%s", recoverHere, strings.Join(log, "\n"), strings.Join(want, "\n"))
		}
	}
}
