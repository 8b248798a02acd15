//go:build unix

package runtime

import (
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// interruptWatch is Run's handling of SIGINT (Ctrl-C), asyncio.Runner's:
// while the main task runs, the first SIGINT cancels it, so that its
// deferred calls and those of what it awaits run and Run returns an error
// that says so; a second one, the main task still running, ends the
// process as Go's default action would. A loop with a SIGINT handler of its
// own (AddSignalHandler) leaves SIGINT to that handler, and a SIGINT that
// was ignored when Run began (nohup, a background job of a shell without
// job control) stays ignored.
type interruptWatch struct {
	l     *Loop
	ch    chan os.Signal
	done  chan struct{}
	count atomic.Int32 // SIGINTs that came for the main task
	main  *task        // the loop's main task; loop goroutine only
	hit   bool         // the main task was cancelled for a SIGINT; loop goroutine only
}

// watchInterrupt starts Run's handling of SIGINT on l, nil when SIGINT is
// ignored.
func (l *Loop) watchInterrupt() *interruptWatch {
	if signal.Ignored(os.Interrupt) {
		return nil
	}
	w := &interruptWatch{l: l, ch: make(chan os.Signal, 1), done: make(chan struct{})}
	signal.Notify(w.ch, os.Interrupt)
	go w.forward()
	return w
}

// forward hands SIGINTs to the loop until stop.
func (w *interruptWatch) forward() {
	for {
		select {
		case <-w.ch:
			if w.l.handlesSIGINT.Load() {
				continue // the loop's own handler has it
			}
			if w.count.Add(1) > 1 {
				// A second Ctrl-C: the loop may be stuck in a step
				// that never returns, so this goroutine ends the
				// process, as SIGINT's default action, at once.
				signal.Reset(os.Interrupt)
				syscall.Kill(os.Getpid(), syscall.SIGINT)
				return
			}
			w.l.CallSoonThreadsafe(w.cancelMain)
		case <-w.done:
			return
		}
	}
}

// cancelMain cancels the main task for a SIGINT, on the loop.
func (w *interruptWatch) cancelMain() {
	if t := w.main; t != nil && !t.Done() {
		w.hit = true
		t.Cancel()
	}
}

// stop ends the watch: SIGINT has its earlier effect again. It reports
// whether a SIGINT cancelled the main task.
func (w *interruptWatch) stop() bool {
	if w == nil {
		return false
	}
	signal.Stop(w.ch)
	close(w.done)
	return w.hit
}
