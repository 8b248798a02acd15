package runtime

import (
	"errors"
	"sync"
	"sync/atomic"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// ToThread runs fn on the loop's executor, a bounded pool of worker
// goroutines, and returns an awaitable for its result (asyncio.to_thread).
// The loop keeps running other tasks meanwhile. Cancelling the await while
// fn still waits for a worker keeps it from running, as asyncio cancels a
// job that has not started; once fn runs, cancelling does not stop it (no
// thread can be stopped from outside) and its result is dropped. A panic in
// fn is raised again in the awaiting task. Like the future asyncio's
// run_in_executor returns, it may be awaited by several tasks, and again
// once done; cancelling any await of it cancels it, and every await of it
// then returns ErrCancelled.
func ToThread[T any](fn func() (T, error)) Awaitable[T] {
	return &threadOp[T]{fn: fn}
}

// threadOp is a ToThread awaitable: a job for the executor and the future
// its outcome completes (asyncio: the future run_in_executor returns).
type threadOp[T any] struct {
	fut     Future[T]
	fn      func() (T, error)
	state   atomic.Int32 // jobQueued, then jobRunning or jobCancelled
	started bool
}

func (op *threadOp[T]) Poll(w *asyncimpl.Task) Status {
	if !op.started {
		op.started = true
		if err := op.start(taskOf(w).loop); err != nil {
			var zero T
			op.fut.complete(zero, err, false)
		}
	}
	st := op.fut.Poll(w)
	if st == Suspend {
		taskOf(w).wait = op // cancelling the await cancels the job too
	}
	return st
}

// start submits the job to l's executor.
func (op *threadOp[T]) start(l *Loop) error {
	if op.fn == nil {
		return errNilFunc("ToThread")
	}
	if !l.executor().submit(func() { op.work(l) }) {
		return errExecutorShutDown
	}
	l.threadJobs++
	return nil
}

// work is the job on a worker: it runs fn unless the await was cancelled
// first, and hands the outcome to the loop.
func (op *threadOp[T]) work(l *Loop) {
	if !op.state.CompareAndSwap(jobQueued, jobRunning) {
		return // cancelled before a worker took it; cancelWait counted it
	}
	var v T
	err := errGoexit
	defer func() {
		// Deferred, so that a fn that calls runtime.Goexit still
		// completes the await.
		l.CallSoonThreadsafe(func() { op.complete(l, v, err) })
	}()
	v, err = callCatching(op.fn)
}

// complete is the job's end, on the loop. An await cancelled meanwhile
// ended the operation: the outcome is dropped.
func (op *threadOp[T]) complete(l *Loop, v T, err error) {
	l.threadJobs--
	if !op.fut.done {
		op.fut.complete(v, err, false)
	}
}

func (op *threadOp[T]) Result() (T, error) { return op.fut.Result() }

// cancelWait cancels the operation, as cancelling a task that awaits the
// future of run_in_executor cancels that future: a job still queued never
// runs, one running finishes unheard, and every await of it, then or later,
// returns ErrCancelled.
func (op *threadOp[T]) cancelWait(t *task) bool {
	if !op.fut.done && op.state.CompareAndSwap(jobQueued, jobCancelled) {
		t.loop.threadJobs-- // it will not run, nor complete
	}
	return op.fut.cancelWait(t)
}

var (
	errExecutorShutDown = errors.New("runtime: ToThread after the loop's executor was shut down")
	errGoexit           = errors.New("runtime: the function run by ToThread called runtime.Goexit (as testing's FailNow and SkipNow do) instead of returning")
)

// States of a ToThread job.
const (
	jobQueued = iota
	jobRunning
	jobCancelled
)

func (op *threadOp[T]) describe() string { return "ToThread" }

func callCatching[T any](fn func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: asyncimpl.PanicStack()}
		}
	}()
	return fn()
}

func (l *Loop) executor() *executor {
	if l.exec == nil {
		l.exec = &executor{max: l.workers}
		l.exec.cond.L = &l.exec.mu
	}
	return l.exec
}

// executor is a pool of at most max worker goroutines, started as work
// arrives and kept until shutdown, fed from an unbounded queue so that
// submitting never blocks the loop.
type executor struct {
	mu      sync.Mutex
	cond    sync.Cond
	queue   []func()
	workers int
	idle    int // workers waiting for a job
	max     int
	closed  bool
	wg      sync.WaitGroup
}

// submit queues fn; it reports false, with fn not queued, once the
// executor is shut down (asyncio: "Executor shutdown has been called").
func (e *executor) submit(fn func()) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return false
	}
	e.queue = append(e.queue, fn)
	e.dispatch()
	return true
}

// dispatch wakes an idle worker for the newest job, or starts one when
// the idle workers are already spoken for: each takes one job, and one
// that was signalled counts as idle until it runs.
func (e *executor) dispatch() {
	if len(e.queue) > e.idle && e.workers < e.max {
		e.workers++
		e.wg.Add(1)
		go e.work()
	} else {
		e.cond.Signal()
	}
}

func (e *executor) work() {
	returned := false
	defer func() {
		if !returned {
			// A job called runtime.Goexit and took this goroutine
			// with it: another takes its place.
			e.mu.Lock()
			e.workers--
			if len(e.queue) > 0 {
				e.dispatch()
			}
			e.mu.Unlock()
		}
		e.wg.Done()
	}()
	e.mu.Lock()
	for {
		for len(e.queue) == 0 && !e.closed {
			e.idle++
			e.cond.Wait()
			e.idle--
		}
		if len(e.queue) == 0 {
			e.mu.Unlock()
			returned = true
			return
		}
		fn := e.queue[0]
		e.queue[0] = nil
		e.queue = e.queue[1:]
		e.mu.Unlock()
		fn()
		e.mu.Lock()
	}
}

// shutdown refuses later submits and lets the workers stop once the queue
// is empty; with wait, it returns when they have (concurrent.futures'
// shutdown(wait)).
func (e *executor) shutdown(wait bool) {
	e.mu.Lock()
	e.closed = true
	e.cond.Broadcast()
	e.mu.Unlock()
	if wait {
		e.wg.Wait()
	}
}
