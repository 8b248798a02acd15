package runtime

import "testing"

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
