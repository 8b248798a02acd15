package runtime

import (
	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// Result is the outcome of one awaitable in [GatherAll].
type Result[T any] struct {
	Val T
	Err error
}

// Gather runs the awaitables concurrently and returns their results in the
// order given (asyncio.gather). Coroutines are spawned as tasks when the
// await begins, or when a combinator given the Gather (WaitFor, Shield,
// Gather) begins: as in asyncio, where gather returns a future, the Gather
// then serves as one, with no task of its own. A task, future or coroutine
// given twice runs once, and its result is in both places. The first error
// (or cancellation) of any of them is the error of the Gather at once; the
// others keep running. Cancelling the awaiting task cancels all of them.
func Gather[T any](as ...Awaitable[T]) Awaitable[[]T] {
	return &gatherOp[T]{gathering: gathering[T]{as: as}}
}

// GatherAll is Gather that waits for every awaitable and reports each
// outcome, errors included (asyncio.gather(..., return_exceptions=True)).
func GatherAll[T any](as ...Awaitable[T]) Awaitable[[]Result[T]] {
	return &gatherAllOp[T]{gathering: gathering[T]{as: as, all: true}}
}

// gathering is asyncio's _GatheringFuture with gather's _done_callback.
type gathering[T any] struct {
	as       []Awaitable[T]
	all      bool // return every outcome (return_exceptions=True)
	started  bool
	children []future[T] // one per awaitable; the same one given twice is one future
	distinct int         // the distinct children
	finished int
	done     bool
	err      error
	cancel   bool // cancellation was requested of the children
	waiters  waitList
}

// start spawns the coroutines and ties the Gather to its children:
// asyncio.gather's body, which the combinators that take a future (WaitFor,
// Shield, an enclosing Gather) run when they begin, as asyncio's gather
// runs when it is called.
func (g *gathering[T]) start(l *Loop) {
	if g.started {
		return
	}
	g.started = true
	g.children = make([]future[T], len(g.as))
	dup := firsts(g.as, identity[T])
	for i, a := range g.as {
		if dup != nil && dup[i] != i {
			g.children[i] = g.children[dup[i]] // the same awaitable again
			continue
		}
		g.children[i] = ensureFuture(l, a)
		g.distinct++
	}
	g.as = nil
	if len(g.children) == 0 {
		g.done = true
	}
	for i, c := range g.children {
		if dup == nil || dup[i] == i {
			c.addDone(l, func() { g.childDone(i) })
		}
	}
}

func (g *gathering[T]) poll(w *asyncimpl.Task) Status {
	t := taskOf(w)
	g.start(t.loop)
	if g.done {
		return Ready
	}
	t.waitIn(g, &g.waiters)
	return Suspend
}

func (g *gathering[T]) childDone(i int) {
	c := g.children[i]
	if g.done {
		outcome(c) // asyncio's _done_callback marks the error retrieved
		return
	}
	if !g.all {
		if c.Cancelled() {
			g.finish(ErrCancelled)
			return
		}
		if _, err := outcome(c); err != nil {
			g.finish(err)
			return
		}
	} else {
		// asyncio reads every outcome once all have finished, also when
		// the Gather was cancelled meanwhile: the errors count as read.
		outcome(c)
	}
	if g.finished++; g.finished < g.distinct {
		return
	}
	if g.cancel {
		g.finish(ErrCancelled)
		return
	}
	g.finish(nil)
}

func (g *gathering[T]) finish(err error) {
	g.done, g.err = true, err
	g.waiters.wakeAll()
}

// cancelWait cancels the children; the Gather then ends with their
// cancellation, as the _GatheringFuture does.
func (g *gathering[T]) cancelWait(t *task) bool {
	if g.done {
		return true
	}
	if !g.Cancel() {
		// Every awaitable has finished, their callbacks have not run yet:
		// as asyncio's _must_cancel, the cancellation reaches the await
		// when the Gather has ended and woken t.
		t.core.Interrupted = true
	}
	return false
}

// Done, Cancel, Cancelled, addDone and removeDone make the Gather a future
// for the combinators (see ensureFuture).

func (g *gathering[T]) Done() bool { return g.done }

// Cancel cancels the children (asyncio's _GatheringFuture.cancel): the
// Gather ends with ErrCancelled once they have ended. It reports whether
// any child was cancelled.
func (g *gathering[T]) Cancel() bool {
	if g.done {
		return false
	}
	any := false
	for _, c := range g.children {
		if c.Cancel() {
			any = true
		}
	}
	if any {
		g.cancel = true
	}
	return any
}

// Cancelled is false: a cancelled Gather ends with ErrCancelled as its
// error, as the _GatheringFuture sets CancelledError as its exception.
func (g *gathering[T]) Cancelled() bool { return false }

func (g *gathering[T]) addDone(l *Loop, fn func()) *waiter {
	return g.waiters.addDone(l, fn, g.done)
}

func (g *gathering[T]) removeDone(w *waiter) { g.waiters.remove(w) }

func (g *gathering[T]) describe() string { return "gather" }

type gatherOp[T any] struct{ gathering[T] }

var (
	_ future[[]int]         = (*gatherOp[int])(nil)
	_ future[[]Result[int]] = (*gatherAllOp[int])(nil)
)

func (g *gatherOp[T]) Poll(w *asyncimpl.Task) Status { return g.poll(w) }

func (g *gatherOp[T]) Result() ([]T, error) {
	if !g.done {
		return nil, ErrNotDone
	}
	if g.err != nil {
		raisePanic(g.err)
		return nil, g.err
	}
	out := make([]T, len(g.children))
	for i, c := range g.children {
		v, err := outcome(c)
		if err != nil {
			raisePanic(err)
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

type gatherAllOp[T any] struct{ gathering[T] }

func (g *gatherAllOp[T]) Poll(w *asyncimpl.Task) Status { return g.poll(w) }

func (g *gatherAllOp[T]) Result() ([]Result[T], error) {
	if !g.done {
		return nil, ErrNotDone
	}
	if g.err != nil {
		return nil, g.err
	}
	out := make([]Result[T], len(g.children))
	for i, c := range g.children {
		out[i].Val, out[i].Err = outcome(c)
	}
	return out, nil
}
