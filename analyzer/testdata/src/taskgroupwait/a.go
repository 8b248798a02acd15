package taskgroupwait

import (
	"errors"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func work(n int) error {
	_, err := runtime.Await(runtime.Sleep(time.Duration(n)))
	return err
}

// Positives.

// The reviewer's case: a return between SpawnIn and Wait.
//
// async
func earlyReturn(fail bool) error {
	tg, err := runtime.Await(runtime.NewTaskGroup()) // want `the TaskGroup tg is not left on all paths: await tg.Wait\(\) before the returns on lines 29 and 32, or its tasks keep running after the function returns`
	if err != nil {
		return err
	}
	runtime.SpawnIn(tg, workAsync(1))
	runtime.SpawnIn(tg, workAsync(3))
	if _, err := runtime.Await(runtime.Sleep(0)); err != nil {
		return err
	}
	if fail {
		return errors.New("body failed")
	}
	_, err = runtime.Await(tg.Wait())
	return err
}

// One branch waits, the other falls off the end of the function.
//
// async
func branchSkips(ok bool) {
	tg, _ := runtime.Await(runtime.NewTaskGroup()) // want `the TaskGroup tg is not left on all paths: await tg.Wait\(\) before the end of the function on line 47,`
	runtime.SpawnIn(tg, workAsync(1))
	if ok {
		_, _ = runtime.Await(tg.Wait())
	}
}

// A switch whose default case forgets the group.
//
// async
func switchSkips(k int) (int, error) {
	var g, err = runtime.Await(runtime.NewTaskGroup()) // want `the TaskGroup g is not left on all paths: await g.Wait\(\) before the return on line 65,`
	if err != nil {
		return 0, err
	}
	t := runtime.SpawnIn(g, workAsync(k))
	switch k {
	case 0:
		_, err = runtime.Await(g.Wait())
	case 1:
		g.Cancel()
		_, err = runtime.Await(g.Wait())
	default:
		return k, nil
	}
	_ = t
	return k, err
}

// Cancelling is not leaving: the cancelled tasks still run to their end.
//
// async
func cancelOnly() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup()) // want `the TaskGroup tg is not left on all paths: await tg.Wait\(\) before the return on line 78,`
	runtime.SpawnIn(tg, workAsync(1))
	tg.Cancel()
	return nil
}

// Tasks spawned in a loop, then a check that returns before the wait.
//
// async
func afterLoop(ns []int) error {
	tg, _ := runtime.Await(runtime.NewTaskGroup()) // want `the TaskGroup tg is not left on all paths: await tg.Wait\(\) before the return on line 90,`
	for _, n := range ns {
		runtime.SpawnIn(tg, workAsync(n))
	}
	if len(ns) > 10 {
		return errors.New("too many")
	}
	_, err := runtime.Await(tg.Wait())
	return err
}

// A group entered and dropped can never be left.
//
// async
func dropped() error {
	runtime.Await(runtime.NewTaskGroup())                                   // want `the TaskGroup entered here is dropped: no task can be spawned into it and it is never left`
	_, _ = runtime.Await(runtime.NewTaskGroup())                            // want `the TaskGroup entered here is dropped`
	_, err := runtime.Await(runtime.NewTaskGroup())                         // want `the TaskGroup entered here is dropped`
	var _, err2 = runtime.Await[*runtime.TaskGroup](runtime.NewTaskGroup()) // want `the TaskGroup entered here is dropped`
	return errors.Join(err, err2)
}

// An ignore directive that names another rule does not silence this one.
//
// async
func ignoredOther() error {
	//asyncvet:ignore awaiterr
	tg, _ := runtime.Await(runtime.NewTaskGroup()) // want `the TaskGroup tg is not left on all paths`
	runtime.SpawnIn(tg, workAsync(1))
	return nil
}

// A SpawnIn after the Wait on one path only: on the other, the task is
// pending at the end, with the return in the loop.
//
// async
func spawnAfterSomeWait(ns []int, early bool) {
	tg, _ := runtime.Await(runtime.NewTaskGroup()) // want `the TaskGroup tg is not left on all paths: await tg.Wait\(\) before the returns on lines 126 and 133 \(the end of the function\), or its tasks`
	for _, n := range ns {
		runtime.SpawnIn(tg, workAsync(n))
		if n < 0 {
			return
		}
	}
	if early {
		_, _ = runtime.Await(tg.Wait())
	}
	runtime.SpawnIn(tg, workAsync(0))
}

// A deferred Cancel does not wait; a variable declared first and bound
// later is followed too.
//
// async
func deferredCancel() error {
	var tg *runtime.TaskGroup
	var err error
	tg, err = runtime.Await(runtime.NewTaskGroup()) // want `the TaskGroup tg is not left on all paths: await tg.Wait\(\) before the return on line 148,`
	if err != nil {
		return err
	}
	defer tg.Cancel()
	runtime.SpawnIn(tg, workAsync(1))
	return nil
}

// Negatives.

// A SpawnIn after the Wait is refused: its task does not run.
//
// async
func spawnAfterWait() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, workAsync(1))
	if _, err := runtime.Await(tg.Wait()); err != nil {
		return err
	}
	late := runtime.SpawnIn(tg, workAsync(2))
	_, err := runtime.Await(late)
	return err
}

// Wait on every path, the error of the body joined with the group's as
// the runtime's documentation shows.
//
// async
func waitsEverywhere(fail bool) error {
	tg, err := runtime.Await(runtime.NewTaskGroup())
	if err != nil {
		return err // before any SpawnIn: nothing is running
	}
	a := runtime.SpawnIn(tg, workAsync(1))
	runtime.SpawnIn[struct{}](tg, workAsync(2))
	if _, err := runtime.Await(runtime.Sleep(0)); err != nil {
		tg.Cancel()
		_, werr := runtime.Await(tg.Wait())
		return errors.Join(err, werr)
	}
	if fail {
		tg.Cancel()
		_, werr := runtime.Await(tg.Wait())
		return errors.Join(errors.New("body failed"), werr)
	}
	if _, err := runtime.Await(tg.Wait()); err != nil {
		return err
	}
	_, err = runtime.Await(a)
	return err
}

// The wait is on the path that leaves the loop.
//
// async
func waitOnLoopExit(ns []int) error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	for i := 0; ; i++ {
		runtime.SpawnIn(tg, workAsync(ns[i]))
		if i == len(ns)-1 {
			_, err := runtime.Await(tg.Wait())
			return err
		}
		if ns[i] < 0 {
			tg.Cancel()
			break
		}
	}
	_, err := runtime.Await(tg.Wait())
	return err
}

// A new group each time round, left before the next.
//
// async
func groupPerRound(rounds [][]int) error {
	for _, ns := range rounds {
		tg, err := runtime.Await(runtime.NewTaskGroup())
		if err != nil {
			return err
		}
		for _, n := range ns {
			runtime.SpawnIn(tg, workAsync(n))
		}
		if _, err := runtime.Await(tg.Wait()); err != nil {
			return err
		}
	}
	return nil
}

// Returns before the first SpawnIn leave nothing running.
//
// async
func returnBeforeSpawn(ns []int) error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	if len(ns) == 0 {
		return nil
	}
	if _, err := runtime.Await(runtime.Sleep(0)); err != nil {
		return err
	}
	for _, n := range ns {
		runtime.SpawnIn(tg, workAsync(n))
	}
	_, err := runtime.Await(tg.Wait())
	return err
}

// A panic is not a path out that this rule follows.
//
// async
func panics(bad bool) error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, workAsync(1))
	if bad {
		panic("bad")
	}
	_, err := runtime.Await(tg.Wait())
	return err
}

// The awaitable of Wait made first and awaited after.
//
// async
func waitValue() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, workAsync(1))
	w := tg.Wait()
	_, err := runtime.Await(w)
	return err
}

// async
func leave(tg *runtime.TaskGroup) error {
	_, err := runtime.Await(tg.Wait())
	return err
}

// The group passed to a helper, which may leave it.
//
// async
func passed(fail bool) error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, workAsync(1))
	if fail {
		return errors.New("failed")
	}
	_, err := runtime.Await(leaveAsync(tg))
	return err
}

type holder struct{ tg *runtime.TaskGroup }

// Stored, returned, captured: the group escapes, and someone else may
// leave it.
//
// async
func stored(h *holder) error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, workAsync(1))
	h.tg = tg
	return nil
}

// async
func returned() (*runtime.TaskGroup, error) {
	tg, err := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, workAsync(1))
	return tg, err
}

// async
func captured() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, workAsync(1))
	after := func() *runtime.TaskGroup { return tg }
	_ = after
	return nil
}

// async
func namedResult() (tg *runtime.TaskGroup, err error) {
	tg, err = runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, workAsync(1))
	return
}

// A variable that holds two groups is not followed.
//
// async
func reassigned() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, workAsync(1))
	tg, _ = runtime.Await(runtime.NewTaskGroup())
	return nil
}

// Silenced on purpose.
//
// async
func ignored() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup()) //asyncvet:ignore taskgroupwait -- left running on purpose
	runtime.SpawnIn(tg, workAsync(1))
	//asyncvet:ignore taskgroupwait
	tg2, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg2, workAsync(1))
	//asyncvet:ignore
	runtime.Await(runtime.NewTaskGroup())
	return nil
}

// Not //async: outsideasync reports the awaits, not this rule.
func plain() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, workAsync(1))
	runtime.Await(runtime.NewTaskGroup())
	return nil
}
