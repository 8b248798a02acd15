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
