package runtime_test

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// These programs are checked against CPython 3.11 asyncio: the comment of
// each example gives the asyncio program whose output it reproduces.

// async
func lastFails() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, jobAsync("a", 100*time.Millisecond, false))
	runtime.SpawnIn(tg, jobAsync("b", 200*time.Millisecond, true))
	_, err := runtime.Await(tg.Wait())
	fmt.Println("wait:", err)
	return nil
}

// The failure of a group's last task reaches Wait even though the group
// cancels the task that waits (asyncio: async with TaskGroup() as tg, tasks
// sleeping 0.1 and 0.2 s, the second failing, raises ExceptionGroup([b
// failed])).
func ExampleTaskGroup_lastTaskFails() {
	runtime.Run(lastFailsAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// wait: b failed
}

// async
func forever(clock *runtime.VirtualClock) error {
	runtime.Await(runtime.Sleep(100 * time.Millisecond))
	_, err := runtime.Await(runtime.WaitFor(runtime.Sleep(500*time.Millisecond), runtime.Forever))
	fmt.Println(clock.Now(), err)
	_, err = runtime.Await(runtime.Timeout(runtime.Forever, runtime.Sleep(500*time.Millisecond)))
	fmt.Println(clock.Now(), err)
	return nil
}

// Forever is no time limit, whenever it starts (asyncio: wait_for(x, None)
// and timeout(None) after a sleep of 0.1 s end at 0.6 and 1.1 s).
func ExampleForever() {
	clock := runtime.NewVirtualClock()
	runtime.Run(foreverAsync(clock), runtime.WithClock(clock))
	// Output:
	// 600ms <nil>
	// 1.1s <nil>
}

// async
func steps() (int, error) {
	fmt.Println("a")
	if _, err := runtime.Await(runtime.Sleep(0)); err != nil {
		return 0, err
	}
	fmt.Println("b")
	return 1, nil
}

// async
func timeoutZero() error {
	_, err := runtime.Await(runtime.Timeout(0, stepsAsync()))
	fmt.Println(err)
	return nil
}

// A deadline already past cancels the block at its first suspension
// (asyncio: async with timeout(0) around a coroutine that prints a, sleeps
// 0 and prints b prints a, then raises TimeoutError).
func ExampleTimeout_zero() {
	runtime.Run(timeoutZeroAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// a
	// runtime: timed out
}

// async
func timedSleeper() error {
	_, err := runtime.Await(runtime.Timeout(200*time.Millisecond, runtime.Sleep(5*time.Second)))
	return err
}

// async
func cancelAtDeadline() error {
	t := runtime.Spawn(timedSleeperAsync())
	runtime.Await(runtime.Sleep(200 * time.Millisecond))
	t.Cancel()
	_, err := runtime.Await(t)
	fmt.Println(errors.Is(err, runtime.ErrCancelled), errors.Is(err, runtime.ErrTimeout), t.Cancelled())
	return nil
}

// A Cancel that arrives in the pass where a Timeout expires is not taken
// for the timeout's own (asyncio: the task under timeout(0.2) cancelled at
// 0.2 s ends cancelled, not with TimeoutError; Task.cancelling counts the
// requests).
func ExampleTimeout_cancelledAtTheDeadline() {
	runtime.Run(cancelAtDeadlineAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// true false true
}

// async
func innerTimeout() error {
	_, err := runtime.Await(runtime.Timeout(100*time.Millisecond, runtime.Sleep(500*time.Millisecond)))
	fmt.Println("inner:", err)
	return err
}

// async
func nestedTimeouts() error {
	_, err := runtime.Await(runtime.Timeout(100*time.Millisecond, innerTimeoutAsync()))
	fmt.Println("outer:", err)
	return nil
}

// Two Timeouts expiring in the same pass: the inner one sees a request
// that is not its own and passes the cancellation on; the outer one turns
// it into its timeout (asyncio: nested timeout(0.1) blocks; the outer one
// raises TimeoutError).
func ExampleTimeout_nested() {
	runtime.Run(nestedTimeoutsAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// inner: runtime: cancelled
	// outer: runtime: timed out
}

// async
func stepper(name string, n int) error {
	for i := 0; i < n; i++ {
		fmt.Println(name, i)
		if _, err := runtime.Await(runtime.Sleep(0)); err != nil {
			fmt.Println(name, "cancelled")
			return err
		}
	}
	return nil
}

// async
func groupOfOne() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, stepperAsync("c", 6))
	_, err := runtime.Await(tg.Wait())
	return err
}

// async
func cancelGroupParent() error {
	p := runtime.Spawn(groupOfOneAsync())
	runtime.Await(runtime.Sleep(0))
	runtime.Await(runtime.Sleep(0))
	fmt.Println("cancel")
	p.Cancel()
	_, err := runtime.Await(p)
	fmt.Println("parent:", err)
	return nil
}

// A task waiting to leave a group and cancelled from outside cancels the
// group's tasks at its next step, as asyncio's __aexit__ does in its except
// clause, so a task already scheduled in the pass of the Cancel still runs
// once (asyncio: async with TaskGroup() around a task printing c 0..5 with
// sleep(0) between, the parent cancelled after two sleep(0)s).
func ExampleTaskGroup_cancelledFromOutside() {
	runtime.Run(cancelGroupParentAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// c 0
	// cancel
	// c 1
	// c cancelled
	// parent: runtime: cancelled
}

// async
func awaitAndPrint(name string, a runtime.Awaitable[string]) error {
	r, err := runtime.Await(a)
	if err != nil {
		fmt.Println(name, err)
		return err
	}
	fmt.Println(name, "got", r)
	return nil
}

// async
func chosenThenCancelled() error {
	f1, f2 := runtime.NewFuture[string](), runtime.NewFuture[string]()
	next := runtime.AsCompleted[string](f1, f2)
	c1 := runtime.Spawn(awaitAndPrintAsync("c1", next[0]))
	c2 := runtime.Spawn(awaitAndPrintAsync("c2", next[1]))
	runtime.Await(runtime.Sleep(0))
	t := runtime.Spawn(stepperAsync("tick", 6))
	f1.SetResult("x")
	runtime.Await(runtime.Sleep(0))
	fmt.Println("cancel c1")
	c1.Cancel()
	for range 3 {
		runtime.Await(runtime.Sleep(0))
	}
	f2.SetResult("y")
	runtime.Await(t)
	runtime.Await(c2)
	return nil
}

// An AsCompleted consumer woken for a result and cancelled before it ran
// hands the result to the next consumer when it runs, as the except clause
// of asyncio's Queue.get, which as_completed waits on, does (asyncio: two
// consumers of as_completed([f1, f2]), f1 set, the first consumer cancelled
// in the next pass).
func ExampleAsCompleted_chosenThenCancelled() {
	runtime.Run(chosenThenCancelledAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// tick 0
	// cancel c1
	// tick 1
	// c1 runtime: cancelled
	// tick 2
	// c2 got x
	// tick 3
	// tick 4
	// tick 5
}

// async
func gatherWaiter(a runtime.Awaitable[[]int]) error {
	r, err := runtime.Await(a)
	if err != nil {
		fmt.Println("w", err)
		return err
	}
	fmt.Println("got", r)
	return nil
}

// async
func gatherDoneThenCancelled() error {
	f1, f2 := runtime.NewFuture[int](), runtime.NewFuture[int]()
	w := runtime.Spawn(gatherWaiterAsync(runtime.Gather[int](f1, f2)))
	runtime.Await(runtime.Sleep(0))
	t := runtime.Spawn(stepperAsync("tick", 5))
	runtime.Await(runtime.Sleep(0))
	f1.SetResult(1)
	f2.SetResult(2)
	fmt.Println("cancel", w.Cancel())
	runtime.Await(t)
	runtime.Await(w)
	return nil
}

// A Gather whose awaitables have all finished, but whose callbacks have not
// run yet, cannot cancel them: the cancellation waits for the Gather to end
// and then arrives at its await, as asyncio's _must_cancel does (asyncio: a
// task awaiting gather(f1, f2) cancelled in the pass where both futures were
// set).
func ExampleGather_cancelledAfterItsAwaitablesFinished() {
	runtime.Run(gatherDoneThenCancelledAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// tick 0
	// cancel true
	// tick 1
	// tick 2
	// w runtime: cancelled
	// tick 3
	// tick 4
}

// async
func spawnLate(tg *runtime.TaskGroup) error {
	_, err := runtime.Await(runtime.Sleep(time.Second))
	late := runtime.SpawnIn(tg, stepperAsync("late", 1))
	_, lerr := runtime.Await(late)
	fmt.Println("spawn:", lerr)
	return err
}

// async
func lateSpawn() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, jobAsync("a", 100*time.Millisecond, true))
	runtime.SpawnIn(tg, spawnLateAsync(tg))
	_, err := runtime.Await(tg.Wait())
	fmt.Println("group:", err)
	return nil
}

// A group that is shutting down takes no new tasks: SpawnIn returns a task
// that already failed, and the coroutine never runs (asyncio: create_task
// on a TaskGroup whose task failed raises RuntimeError "is shutting down").
func ExampleSpawnIn_shuttingDown() {
	runtime.Run(lateSpawnAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// spawn: runtime: task group is shutting down
	// group: a failed
}

// async
func panicAfter(d time.Duration) error {
	runtime.Await(runtime.Sleep(d))
	panic("boom")
}

// async
func recoverTimeout() (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			s = "recovered"
		}
	}()
	_, err = runtime.Await(runtime.Timeout(200*time.Millisecond, panicAfterAsync(100*time.Millisecond)))
	return "no panic", err
}

// async
func afterPanicInTimeout(clock *runtime.VirtualClock) error {
	s, err := runtime.Await(recoverTimeoutAsync())
	fmt.Println(clock.Now(), s, err)
	_, err = runtime.Await(runtime.Sleep(300 * time.Millisecond))
	fmt.Println(clock.Now(), err)
	return nil
}

// A panic that leaves a Timeout's block ends its deadline too: the task
// is not cancelled later (asyncio: async with timeout(0.2) around a
// coroutine raising at 0.1 s, the exception caught outside, then a sleep
// of 0.3 s that ends at 0.4 s).
func ExampleTimeout_leftByPanic() {
	clock := runtime.NewVirtualClock()
	runtime.Run(afterPanicInTimeoutAsync(clock), runtime.WithClock(clock))
	// Output:
	// 100ms recovered <nil>
	// 400ms <nil>
}

// async
func announce(name string) int {
	fmt.Println(name, "start")
	runtime.Await(runtime.Sleep(0))
	fmt.Println(name, "done")
	return 1
}

// async
func waitForForever() error {
	runtime.Spawn(announceAsync("other"))
	v, err := runtime.Await(runtime.WaitFor(announceAsync("inline"), runtime.Forever))
	fmt.Println("wait for:", v, err)
	return nil
}

// With no limit, WaitFor awaits its coroutine inline, without a task of its
// own, so it starts before a task spawned earlier (asyncio: wait_for(c,
// None) is await c).
func ExampleWaitFor_forever() {
	runtime.Run(waitForForeverAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// inline start
	// other start
	// inline done
	// wait for: 1 <nil>
	// other done
}

// async
func sameTwice() error {
	c := announceAsync("c")
	v, err := runtime.Await(runtime.Gather(c, c))
	fmt.Println("gather:", v, err)
	t := runtime.Spawn(announceAsync("t"))
	w, _ := runtime.Await(runtime.Wait([]*runtime.Task[int]{t, t}, runtime.AllCompleted, runtime.Forever))
	fmt.Println("wait:", len(w.Done), len(w.Pending))
	fmt.Println("as completed:", len(runtime.AsCompleted[int](t, t, c)))
	return nil
}

// A coroutine or task given twice to Gather runs once and its result fills
// both places; Wait and AsCompleted count it once (asyncio: gather(c, c)
// gives [1, 1]; wait and as_completed make a set of what they are given).
func ExampleGather_sameTwice() {
	runtime.Run(sameTwiceAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// c start
	// c done
	// gather: [1 1] <nil>
	// t start
	// t done
	// wait: 1 0
	// as completed: 2
}

// async
func spawnsWhenCancelled() error {
	_, err := runtime.Await(runtime.Sleep(10 * time.Second))
	fmt.Println("spawner:", err)
	runtime.Spawn(stepperAsync("child", 10))
	return err
}

// async
func leavesASpawner() error {
	runtime.Spawn(spawnsWhenCancelledAsync())
	runtime.Await(runtime.Sleep(100 * time.Millisecond))
	fmt.Println("main returns")
	return nil
}

// Run ends the tasks left when the main task returns as asyncio.run does,
// pass for pass: a task spawned by a cancelled task's cleanup gets the
// passes it would get there before the loop closes (asyncio: the same
// program prints child 0 to child 5).
func ExampleRun_shutdownPasses() {
	runtime.Run(leavesASpawnerAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// main returns
	// spawner: runtime: cancelled
	// child 0
	// child 1
	// child 2
	// child 3
	// child 4
	// child 5
}

// async
func groupInTimeout() error {
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, jobAsync("a", 10*time.Millisecond, true))
	_, err := runtime.Await(runtime.Sleep(time.Second))
	fmt.Println("body:", err)
	_, err = runtime.Await(tg.Wait())
	fmt.Println("wait:", err)
	_, err = runtime.Await(runtime.Sleep(time.Second))
	fmt.Println("after:", err)
	return err
}

// async
func timeoutAroundGroup() error {
	_, err := runtime.Await(runtime.Timeout(500*time.Millisecond, groupInTimeoutAsync()))
	fmt.Println("timeout:", err)
	return nil
}

// The cancellation a group sends the task that entered it is withdrawn
// when the group is left, so a Timeout around it still tells its own
// cancellation (asyncio: a TaskGroup whose task fails while the body
// sleeps, under timeout(0.5), then a sleep after the group: TimeoutError).
func ExampleTaskGroup_insideTimeout() {
	runtime.Run(timeoutAroundGroupAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// body: runtime: cancelled
	// wait: a failed
	// after: runtime: cancelled
	// timeout: runtime: timed out
}

// async
func stubborn() error {
	runtime.Await(runtime.Sleep(time.Hour))
	return errors.New("stubborn failure")
}

// async
func leavesStubborn() error {
	runtime.Spawn(stubbornAsync())
	runtime.Await(runtime.Sleep(0))
	return nil
}

// A task left when the main task returns, which Run's shutdown cancels and
// which then fails, has its error logged, once (asyncio's "unhandled
// exception during asyncio.run() shutdown").
func ExampleRun_failureDuringShutdown() {
	logs, logger := textLogs()
	runtime.Run(leavesStubbornAsync(), runtime.WithClock(runtime.NewVirtualClock()), runtime.WithLogger(logger))
	fmt.Print(logs.String())
	// Output:
	// level=ERROR msg="runtime: unhandled error during Run shutdown" task=Task-2 coroutine=runtime_test.stubborn defined=cancel_semantics_test.go:465 err="stubborn failure"
}

// async
func cancelParent(t *runtime.Task[string], parent runtime.TaskInfo) error {
	runtime.Await(t)
	fmt.Println("x cancels the group's task")
	parent.Cancel()
	return nil
}

// async
func cancelledAfterLastFailure() error {
	me, _ := runtime.Await(runtime.CurrentTask())
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	a := runtime.SpawnIn(tg, jobAsync("a", 100*time.Millisecond, true))
	runtime.Spawn(cancelParentAsync(a, me))
	_, err := runtime.Await(tg.Wait())
	fmt.Println("wait:", err)
	late := runtime.SpawnIn(tg, jobAsync("late", 0, false))
	_, err = runtime.Await(late)
	fmt.Println("late:", err)
	return nil
}

// A cancellation that reaches the group's task after the last task failed,
// before the task ran again, does not hide the failure, and the group is
// finished (asyncio: async with TaskGroup() around a task that fails at
// 0.1 s while another task, awaiting it, cancels the group's task, raises
// ExceptionGroup([a failed]); create_task then raises "is finished").
func ExampleTaskGroup_cancelledAfterLastFailure() {
	runtime.Run(cancelledAfterLastFailureAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// x cancels the group's task
	// wait: a failed
	// late: runtime: task group has finished
}

// async
func doneAfter(name string, d time.Duration) (string, error) {
	if _, err := runtime.Await(runtime.Sleep(d)); err != nil {
		fmt.Println(name, "cancelled")
		return "", err
	}
	fmt.Println(name, "done")
	return name, nil
}

// async
func cancelAfter(t runtime.TaskInfo, d time.Duration) error {
	runtime.Await(runtime.Sleep(d))
	fmt.Println("cancel")
	t.Cancel()
	return nil
}

// async
func shieldTwice() error {
	me, _ := runtime.Await(runtime.CurrentTask())
	sh := runtime.Shield(doneAfterAsync("a", 300*time.Millisecond))
	runtime.Spawn(cancelAfterAsync(me, 100*time.Millisecond))
	_, err := runtime.Await(sh)
	fmt.Println("first await:", err)
	v, err := runtime.Await(sh)
	fmt.Printf("second await: %q %v\n", v, err)
	runtime.Await(runtime.Sleep(500 * time.Millisecond))
	return nil
}

// A Shield whose await was cancelled is cancelled: awaiting it again
// returns ErrCancelled at once, and the work inside goes on (asyncio: sh =
// shield(job("a", 0.3)); a cancel at 0.1 s; await sh twice).
func ExampleShield_awaitedAgain() {
	runtime.Run(shieldTwiceAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// cancel
	// first await: runtime: cancelled
	// second await: "" runtime: cancelled
	// a done
}

// async
func waitForNoTime() error {
	t := runtime.Spawn(doneAfterAsync("t", 100*time.Millisecond))
	_, err := runtime.Await(runtime.WaitFor(runtime.Gather[string](t), 0))
	fmt.Println("gather:", err)
	_, err = runtime.Await(runtime.WaitFor(runtime.Shield(doneAfterAsync("s", 100*time.Millisecond)), 0))
	fmt.Println("shield:", err)
	runtime.Await(runtime.Sleep(time.Second))
	fmt.Println("t cancelled:", t.Cancelled())
	return nil
}

// WaitFor with no time cancels a Gather, which cancels what it gathers,
// and a Shield, whose work goes on: both are futures that start at once
// (asyncio: wait_for(gather(t), 0) and wait_for(shield(job("s", 0.1)), 0)).
func ExampleWaitFor_gatherAndShieldWithNoTime() {
	runtime.Run(waitForNoTimeAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// gather: runtime: timed out
	// shield: runtime: timed out
	// s done
	// t cancelled: true
}

// async
func ticks(n int) error {
	runtime.Await(runtime.Sleep(50 * time.Millisecond))
	for i := range n {
		fmt.Println("tick", i)
		runtime.Await(runtime.Sleep(0))
	}
	return nil
}

// async
func waitForFutures() error {
	runtime.Spawn(ticksAsync(6))
	t := runtime.Spawn(doneAfterAsync("p", 50*time.Millisecond))
	v, _ := runtime.Await(runtime.WaitFor(runtime.Shield(t), time.Second))
	fmt.Println(v)
	runtime.Await(runtime.Sleep(100 * time.Millisecond))
	runtime.Spawn(ticksAsync(6))
	vs, _ := runtime.Await(runtime.WaitFor(runtime.Gather(doneAfterAsync("q", 50*time.Millisecond), doneAfterAsync("r", 50*time.Millisecond)), time.Second))
	fmt.Println(vs)
	runtime.Await(runtime.Sleep(100 * time.Millisecond))
	return nil
}

// WaitFor awaits a Shield or a Gather as the future it is, with no task
// between: its result arrives at the same pass as in asyncio (the same
// program with wait_for(shield(t), 1) and wait_for(gather(...), 1)).
func ExampleWaitFor_futures() {
	runtime.Run(waitForFuturesAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// tick 0
	// p done
	// tick 1
	// tick 2
	// tick 3
	// p
	// tick 4
	// tick 5
	// tick 0
	// q done
	// r done
	// tick 1
	// tick 2
	// tick 3
	// [q r]
	// tick 4
	// tick 5
}

// async
func waitFirstError() error {
	a := runtime.Spawn(jobAsync("a", 100*time.Millisecond, true))
	b := runtime.Spawn(jobAsync("b", 300*time.Millisecond, false))
	w, _ := runtime.Await(runtime.Wait([]*runtime.Task[string]{a, b}, runtime.FirstError, runtime.Forever))
	fmt.Println(len(w.Done), len(w.Pending))
	runtime.Await(b)
	c := runtime.Spawn(jobAsync("c", 100*time.Millisecond, true))
	d := runtime.Spawn(jobAsync("d", 100*time.Millisecond, true))
	w, _ = runtime.Await(runtime.Wait([]*runtime.Task[string]{c, d}, runtime.FirstError, runtime.Forever))
	fmt.Println(len(w.Done), len(w.Pending))
	return nil
}

// Wait in FirstError mode reads the error of a task that made it return,
// so only an error it did not look at is reported (asyncio: wait with
// FIRST_EXCEPTION looks at each task's exception() unless the task was
// the last; of c and d, failing together, d's is "never retrieved").
func ExampleWait_firstErrorReadsTheError() {
	logs, logger := textLogs()
	runtime.Run(waitFirstErrorAsync(), runtime.WithClock(runtime.NewVirtualClock()), runtime.WithLogger(logger))
	fmt.Print(logs.String())
	// Output:
	// 1 1
	// 2 0
	// level=ERROR msg="runtime: task error was never retrieved" task=Task-5 coroutine=runtime_test.job defined=example_taskgroup_test.go:12 err="d failed"
}

// async
func groupPanics() (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprint("recovered ", r.(*runtime.PanicError).Value)
		}
	}()
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	runtime.SpawnIn(tg, panicAfterAsync(100*time.Millisecond))
	runtime.SpawnIn(tg, jobAsync("b", 300*time.Millisecond, false))
	_, err = runtime.Await(tg.Wait())
	return "no panic", err
}

// A task's panic cancels the rest of its group and is raised again by
// Wait, as where a task is awaited (asyncio raises a task's BaseException,
// such as SystemExit, from the async with instead of an ExceptionGroup).
func ExampleTaskGroup_panic() {
	s, err := runtime.Run(groupPanicsAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	fmt.Println(s, err)
	// Output:
	// b cancelled
	// recovered boom <nil>
}

// async
func seven() int { return 7 }

// async
func nestDuringShutdown() error {
	l, _ := runtime.Await(runtime.RunningLoop())
	for range 3 {
		runtime.Await(runtime.Sleep(0))
	}
	_, err := runtime.RunUntilComplete(l, sevenAsync())
	fmt.Println("RunUntilComplete:", err)
	fmt.Println("Close:", l.Close(), l.Closed())
	fmt.Println("RunForever:", l.RunForever())
	return nil
}

// async
func spawnsNesterWhenCancelled() error {
	_, err := runtime.Await(runtime.Sleep(10 * time.Second))
	runtime.Spawn(nestDuringShutdownAsync())
	return err
}

// async
func leavesSpawner() error {
	runtime.Spawn(spawnsNesterWhenCancelledAsync())
	runtime.Await(runtime.Sleep(0))
	return nil
}

// The passes that Run's shutdown runs after the cancelled tasks ended run
// the loop as any pass does: a task still alive then cannot run it again
// or close it (asyncio: the loop is running during
// shutdown_default_executor).
func ExampleRun_loopRunningDuringShutdown() {
	runtime.Run(leavesSpawnerAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// RunUntilComplete: runtime: loop is already running
	// Close: runtime: cannot close a running loop false
	// RunForever: runtime: loop is already running
}

// textLogs is a logger writing text without times, and what it wrote.
func textLogs() (*strings.Builder, *slog.Logger) {
	var logs strings.Builder
	return &logs, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
}
