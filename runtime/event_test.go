package runtime

import "testing"

// TestEvent: Set wakes every waiter, in order, even if cleared before they
// run.
//
//	e = asyncio.Event()
//	async def waiter(name):
//	    L(f"{name} waits"); await e.wait(); L(f"{name} done")
//	ts = [asyncio.create_task(waiter(n)) for n in "abc"]
//	await asyncio.sleep(0)
//	e.set(); e.clear(); L("set, clear")
//	await settle()
//	tl = asyncio.create_task(waiter("d"))
//	await settle()
//	e.set(); L("set"); await settle()
func TestEvent(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		var e Event // the zero Event is clear
		waiter := func(name string) Coro[struct{}] {
			return script(
				do(func() { tr.add("%s waits", name) }),
				await(e.Wait, nil),
				do(func() { tr.add("%s done", name) }),
			)
		}
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, waiter("a")), spawnInto(l, &ts, waiter("b")), spawnInto(l, &ts, waiter("c")),
			yields(1),
			do(func() { e.Set(); e.Clear(); tr.add("set, clear") }),
			settle5(),
			spawnInto(l, &ts, waiter("d")),
			settle5(),
			do(func() { e.Set(); tr.add("set") }),
			settle5(),
			do(func() { tr.add("is set %s", pyBool(e.IsSet())) }),
			await(e.Wait, nil), // set: no wait
		}
	})
	checkPy(t, "event", got)
}

// TestEventWaiterCancelled: a cancelled waiter leaves; Set wakes the others.
func TestEventWaiterCancelled(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		e := NewEvent()
		waiter := func(name string) Coro[struct{}] {
			return script(await(e.Wait, func(_ struct{}, err error) {
				if err != nil {
					tr.add("%s %s", name, pyErr(err))
					return
				}
				tr.add("%s done", name)
			}))
		}
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, waiter("a")), spawnInto(l, &ts, waiter("b")),
			yields(1),
			do(func() { ts[0].Cancel(); e.Set() }),
			settle5(),
		}
	})
	checkPy(t, "event_cancelled", got)
}
