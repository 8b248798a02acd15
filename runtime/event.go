package runtime

import "github.com/asyncgen/asyncgen/runtime/asyncimpl"

// Event is a flag that tasks can wait for (asyncio.Event). Set wakes every
// waiting task, through the ready queue in the order they began to wait; a
// task woken by Set returns from Wait even if the event was cleared before
// it ran. Like all primitives here it is not safe for concurrent use.
//
// The zero Event is clear and ready to use.
type Event struct {
	set     bool
	waiters waitList
}

// NewEvent returns a clear event.
func NewEvent() *Event { return &Event{} }

// IsSet reports whether the flag is set.
func (e *Event) IsSet() bool { return e.set }

// Set sets the flag and wakes every waiter.
func (e *Event) Set() {
	if !e.set {
		e.set = true
		e.waiters.wakeAll()
	}
}

// Clear clears the flag: Wait waits again until the next Set.
func (e *Event) Clear() { e.set = false }

// Wait returns an awaitable that completes once the flag is set, at once if
// it is set already.
func (e *Event) Wait() Awaitable[struct{}] { return eventWait{e} }

type eventWait struct{ e *Event }

func (a eventWait) Poll(w *asyncimpl.Task) Status {
	if w.Resumed || a.e.set {
		return Ready
	}
	t := taskOf(w)
	t.waitIn((*eventBlocker)(a.e), &a.e.waiters)
	return Suspend
}

func (a eventWait) Result() (struct{}, error) { return struct{}{}, nil }

// eventBlocker is an event seen as the blocker of its waiters.
type eventBlocker Event

func (b *eventBlocker) cancelWait(t *task) bool {
	b.waiters.remove(&t.node)
	return true
}

func (b *eventBlocker) describe() string { return "Event.Wait" }
