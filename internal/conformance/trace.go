package conformance

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// Trace records what a function did, in order.
type Trace struct{ Lines []string }

// Add appends a formatted line.
func (t *Trace) Add(format string, args ...any) {
	t.Lines = append(t.Lines, fmt.Sprintf(format, args...))
}

// must returns v, panicking on err: it lets an await appear inside any
// expression, as must(runtime.Await(x)).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// val records label=v after suspending once, and returns v: an operand
// whose evaluation shows in the trace.
//
// async
func val[T any](tr *Trace, label string, v T) T {
	runtime.Await(runtime.Sleep(0))
	tr.Add("%s=%v", label, v)
	return v
}

// ready returns v without suspending: an await that completes at once.
//
// async
func ready[T any](v T) T { return v } //asyncvet:ignore noawait -- a coroutine that never suspends, on purpose

// fail suspends once and returns an error.
//
// async
func fail(tr *Trace, msg string) (int, error) {
	runtime.Await(runtime.Sleep(0))
	tr.Add("fail %s", msg)
	return 0, fmt.Errorf("%s", msg)
}

// yield suspends once.
//
// async
func yield() {
	runtime.Await(runtime.Sleep(0))
}
