package runtime

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// holder is
//
//	async def holder(lk, name, hold):
//	    L(f"{name} acquires")
//	    try:
//	        await lk.acquire()
//	    except BaseException as e:
//	        L(out(name, e)); return
//	    L(f"{name} holds")
//	    for _ in range(hold): await asyncio.sleep(0)
//	    lk.release(); L(f"{name} releases")
//
// for a Lock or a Semaphore.
func holder(tr *pyTrace, lk interface {
	Acquire() Awaitable[struct{}]
	Release() error
}, name string, hold int) Coro[struct{}] {
	var err error
	return script(
		do(func() { tr.add("%s acquires", name) }),
		await(lk.Acquire, func(_ struct{}, e error) {
			if err = e; err != nil {
				tr.add("%s %s", name, pyErr(err))
			}
		}),
		returnIf(func() bool { return err != nil }),
		do(func() { tr.add("%s holds", name) }),
		yields(hold),
		do(func() {
			if err := lk.Release(); err != nil {
				tr.add("%s: Release: %v", name, err)
			}
			tr.add("%s releases", name)
		}),
	)
}

// TestLockFIFO: waiters get the lock in the order they asked.
//
//	lk = asyncio.Lock()
//	ts = [asyncio.create_task(holder(lk, n, 1)) for n in "abcd"]
//	await settle(); await settle()
//	L(f"locked {lk.locked()}")
func TestLockFIFO(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		lk := NewLock()
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, holder(tr, lk, "a", 1)), spawnInto(l, &ts, holder(tr, lk, "b", 1)),
			spawnInto(l, &ts, holder(tr, lk, "c", 1)), spawnInto(l, &ts, holder(tr, lk, "d", 1)),
			settle5(), settle5(),
			do(func() { tr.add("locked %s", pyBool(lk.Locked())) }),
		}
	})
	checkPy(t, "lock_fifo", got)
}

// TestLockReleaseUnlocked: releasing a lock that is not held is an error.
func TestLockReleaseUnlocked(t *testing.T) {
	var lk Lock // the zero Lock is unlocked
	if err := lk.Release(); !errors.Is(err, ErrNotAcquired) {
		t.Errorf("Release of an unlocked Lock = %v, want ErrNotAcquired", err)
	}
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		return []step{
			await(lk.Acquire, nil),
			do(func() { tr.add("release %v", lk.Release()); tr.add("release %v", lk.Release()) }),
		}
	})
	if diff := cmp.Diff([]string{"release <nil>", "release " + ErrNotAcquired.Error()}, got); diff != "" {
		t.Errorf("Release mismatch (-want +got):\n%s", diff)
	}
}

// TestLockCancelledAfterChosen: a waiter handed the lock and cancelled
// before it ran passes the lock on; nothing holds it afterwards.
//
//	lk = asyncio.Lock()
//	await lk.acquire()
//	tb = asyncio.create_task(holder(lk, "b", 1)); tc = asyncio.create_task(holder(lk, "c", 1))
//	await asyncio.sleep(0)
//	lk.release(); tb.cancel(); L("release, cancel b")
//	await asyncio.sleep(0); L("main")
//	await settle(); L(f"locked {lk.locked()}")
func TestLockCancelledAfterChosen(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		lk := NewLock()
		var ts []*Task[struct{}]
		return []step{
			await(lk.Acquire, nil),
			spawnInto(l, &ts, holder(tr, lk, "b", 1)), spawnInto(l, &ts, holder(tr, lk, "c", 1)),
			yields(1),
			do(func() { lk.Release(); ts[0].Cancel(); tr.add("release, cancel b") }),
			yields(1), do(func() { tr.add("main") }),
			settle5(), do(func() { tr.add("locked %s", pyBool(lk.Locked())) }),
		}
	})
	checkPy(t, "lock_cancel_after_chosen", got)
}

// TestLockCancelledWhileWaiting: a cancelled waiter at the head of the line
// delays the hand-over by one pass, as asyncio's cancelled future does.
//
//	(as TestLockCancelledAfterChosen, with)
//	tb.cancel(); lk.release(); L("cancel b, release")
//	await asyncio.sleep(0); L("main")
//	await asyncio.sleep(0); L("main")
func TestLockCancelledWhileWaiting(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		lk := NewLock()
		var ts []*Task[struct{}]
		return []step{
			await(lk.Acquire, nil),
			spawnInto(l, &ts, holder(tr, lk, "b", 1)), spawnInto(l, &ts, holder(tr, lk, "c", 1)),
			yields(1),
			do(func() { ts[0].Cancel(); lk.Release(); tr.add("cancel b, release") }),
			yields(1), do(func() { tr.add("main") }),
			yields(1), do(func() { tr.add("main") }),
			settle5(), do(func() { tr.add("locked %s", pyBool(lk.Locked())) }),
		}
	})
	checkPy(t, "lock_cancel_waiting", got)
}

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

// condWaiter is
//
//	async def cond_waiter(c, name, pred=None):
//	    await c.acquire()
//	    L(f"{name} waits")
//	    try:
//	        if pred: await c.wait_for(pred)
//	        else: await c.wait()
//	        L(f"{name} woke locked={c.locked()}")
//	    except BaseException as e:
//	        L(out(name, e) + f" locked={c.locked()}")
//	    c.release()
func condWaiter(tr *pyTrace, c *Condition, name string, pred func() bool) Coro[struct{}] {
	wait := c.Wait
	if pred != nil {
		wait = func() Awaitable[struct{}] { return c.WaitFor(pred) }
	}
	return script(
		await(c.Acquire, nil),
		do(func() { tr.add("%s waits", name) }),
		await(wait, func(_ struct{}, err error) {
			if err != nil {
				tr.add("%s %s locked=%s", name, pyErr(err), pyBool(c.Locked()))
				return
			}
			tr.add("%s woke locked=%s", name, pyBool(c.Locked()))
		}),
		do(func() {
			if err := c.Release(); err != nil {
				tr.add("%s: Release: %v", name, err)
			}
		}),
	)
}

// TestConditionNotifyOrder: notified waiters return in the order they began
// to wait, each once it holds the lock.
//
//	c = asyncio.Condition()
//	ts = [asyncio.create_task(cond_waiter(c, n)) for n in "abcd"]
//	await settle()
//	async with c:
//	    c.notify(1); L("notify 1")
//	    await asyncio.sleep(0); L("main holds")
//	await settle()
//	async with c:
//	    c.notify_all(); L("notify all")
//	await settle()
func TestConditionNotifyOrder(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		var c Condition // the zero Condition has a lock of its own
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, condWaiter(tr, &c, "a", nil)), spawnInto(l, &ts, condWaiter(tr, &c, "b", nil)),
			spawnInto(l, &ts, condWaiter(tr, &c, "c", nil)), spawnInto(l, &ts, condWaiter(tr, &c, "d", nil)),
			settle5(),
			await(c.Acquire, nil),
			do(func() { c.Notify(1); tr.add("notify 1") }),
			yields(1), do(func() { tr.add("main holds"); c.Release() }),
			settle5(),
			await(c.Acquire, nil),
			do(func() { c.NotifyAll(); tr.add("notify all"); c.Release() }),
			settle5(),
		}
	})
	checkPy(t, "cond_notify", got)
}

// TestConditionWaitCancelledReacquires: a cancelled Wait returns only once it
// holds the lock again.
//
//	c = asyncio.Condition()
//	ta = asyncio.create_task(cond_waiter(c, "a"))
//	await settle()
//	await c.acquire(); L("main acquired")
//	ta.cancel(); L("cancel a")
//	await settle(); L("main releases")
//	c.release()
//	await settle()
func TestConditionWaitCancelledReacquires(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		c := NewCondition(nil)
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, condWaiter(tr, c, "a", nil)),
			settle5(),
			await(c.Acquire, nil), do(func() { tr.add("main acquired") }),
			do(func() { ts[0].Cancel(); tr.add("cancel a") }),
			settle5(), do(func() { tr.add("main releases"); c.Release() }),
			settle5(),
			do(func() { tr.add("locked %s", pyBool(c.Locked())) }),
		}
	})
	checkPy(t, "cond_cancel_reacquires", got)
}

// TestConditionCancelledWhileReacquiring: a waiter cancelled while it waits
// for the lock after a notification still returns with the lock held; like
// asyncio's, it queues for the lock again, behind the waiters already there.
//
//	lk = asyncio.Lock()
//	c = asyncio.Condition(lk)
//	ta = asyncio.create_task(cond_waiter(c, "a"))
//	await settle()
//	await lk.acquire()
//	c.notify(1); L("notify")
//	tb = asyncio.create_task(holder(lk, "b", 1))
//	await settle()
//	ta.cancel(); L("cancel a")
//	await settle()
//	L("main releases"); lk.release()
//	await settle()
//	L(f"locked {lk.locked()}")
func TestConditionCancelledWhileReacquiring(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		lk := NewLock()
		c := NewCondition(lk)
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, condWaiter(tr, c, "a", nil)),
			settle5(),
			await(lk.Acquire, nil),
			do(func() { c.Notify(1); tr.add("notify") }),
			spawnInto(l, &ts, holder(tr, lk, "b", 1)),
			settle5(), // a and b now wait for the lock
			do(func() { ts[0].Cancel(); tr.add("cancel a") }),
			settle5(),
			do(func() { tr.add("main releases"); lk.Release() }),
			settle5(),
			do(func() { tr.add("locked %s", pyBool(lk.Locked())) }),
		}
	})
	checkPy(t, "cond_cancel_while_relock", got)
}

// TestConditionNotifiedThenCancelled: a waiter notified and cancelled before
// it ran passes the notification on (asyncio 3.13; 3.11 lost it).
//
//	c = asyncio.Condition()
//	ts = [asyncio.create_task(cond_waiter(c, n)) for n in "ab"]
//	await settle()
//	async with c:
//	    c.notify(1); ts[0].cancel(); L("notify 1, cancel a")
//	await settle()
func TestConditionNotifiedThenCancelled(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		c := NewCondition(nil)
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, condWaiter(tr, c, "a", nil)), spawnInto(l, &ts, condWaiter(tr, c, "b", nil)),
			settle5(),
			await(c.Acquire, nil),
			do(func() { c.Notify(1); ts[0].Cancel(); tr.add("notify 1, cancel a"); c.Release() }),
			settle5(),
		}
	})
	checkPy(t, "cond_notified_cancelled", got)
}

// TestConditionWaitFor:
//
//	c = asyncio.Condition()
//	state = [0]
//	ta = asyncio.create_task(cond_waiter(c, "a", lambda: state[0] >= 2))
//	await settle()
//	for i in range(3):
//	    async with c:
//	        state[0] += 1; c.notify_all(); L(f"state {state[0]}")
//	    await settle()
func TestConditionWaitFor(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		c := NewCondition(nil)
		state := 0
		var ts []*Task[struct{}]
		s := []step{spawnInto(l, &ts, condWaiter(tr, c, "a", func() bool { return state >= 2 })), settle5()}
		for range 3 {
			s = append(s,
				await(c.Acquire, nil),
				do(func() { state++; c.NotifyAll(); tr.add("state %d", state); c.Release() }),
				settle5())
		}
		return s
	})
	checkPy(t, "cond_wait_for", got)
}

// TestConditionNotAcquired: Wait, WaitFor and Notify need the lock.
func TestConditionNotAcquired(t *testing.T) {
	var errs []error
	runPy(t, func(tr *pyTrace, l *Loop) []step {
		c := NewCondition(nil)
		keep := func(_ struct{}, err error) { errs = append(errs, err) }
		return []step{
			await(c.Wait, keep),
			await(func() Awaitable[struct{}] { return c.WaitFor(func() bool { return false }) }, keep),
			await(func() Awaitable[struct{}] { return c.WaitFor(func() bool { return true }) }, keep),
			do(func() { errs = append(errs, c.Notify(1), c.NotifyAll()) }),
		}
	})
	want := []error{ErrNotAcquired, ErrNotAcquired, nil, ErrNotAcquired, ErrNotAcquired}
	for i := range want {
		if errs[i] != want[i] {
			t.Errorf("call #%d: error %v, want %v", i+1, errs[i], want[i])
		}
	}
}

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

// TestNothingHeldUnderCancellation runs tasks that take a lock, a permit of
// a semaphore, or wait on a condition and hold across a yield, cancels
// random ones at random moments, and checks at the end that every permit is
// back and nobody holds or waits for anything.
func TestNothingHeldUnderCancellation(t *testing.T) {
	for seed := range 30 {
		lk := NewLock()
		sem := NewBoundedSemaphore(2)
		cond := NewCondition(nil)
		l := NewLoop(WithClock(NewVirtualClock()))
		rnd := uint32(seed*104729 + 7)
		rand := func(n int) int {
			rnd = rnd*1664525 + 1013904223
			return int(rnd>>16) % n
		}
		var tasks []*Task[struct{}]
		var fails []string
		use := func(acquire func() Awaitable[struct{}], release func() error, hold int) Coro[struct{}] {
			var err error
			return script(
				await(acquire, func(_ struct{}, e error) { err = e }),
				returnIf(func() bool { return err != nil }),
				yields(hold),
				do(func() {
					if err := release(); err != nil {
						fails = append(fails, err.Error())
					}
				}),
			)
		}
		// stuck reports a waiter left waiting while what it waits for is
		// free, with nobody woken to take it.
		stuck := func() {
			for _, lk := range []*Lock{lk, cond.Lock()} {
				if w := lk.waiters.head; !lk.locked && w != nil && !w.queued {
					fails = append(fails, "lock free while a waiter waits")
				}
			}
			if sem.value > 0 && sem.waiters.n > 0 && sem.chosen == 0 {
				fails = append(fails, "permit free while a waiter waits")
			}
		}
		var s []step
		for range 300 {
			s = append(s, do(func() {
				stuck()
				switch rand(6) {
				case 0:
					tasks = append(tasks, SpawnOn(l, use(lk.Acquire, lk.Release, rand(3))))
				case 1:
					tasks = append(tasks, SpawnOn(l, use(sem.Acquire, sem.Release, rand(3))))
				case 2:
					// Wait on the condition: the cancelled ones must come
					// back holding the lock, so they release it too.
					var err error
					tasks = append(tasks, SpawnOn(l, script(
						await(cond.Acquire, func(_ struct{}, e error) { err = e }),
						returnIf(func() bool { return err != nil }),
						await(cond.Wait, func(_ struct{}, e error) {
							if !cond.Locked() {
								fails = append(fails, "Condition.Wait returned without the lock")
							}
						}),
						do(func() { cond.Release() }),
					)))
				case 3:
					tasks = append(tasks, SpawnOn(l, script(
						await(cond.Acquire, nil),
						do(func() { cond.Notify(rand(3)); cond.Release() }),
					)))
				default:
					if len(tasks) > 0 {
						tasks[rand(len(tasks))].Cancel()
					}
				}
			}), yields(rand(2)))
		}
		s = append(s, settle5(), do(func() {
			stuck()
			for _, t := range tasks {
				t.Cancel()
			}
		}), settle5(), settle5())
		if _, err := RunUntilComplete(l, script(s...)); err != nil {
			t.Fatal(err)
		}
		l.Close()
		for _, tk := range tasks {
			if !tk.Done() {
				fails = append(fails, tk.Name()+" still running")
			}
		}
		if lk.Locked() || lk.live != 0 || lk.waiters.n != 0 {
			fails = append(fails, "lock held or waited for")
		}
		if sem.value != 2 || sem.waiters.n != 0 || sem.chosen != 0 {
			fails = append(fails, "semaphore permits lost or held")
		}
		if cond.Locked() || cond.waiters.n != 0 || cond.Lock().live != 0 {
			fails = append(fails, "condition lock held or waited for")
		}
		if len(fails) > 0 {
			t.Errorf("seed %d: %v", seed, fails)
		}
	}
}
