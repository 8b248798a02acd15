package runtime

import "testing"

// TestSemaphoreFIFO: waiters get permits in the order they asked.
//
//	s = asyncio.Semaphore(2)
//	ts = [asyncio.create_task(holder(s, n, 1)) for n in "abcde"]
//	await settle(); await settle()
//	L(f"locked {s.locked()}")
func TestSemaphoreFIFO(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		s := NewSemaphore(2)
		var ts []*Task[struct{}]
		var steps []step
		for _, n := range []string{"a", "b", "c", "d", "e"} {
			steps = append(steps, spawnInto(l, &ts, holder(tr, s, n, 1)))
		}
		return append(steps, settle5(), settle5(), do(func() { tr.add("locked %s", pyBool(s.Locked())) }))
	})
	checkPy(t, "sem_fifo", got)
}

// TestSemaphoreCancelledAfterChosen: a waiter handed a permit and cancelled
// before it ran gives the permit on.
//
//	s = asyncio.Semaphore(0)
//	tb = asyncio.create_task(holder(s, "b", 1)); tc = asyncio.create_task(holder(s, "c", 1))
//	await asyncio.sleep(0)
//	s.release(); tb.cancel(); L("release, cancel b")
//	await asyncio.sleep(0); L("main")
//	await settle(); L(f"locked {s.locked()} value {s._value}")
func TestSemaphoreCancelledAfterChosen(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		var s Semaphore // the zero Semaphore has no permit
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, holder(tr, &s, "b", 1)), spawnInto(l, &ts, holder(tr, &s, "c", 1)),
			yields(1),
			do(func() { s.Release(); ts[0].Cancel(); tr.add("release, cancel b") }),
			yields(1), do(func() { tr.add("main") }),
			settle5(), do(func() { tr.add("locked %s value %d", pyBool(s.Locked()), s.value) }),
		}
	})
	checkPy(t, "sem_cancel_after_chosen", got)
}

// TestBoundedSemaphoreRelease: releasing a bounded semaphore past its
// initial value is an error; an unbounded one just counts.
func TestBoundedSemaphoreRelease(t *testing.T) {
	tests := []struct {
		name string
		s    *Semaphore
		want []error
	}{
		{"bounded", NewBoundedSemaphore(1), []error{nil, ErrBoundExceeded}},
		{"unbounded", NewSemaphore(1), []error{nil, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []error
			runPy(t, func(tr *pyTrace, l *Loop) []step {
				return []step{
					await(tt.s.Acquire, nil),
					do(func() { got = append(got, tt.s.Release(), tt.s.Release()) }),
				}
			})
			for i := range tt.want {
				if got[i] != tt.want[i] {
					t.Errorf("Release #%d = %v, want %v", i+1, got[i], tt.want[i])
				}
			}
		})
	}
}
