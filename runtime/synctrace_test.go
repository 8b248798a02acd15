package runtime

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The tests of queues and synchronization primitives run small programs of
// hand-written frames and compare what they print with what the same
// program prints under CPython's asyncio (3.11, or 3.13 for Queue.Shutdown
// and the Condition fix); each program is given in Python in the test's doc
// comment, with these helpers:
//
//	def L(s): log.append(s)
//	async def settle():
//	    for _ in range(5): await asyncio.sleep(0)

// pyTrace is what a test program printed.
type pyTrace []string

func (tr *pyTrace) add(format string, args ...any) { *tr = append(*tr, fmt.Sprintf(format, args...)) }

// outcome names an error the way the Python programs print the exception.
func pyErr(err error) string {
	switch {
	case errors.Is(err, ErrCancelled):
		return "cancelled"
	case errors.Is(err, ErrQueueShutDown):
		return "QueueShutDown"
	case errors.Is(err, ErrBrokenBarrier):
		return "BrokenBarrierError"
	}
	return err.Error()
}

// runPy runs the program main makes on a new loop with a virtual clock.
func runPy(t *testing.T, main func(tr *pyTrace, l *Loop) []step) []string {
	t.Helper()
	var tr pyTrace
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	if _, err := RunUntilComplete(l, script(main(&tr, l)...)); err != nil {
		t.Fatalf("RunUntilComplete: %v", err)
	}
	return tr
}

func checkPy(t *testing.T, want, got []string) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("trace mismatch (-asyncio +got):\n%s", diff)
	}
}

// yields awaits Sleep(0) n times, in a coroutine awaited inline (Python's
// "for _ in range(n): await asyncio.sleep(0)").
func yields(n int) step {
	return await(func() Awaitable[struct{}] {
		s := make([]step, n)
		for i := range s {
			s[i] = await(func() Awaitable[struct{}] { return Sleep(0) }, nil)
		}
		return script(s...)
	}, nil)
}

// settle5 is the Python programs' settle().
func settle5() step { return yields(5) }

// returnIf returns from the script when cond holds.
func returnIf(cond func() bool) step { return onlyIf(cond, ret(func() error { return nil })) }

// onlyIf runs s only if cond holds when the script reaches it.
func onlyIf[X any](cond func() bool, s func(X) awaiting) func(X) awaiting {
	return func(x X) awaiting {
		if !cond() {
			return nil
		}
		return s(x)
	}
}

// spawnInto starts c on l.
func spawnInto[T any](l *Loop, ts *[]*Task[T], c Coro[T]) step {
	return do(func() { *ts = append(*ts, SpawnOn(l, c)) })
}
