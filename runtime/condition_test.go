package runtime

import "testing"

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

// TestConditionNotifiedCancelledRelocking: a waiter notified, then
// cancelled while it waits for the lock, passes the notification on too
// (asyncio 3.13).
//
//	c = asyncio.Condition()
//	ts = [asyncio.create_task(cond_waiter(c, n)) for n in "ab"]
//	await settle()
//	await c.acquire()
//	c.notify(1); L("notify 1")
//	await settle()
//	ts[0].cancel(); L("cancel a")
//	await settle()
//	L("main releases"); c.release()
//	await settle()
//	L(f"b done {ts[1].done()}")
//	ts[1].cancel()
//	await settle()
func TestConditionNotifiedCancelledRelocking(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		c := NewCondition(nil)
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, condWaiter(tr, c, "a", nil)), spawnInto(l, &ts, condWaiter(tr, c, "b", nil)),
			settle5(),
			await(c.Acquire, nil),
			do(func() { c.Notify(1); tr.add("notify 1") }),
			settle5(), // a is notified and waits for the lock
			do(func() { ts[0].Cancel(); tr.add("cancel a") }),
			settle5(),
			do(func() { tr.add("main releases"); c.Release() }),
			settle5(),
			do(func() { tr.add("b done %s", pyBool(ts[1].Done())); ts[1].Cancel() }),
			settle5(),
		}
	})
	checkPy(t, "cond_notified_cancelled_relocking", got)
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
