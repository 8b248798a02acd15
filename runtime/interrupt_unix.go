//go:build unix

package runtime

import (
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
)

// interruptWatch is Run's handling of SIGINT (Ctrl-C), asyncio.Runner's:
// while the main task runs, the first SIGINT cancels it, so that its
// deferred calls and those of what it awaits run and Run returns an error
// that says so; a later one ends the process as Go's default action would.
// A loop with a SIGINT handler of its own (AddSignalHandler) leaves SIGINT
// to that handler, and a SIGINT that was ignored when Run began (nohup, a
// background job of a shell without job control) stays ignored.
//
// The first SIGINT is the process's, not each Run's: every Run running
// then is cancelled, and after it SIGINT keeps its default effect, so that
// a program that goes on to other Runs (a test binary going on to its next
// test) ends at the next Ctrl-C.
type interruptWatch struct {
	l    *Loop
	main *task // the loop's main task; loop goroutine only
	hit  bool  // the main task was cancelled for a SIGINT; loop goroutine only
}

// interrupts is the process's SIGINT subscription for Run: subscribed while
// a Run watches, so that SIGINT has its default effect otherwise.
var interrupts struct {
	mu      sync.Mutex
	watches map[*interruptWatch]struct{}
	ch      chan os.Signal // the subscription's channel, nil between them
	seen    atomic.Bool    // a SIGINT cancelled a Run's task: later ones end the process
}

// watchInterrupt starts Run's handling of SIGINT on l, nil when SIGINT is
// ignored or a SIGINT came for a Run already.
func (l *Loop) watchInterrupt() *interruptWatch {
	in := &interrupts
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.seen.Load() || signal.Ignored(os.Interrupt) {
		return nil
	}
	w := &interruptWatch{l: l}
	if len(in.watches) == 0 {
		in.watches = map[*interruptWatch]struct{}{}
		in.ch = make(chan os.Signal, 1)
		signal.Notify(in.ch, os.Interrupt)
		go forwardInterrupts(in.ch)
	}
	in.watches[w] = struct{}{}
	return w
}

// forwardInterrupts hands the SIGINTs that arrive on ch to the Runs
// watching until ch is closed. One that was still in ch when its
// subscription ended came for Runs that have ended: it is dropped, not
// handed to a later subscription's.
func forwardInterrupts(ch chan os.Signal) {
	for range ch {
		in := &interrupts
		in.mu.Lock()
		if in.ch != ch {
			in.mu.Unlock()
			continue
		}
		var open []*interruptWatch // the Runs whose loops leave SIGINT to Run
		for w := range in.watches {
			if !w.l.handlesSIGINT.Load() {
				open = append(open, w)
			}
		}
		if len(open) > 0 && in.seen.Load() {
			// A second Ctrl-C: a loop may be stuck in a step that never
			// returns, so this goroutine ends the process, as SIGINT's
			// default action, at once.
			signal.Reset(os.Interrupt)
			syscall.Kill(os.Getpid(), syscall.SIGINT)
		}
		for _, w := range open {
			w.l.CallSoonThreadsafe(w.cancelMain)
		}
		in.mu.Unlock()
	}
}

// cancelMain cancels the main task for a SIGINT, on the loop.
func (w *interruptWatch) cancelMain() {
	if t := w.main; t != nil && !t.Done() {
		w.hit = true
		interrupts.seen.Store(true)
		t.Cancel()
	}
}

// stop ends the watch, and the subscription with the last one: SIGINT
// has its earlier effect again. It reports whether a SIGINT cancelled the
// main task.
func (w *interruptWatch) stop() bool {
	if w == nil {
		return false
	}
	in := &interrupts
	in.mu.Lock()
	delete(in.watches, w)
	if len(in.watches) == 0 && in.ch != nil {
		signal.Stop(in.ch)
		close(in.ch)
		in.ch = nil
	}
	in.mu.Unlock()
	return w.hit
}
