package runtime

import "testing"

// barrierWaiter is
//
//	async def barrier_waiter(b, name, delay=0):
//	    for _ in range(delay): await asyncio.sleep(0)
//	    L(f"{name} arrives")
//	    try:
//	        i = await b.wait(); L(f"{name} index {i}")
//	    except BaseException as e:
//	        L(out(name, e))
func barrierWaiter(tr *pyTrace, b *Barrier, name string, delay int) Coro[struct{}] {
	return script(
		yields(delay),
		do(func() { tr.add("%s arrives", name) }),
		await(b.Wait, func(i int, err error) {
			if err != nil {
				tr.add("%s %s", name, pyErr(err))
				return
			}
			tr.add("%s index %d", name, i)
		}),
	)
}

// TestBarrier compares rounds of a barrier with asyncio's; in the programs
// below, w(n) stands for barrier_waiter(b, n).
func TestBarrier(t *testing.T) {
	tests := []struct {
		name string
		// program is the main coroutine; Python in the comments.
		program func(tr *pyTrace, l *Loop) []step
		py      string // the program in testdata/asyncio_sync.py
	}{{
		// b = asyncio.Barrier(3)
		// ts = [asyncio.create_task(w(n)) for n in "abcdef"]
		// await settle(); await settle()
		// L(f"waiting {b.n_waiting}")
		name: "two rounds",
		program: func(tr *pyTrace, l *Loop) []step {
			b := NewBarrier(3)
			var ts []*Task[struct{}]
			var s []step
			for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
				s = append(s, spawnInto(l, &ts, barrierWaiter(tr, b, n, 0)))
			}
			return append(s, settle5(), settle5(), do(func() { tr.add("waiting %d", b.NWaiting()) }))
		},
		py: "barrier_rounds",
	}, {
		// b = asyncio.Barrier(2)
		// ts = [create_task(w("a", 0)), create_task(w("b", 1)), create_task(w("c", 1)), create_task(w("d", 2))]
		// await settle(); await settle()
		name: "arrivals while draining wait for the next round",
		program: func(tr *pyTrace, l *Loop) []step {
			b := NewBarrier(2)
			var ts []*Task[struct{}]
			return []step{
				spawnInto(l, &ts, barrierWaiter(tr, b, "a", 0)), spawnInto(l, &ts, barrierWaiter(tr, b, "b", 1)),
				spawnInto(l, &ts, barrierWaiter(tr, b, "c", 1)), spawnInto(l, &ts, barrierWaiter(tr, b, "d", 2)),
				settle5(), settle5(),
			}
		},
		py: "barrier_draining",
	}, {
		// b = asyncio.Barrier(3)
		// ts = [asyncio.create_task(w(n)) for n in "ab"]
		// await settle()
		// await b.reset(); L(f"reset broken={b.broken}")
		// await settle()
		// ts = [asyncio.create_task(w(n)) for n in "cd"]
		// await settle()
		// await b.abort(); L(f"abort broken={b.broken}")
		// await settle()
		// ts = [asyncio.create_task(w("e"))]
		// await settle()
		// await b.reset(); L(f"reset broken={b.broken}")
		// ts = [asyncio.create_task(w(n)) for n in "fgh"]
		// await settle()
		name: "reset and abort",
		program: func(tr *pyTrace, l *Loop) []step {
			b := NewBarrier(3)
			var ts []*Task[struct{}]
			w := func(n string) step { return spawnInto(l, &ts, barrierWaiter(tr, b, n, 0)) }
			return []step{
				w("a"), w("b"), settle5(),
				do(func() { b.Reset(); tr.add("reset broken=%s", pyBool(b.Broken())) }), settle5(),
				w("c"), w("d"), settle5(),
				do(func() { b.Abort(); tr.add("abort broken=%s", pyBool(b.Broken())) }), settle5(),
				w("e"), settle5(),
				do(func() { b.Reset(); tr.add("reset broken=%s", pyBool(b.Broken())) }),
				w("f"), w("g"), w("h"), settle5(),
			}
		},
		py: "barrier_abort_reset",
	}, {
		// b = asyncio.Barrier(3)
		// ta = asyncio.create_task(w("a")); tb = asyncio.create_task(w("b"))
		// await settle()
		// tb.cancel(); L("cancel b")
		// await settle(); L(f"waiting {b.n_waiting}")
		// ts = [asyncio.create_task(w(n)) for n in "cd"]
		// await settle()
		name: "a cancelled waiter leaves without breaking the barrier",
		program: func(tr *pyTrace, l *Loop) []step {
			b := NewBarrier(3)
			var ts []*Task[struct{}]
			w := func(n string) step { return spawnInto(l, &ts, barrierWaiter(tr, b, n, 0)) }
			return []step{
				w("a"), w("b"), settle5(),
				do(func() { ts[1].Cancel(); tr.add("cancel b") }),
				settle5(), do(func() { tr.add("waiting %d", b.NWaiting()) }),
				w("c"), w("d"), settle5(),
			}
		},
		py: "barrier_cancel",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkPy(t, tt.py, runPy(t, tt.program))
		})
	}
}

func TestBarrierOneParty(t *testing.T) {
	var got []int
	runPy(t, func(tr *pyTrace, l *Loop) []step {
		b := NewBarrier(1)
		keep := func(i int, err error) { got = append(got, i) }
		return []step{await(b.Wait, keep), await(b.Wait, keep)}
	})
	if len(got) != 2 || got[0] != 0 || got[1] != 0 {
		t.Errorf("indexes = %v, want [0 0]", got)
	}
}
