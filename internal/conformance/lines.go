package conformance

import (
	"runtime/debug"

	"github.com/asyncgen/asyncgen/runtime"
)

// The functions here fault at known lines for TestPanicLines: every line
// of the code generated for a statement names that statement's line.

// async
func awaitNilTask(t *runtime.Task[int]) (int, error) {
	runtime.Await(yieldAsync())
	return runtime.Await(t) // LINE: the poll of a nil task faults
}

// async
func reraised(tr *Trace) (stack string, err error) {
	defer func() {
		if recover() != nil {
			stack = string(debug.Stack())
		}
	}()
	t := runtime.Spawn(panickerAsync(tr))
	_, err = runtime.Await(t) // LINE: the task's panic is raised again here
	return "", err
}

// async
func awaitsPanicker(tr *Trace) (int, error) {
	return runtime.Await(panickerAsync(tr)) // LINE: awaits a coroutine that panics
}

// async
func multiLineFault(xs []int, mode int) (int, error) {
	runtime.Await(yieldAsync())
	switch mode {
	case 0:
		m := map[string]int{
			"a": 1,
			"b": xs[3], // LINE: an element on a line of its own faults
		}
		return m["a"], nil
	case 1:
		return max(1,
			elem(xs, 3), // LINE: an argument on a line of its own faults
		), nil
	}
	n := 1 +
		xs[3] // LINE: an operand after a line break faults
	return n, nil
}

func elem(xs []int, i int) int { return xs[i] }

// async
func deferPanicsAtExit(xs []int) {
	defer panicAtExit()
	runtime.Await(yieldAsync())
	if len(xs) > 0 {
		return // LINE: optimized gc runs open-coded deferred calls here
	}
} // LINE: the deferred calls run at the closing brace

func panicAtExit() { panic("at exit") }
