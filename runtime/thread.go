package runtime

import (
	"runtime/debug"
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
// fn is raised again in the awaiting task.
func ToThread[T any](fn func() (T, error)) Awaitable[T] {
	return &threadOp[T]{fn: fn}
}

type threadOp[T any] struct {
	fn      func() (T, error)
	state   atomic.Int32 // jobQueued, then jobRunning or jobCancelled
	val     T
	err     error
	waiter  *task
	started bool
	done    bool
}

func (op *threadOp[T]) Poll(w *asyncimpl.Task) Status {
	if op.done {
		return Ready
	}
	t := taskOf(w)
	if !op.started {
		op.started = true
		l := t.loop
		l.executor().submit(func() {
			if !op.state.CompareAndSwap(jobQueued, jobRunning) {
				return // cancelled before a worker took it
			}
			v, err := callCatching(op.fn)
			l.CallSoonThreadsafe(func() {
				op.val, op.err, op.done = v, err, true
				if w := op.waiter; w != nil {
					op.waiter = nil
					w.wakeUp()
				}
			})
		})
	}
	op.waiter = t
	t.wait = op
	return Suspend
}

func (op *threadOp[T]) Result() (T, error) {
	if p, ok := op.err.(*PanicError); ok {
		panic(p)
	}
	return op.val, op.err
}

func (op *threadOp[T]) cancelWait(t *task) bool {
	op.waiter = nil
	op.state.CompareAndSwap(jobQueued, jobCancelled)
	return true
}

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
			err = &PanicError{Value: r, Stack: debug.Stack()}
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
	idle    int
	max     int
	closed  bool
	wg      sync.WaitGroup
}

func (e *executor) submit(fn func()) {
	e.mu.Lock()
	e.queue = append(e.queue, fn)
	if e.idle == 0 && e.workers < e.max {
		e.workers++
		e.wg.Add(1)
		go e.work()
	} else {
		e.cond.Signal()
	}
	e.mu.Unlock()
}

func (e *executor) work() {
	defer e.wg.Done()
	e.mu.Lock()
	for {
		for len(e.queue) == 0 && !e.closed {
			e.idle++
			e.cond.Wait()
			e.idle--
		}
		if len(e.queue) == 0 {
			e.mu.Unlock()
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

// shutdown waits for queued and running calls to finish, then stops the
// workers.
func (e *executor) shutdown() {
	e.mu.Lock()
	e.closed = true
	e.cond.Broadcast()
	e.mu.Unlock()
	e.wg.Wait()
}
