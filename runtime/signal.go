package runtime

import (
	"errors"
	"os"
	"os/signal"
)

// signals is a loop's signal handling. Go's os/signal delivers to channels;
// each handled signal has a channel of its own, subscribed to that signal
// only, and a goroutine that forwards what arrives to the loop, where the
// handler runs as a callback, as asyncio's add_signal_handler does through
// its wake-up fd. One channel per signal lets RemoveSignalHandler unsubscribe
// one signal with signal.Stop without touching the subscriptions of the
// others: with a shared channel, Stop drops them all until they are asked
// for again, and a signal arriving in that gap takes its default action,
// which for SIGTERM or SIGINT ends the process.
type signals struct {
	handlers map[os.Signal]*signalHandler
}

// signalHandler is one handled signal: the loop's handler and the channel
// os/signal delivers that signal to.
type signalHandler struct {
	fn func()
	ch chan os.Signal
}

var (
	errSignalNil         = errors.New("runtime: AddSignalHandler with a nil handler")
	errSignalUncatchable = errors.New("cannot be caught")
)

// AddSignalHandler makes fn run on the loop, as a callback, each time sig
// arrives (asyncio's add_signal_handler); it replaces the loop's earlier
// handler for sig. While a handler is set, sig no longer has its default
// effect (SIGINT no longer ends the program). SIGKILL and SIGSTOP cannot be
// caught: for them AddSignalHandler returns an error, as asyncio raises
// RuntimeError; so it does for a value that is not a signal of the system
// (on Unix, a syscall.Signal), which would never arrive, and for SIGPROF
// and SIGURG, which Go's runtime keeps for itself (its CPU profiler, its
// scheduler's preemption) where asyncio would take them. Signals come
// through Go's os/signal, which merges those of one kind that arrive
// before they are delivered: a burst may run fn fewer
// times than it has signals (asyncio runs it once per signal its wakeup
// descriptor saw). Several loops may handle the same signal: each of them
// gets it. Like every callback, a handler that panics ends the program
// (asyncio logs the exception and goes on): recover in fn to go on. Call
// it on the loop's goroutine (or before the loop runs): in debug mode, a
// call on another one while the loop runs is an error, as for CallSoon.
func (l *Loop) AddSignalHandler(sig os.Signal, fn func()) error {
	if err := l.refusal("AddSignalHandler"); err != nil {
		return err
	}
	if err := l.checkGoroutine("AddSignalHandler"); err != nil {
		return err
	}
	if fn == nil {
		return errSignalNil
	}
	if err := signalError(sig); err != nil {
		return err
	}
	if l.sig == nil {
		l.sig = &signals{handlers: map[os.Signal]*signalHandler{}}
	}
	if h := l.sig.handlers[sig]; h != nil {
		h.fn = fn // sig stays subscribed: no instant where it is not handled
		return nil
	}
	// os/signal never blocks on a full channel, it drops the signal: the
	// buffer holds a burst while the forwarding goroutine catches up.
	h := &signalHandler{fn: fn, ch: make(chan os.Signal, 16)}
	l.sig.handlers[sig] = h
	signal.Notify(h.ch, sig)
	go l.sig.forward(l, sig, h)
	return nil
}

// RemoveSignalHandler removes the handler for sig and restores sig's
// default effect, unless other code, or another loop, asked os/signal for
// it too. The other signals the loop handles stay handled throughout. It
// reports whether there was a handler. Like AddSignalHandler, call it on
// the loop's goroutine: in debug mode, a call on another one panics.
func (l *Loop) RemoveSignalHandler(sig os.Signal) bool {
	if err := l.checkGoroutine("RemoveSignalHandler"); err != nil {
		panic(err)
	}
	if l.sig == nil {
		return false
	}
	h := l.sig.handlers[sig]
	if h == nil {
		return false
	}
	delete(l.sig.handlers, sig)
	h.stop()
	return true
}

// forward hands each arrival of sig to the loop until h's channel is
// closed. The callback runs the loop's handler for sig when it runs, as
// asyncio's _handle_signal looks it up: none if it was removed, the new
// one if another was added since the signal came.
func (sg *signals) forward(l *Loop, sig os.Signal, h *signalHandler) {
	for range h.ch {
		l.CallSoonThreadsafe(func() {
			if cur := sg.handlers[sig]; cur != nil {
				l.shown = cur.fn // a slow handler is named, not this closure
				cur.fn()
			}
		})
	}
}

// stop unsubscribes h's channel, and only it, then ends its forward
// goroutine: once signal.Stop returns, os/signal sends nothing more on it.
func (h *signalHandler) stop() {
	signal.Stop(h.ch)
	close(h.ch)
}

func (l *Loop) closeSignals() {
	if l.sig == nil {
		return
	}
	for _, h := range l.sig.handlers {
		h.stop()
	}
	l.sig = nil
}
