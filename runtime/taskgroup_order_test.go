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
