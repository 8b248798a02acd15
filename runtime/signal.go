package runtime

import (
	"errors"
	"os"
	"os/signal"
)

// signals is a loop's signal handling: Go's os/signal delivers to a channel,
// and one goroutine per loop (started with the first handler) forwards each
// signal to the loop, where the handler runs as a callback, as asyncio's
// add_signal_handler does through its wake-up fd.
type signals struct {
	ch       chan os.Signal
	handlers map[os.Signal]func()
}

var errSignalNil = errors.New("runtime: AddSignalHandler with a nil handler")

// AddSignalHandler makes fn run on the loop, as a callback, each time sig
// arrives (asyncio's add_signal_handler); it replaces the loop's earlier
// handler for sig. While a handler is set, sig no longer has its default
// effect (SIGINT no longer ends the program). Signals come through Go's
// os/signal, which merges those of one kind that arrive before they are
// delivered: a burst may run fn fewer times than it has signals (asyncio
// runs it once per signal its wakeup descriptor saw).
func (l *Loop) AddSignalHandler(sig os.Signal, fn func()) error {
	if l.closed {
		return loopClosedf("AddSignalHandler")
	}
	if fn == nil {
		return errSignalNil
	}
	if l.sig == nil {
		l.sig = &signals{ch: make(chan os.Signal, 16), handlers: map[os.Signal]func(){}}
		go l.sig.forward(l)
	}
	l.sig.handlers[sig] = fn
	signal.Notify(l.sig.ch, sig)
	return nil
}

// RemoveSignalHandler removes the handler for sig and restores sig's
// default effect, unless other code asked os/signal for it too. It reports
// whether there was a handler.
func (l *Loop) RemoveSignalHandler(sig os.Signal) bool {
	if l.sig == nil {
		return false
	}
	if _, ok := l.sig.handlers[sig]; !ok {
		return false
	}
	delete(l.sig.handlers, sig)
	signal.Stop(l.sig.ch)
	for s := range l.sig.handlers {
		signal.Notify(l.sig.ch, s)
	}
	return true
}

func (sg *signals) forward(l *Loop) {
	for sig := range sg.ch {
		l.CallSoonThreadsafe(func() {
			if fn := sg.handlers[sig]; fn != nil {
				fn()
			}
		})
	}
}

func (l *Loop) closeSignals() {
	if l.sig == nil {
		return
	}
	signal.Stop(l.sig.ch)
	close(l.sig.ch)
	l.sig = nil
}
