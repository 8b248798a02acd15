package runtime

import (
	"errors"
	"fmt"
	"sync/atomic"
)

var (
	errAlreadyRunning = errors.New("runtime: loop is already running")
	errCloseRunning   = errors.New("runtime: cannot close a running loop")
	errStopped        = errors.New("runtime: Stop ended the loop's run before the coroutine completed")
	errGoexitTask     = errors.New("runtime: the task called runtime.Goexit (as testing's FailNow and Fatal do), which ends the event loop's goroutine; the task ended at that step without running its callers' deferred calls")
)

// Run runs c on a new loop until it completes and returns its result
// (asyncio.run). At exit it cancels every task still running, runs them until
// they end (their defers run), shuts the executor down while the loop still
// runs (the calls queued or running finish, and what they hand to the loop
// runs) and closes the loop. A panic in c is raised again here, as a
// *PanicError holding the original stack, after that cleanup.
//
// Unlike asyncio.run, Run leaves SIGINT (Ctrl-C) alone: it ends the process,
// as Go's default does, without running deferred calls. For asyncio's
// behaviour, where Ctrl-C cancels the main coroutine so that its deferred
// calls run, handle the signal on the loop from that coroutine (the
// shutdown example does so with an event):
//
//	loop, _ := runtime.Await(runtime.RunningLoop())
//	me, _ := runtime.Await(runtime.CurrentTask())
//	loop.AddSignalHandler(os.Interrupt, func() { me.Cancel() })
func Run[T any](c Coro[T], opts ...Option) (T, error) {
	return runOn(NewLoop(opts...), c)
}

// runOn is Run on a loop made by the caller.
func runOn[T any](l *Loop, c Coro[T]) (T, error) {
	defer l.Close() // also when cancelAll panics, as asyncio.run closes the loop in a finally
	defer l.cancelAll()
	return RunUntilComplete(l, c)
}

// RunUntilComplete runs l until c, spawned as a task, completes, and returns
// its result (asyncio's loop.run_until_complete). Other tasks stay as they are.
func RunUntilComplete[T any](l *Loop, c Coro[T]) (T, error) {
	var zero T
	// Whatever refuses the run refuses it before c is spawned, so that c
	// does not run, as asyncio's checks come before ensure_future.
	leave, err := l.enter("RunUntilComplete")
	if err != nil {
		return zero, err
	}
	var t *Task[T]
	func() {
		defer leave()
		t = SpawnOn(l, c)
		stop := t.addDone(l, l.Stop)
		l.run(-1)
		t.removeDone(stop)
	}()
	if !t.Done() {
		return zero, fmt.Errorf("%w: %s is still pending, and goes on when the loop runs again (RunForever)", errStopped, t.Name())
	}
	return t.Result()
}

// cancelAll is asyncio.run's _cancel_all_tasks: cancel every live task, run
// the loop until all of them have ended, and log failures nobody retrieved.
func (l *Loop) cancelAll() {
	if l.closed.Load() || l.running {
		return
	}
	tasks := l.tasks.all(l.taskSeq)
	if len(tasks) > 0 {
		for _, t := range tasks {
			t.Cancel()
		}
		// asyncio runs the loop until a gather of the tasks is done: its
		// callback on the last task completes the gather, whose own
		// callback, a pass later, stops the loop.
		left := len(tasks)
		for _, t := range tasks {
			t.addDone(l, func() {
				if left--; left == 0 {
					l.CallSoon(l.Stop)
				}
			})
		}
		// A Stop from elsewhere (a callback, a signal handler) must not
		// end the wait early: the loop runs on until the tasks have ended.
		for left > 0 && l.RunForever() == nil {
		}
		for _, t := range tasks {
			if n := t.unreadFailure(); n != nil {
				n.read.Store(true)
				l.logger.Error("runtime: unhandled error during Run shutdown", "task", t.Name(), "coroutine", n.coro, "defined", n.defined, "err", n.err)
			}
		}
	}
	// asyncio.run then runs shutdown_asyncgens and shutdown_default_executor
	// as coroutines: callbacks made ready by the cancelled tasks, or handed
	// over by other goroutines, still run.
	for i := 0; i < 4 && (l.ready.len() > 0 || l.inbox.pending()); i++ {
		l.runPasses(1)
	}
	// shutdown_default_executor runs the loop until the executor has
	// finished its queued and running calls, so that what they hand to
	// the loop (their results, CallSoonThreadsafe) runs; later ToThread
	// calls are refused.
	if e := l.exec; e != nil {
		var done atomic.Bool
		go func() {
			e.shutdown(true)
			done.Store(true)
			l.CallSoonThreadsafe(l.Stop)
		}()
		// The wait counts as a call on the executor: a virtual clock
		// follows real time meanwhile, rather than jump to the timers
		// left and fire them.
		l.threadJobs++
		for !done.Load() && l.RunForever() == nil { // as above: another Stop does not end the wait
		}
		l.threadJobs--
	}
}
