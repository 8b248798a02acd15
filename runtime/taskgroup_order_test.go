package runtime_test

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func logWake(log *strings.Builder, ev *runtime.Event) {
	runtime.Await(ev.Wait())
	log.WriteString("waiter woke\n")
	runtime.Await(runtime.Sleep(0))
	log.WriteString("waiter after sleep(0)\n")
}

// async
func failNow() error { return errors.New("boom") }

// async
func setTheEvent(ev *runtime.Event) { ev.Set() }

// async
func groupFailingWhileSetting(log *strings.Builder) {
	ev := runtime.NewEvent()
	runtime.Spawn(logWakeAsync(log, ev))
	runtime.Await(runtime.Sleep(0))
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, failNowAsync())
	runtime.SpawnIn(tg, setTheEventAsync(ev))
	_, err := runtime.Await(tg.Wait())
	fmt.Fprintf(log, "group: %v\n", err)
}

// A child's failure cancels the task waiting on the group, which wakes at
// once and waits again for the tasks left, as asyncio's does; it used to
// wake only when the last ended, later in the pass. asyncio 3.11:
//
//	ev = asyncio.Event()
//	asyncio.create_task(waiter(ev)); await asyncio.sleep(0)
//	try:
//	    async with asyncio.TaskGroup() as tg:
//	        tg.create_task(fail()); tg.create_task(setter(ev))
//	except* Exception as eg: print("group:", *eg.exceptions)
//
// prints "waiter woke", "group: boom", "waiter after sleep(0)".
func TestTaskGroupWaiterWakesOnFailure(t *testing.T) {
	var log strings.Builder
	if _, err := runtime.Run(groupFailingWhileSettingAsync(&log), runtime.WithClock(runtime.NewVirtualClock())); err != nil {
		t.Fatal(err)
	}
	if want := "waiter woke\ngroup: boom\nwaiter after sleep(0)\n"; log.String() != want {
		t.Errorf("got\n%swant\n%s", log.String(), want)
	}
}

// async
func awaitTask(t **runtime.Task[struct{}]) {
	runtime.Await(runtime.Sleep(0)) // both tasks exist now
	runtime.Await(*t)
}

// async
func cancelCycle() (bool, error) {
	var a, b *runtime.Task[struct{}]
	a = runtime.Spawn(awaitTaskAsync(&b))
	b = runtime.Spawn(awaitTaskAsync(&a))
	runtime.Await(runtime.Sleep(0))
	runtime.Await(runtime.Sleep(0)) // a awaits b, b awaits a
	return a.Cancel(), nil
}

// Cancelling one of two tasks that await each other ends the cancellation
// where it comes back round, rather than overflowing the stack. (The two
// stay deadlocked, as in asyncio: the loop is closed with them pending.)
func TestCancelCycle(t *testing.T) {
	l := runtime.NewLoop(runtime.WithClock(runtime.NewVirtualClock()), runtime.WithLogger(slog.New(slog.DiscardHandler)))
	defer l.Close()
	ok, err := runtime.RunUntilComplete(l, cancelCycleAsync())
	if !ok || err != nil {
		t.Errorf("Cancel = %v, %v; want true", ok, err)
	}
}

// async
func groupChild(log *strings.Builder, name string, f *runtime.Future[int]) (int, error) {
	v, err := runtime.Await(f)
	fmt.Fprintf(log, "%s done\n", name)
	return v, err
}

// async
func groupWaitingBody(log *strings.Builder, f *runtime.Future[int], g **runtime.TaskGroup) error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	*g = tg
	runtime.SpawnIn(tg, groupChildAsync(log, "first", f))
	_, err := runtime.Await(tg.Wait())
	fmt.Fprintf(log, "wait: %v\n", err)
	return err
}

// async
func spawnIntoEmptiedGroup(log *strings.Builder) error {
	l, _ := runtime.Await(runtime.RunningLoop())
	f, late := runtime.NewFuture[int](), runtime.NewFuture[int]()
	var g *runtime.TaskGroup
	body := runtime.Spawn(groupWaitingBodyAsync(log, f, &g))
	runtime.Await(runtime.Sleep(0)) // the body waits on the group
	l.CallSoon(func() {
		f.SetResult(1)
		// Two passes on, the child has ended and the body is woken,
		// but has not run.
		l.CallSoon(func() {
			l.CallSoon(func() {
				c := runtime.SpawnIn(g, groupChildAsync(log, "late", late))
				_, err := c.Result()
				fmt.Fprintf(log, "late spawn: %v\n", err)
				late.SetResult(2)
			})
		})
	})
	_, err := runtime.Await(body)
	return err
}

// Once Wait is awaited and the group's last task has ended, the group is
// finished, even before Wait's task runs again: a spawn is refused, as
// asyncio's create_task refuses when __aexit__ has begun and no task is
// left. asyncio 3.11 prints "first done", "late create_task: TaskGroup
// ... is finished", and the body leaves the group.
func TestTaskGroupRefusesSpawnOnceEmptiedInWait(t *testing.T) {
	var log strings.Builder
	if _, err := runtime.Run(spawnIntoEmptiedGroupAsync(&log), runtime.WithClock(runtime.NewVirtualClock())); err != nil {
		t.Fatal(err)
	}
	if want := "first done\nlate spawn: runtime: task group has finished\nwait: <nil>\n"; log.String() != want {
		t.Errorf("got\n%swant\n%s", log.String(), want)
	}
}
