package runtime

import (
	"sync"
	"sync/atomic"
	"time"
)

// This file holds the platform-independent half of the loop's I/O wait: the
// inbox through which other goroutines reach the loop, the descriptor record
// the poller keeps for each registered file, and the channel-based park used
// where no poller is available. The poller itself, one unexported type with
// the methods start, wait, register, unregister and close, lives in
// poll_linux.go (epoll) and poll_other.go (portable fallback).

// ioEvents is what the poller saw on a descriptor.
type ioEvents uint8

const (
	evRead  ioEvents = 1 << iota // readable, or the peer closed its side
	evWrite                      // writable
	evError                      // error or hang-up: the next read or write reports it
)

// ioHandler owns a registered descriptor and is told when it is ready. It
// runs on the loop goroutine, during the poll phase of a pass: it records
// readiness and wakes tasks (through the ready queue); it must not run user
// code.
type ioHandler interface {
	ioReady(ev ioEvents)
}

// pollFD is a descriptor registered with the loop's poller. Registration is
// edge-triggered: readable and writable cache the last readiness seen and are
// cleared by the owner when a read or write reports EAGAIN, so an idle
// descriptor costs no system call per pass and a busy one no epoll_ctl.
type pollFD struct {
	fd       int
	readable bool
	writable bool
	hup      bool // the peer closed or the socket failed: stays readable
	h        ioHandler
}

// inbox carries callbacks from other goroutines to the loop.
type inbox struct {
	mu     sync.Mutex
	n      atomic.Int32 // len(fns), read without the lock
	fns    []*Handle
	spare  []*Handle
	closed bool

	// sleeping is true while the loop is, or is about to be, parked in the
	// poller. The first add that sees it clears it and calls wake, so a busy
	// loop costs its producers no system call and a parked one is woken once.
	sleeping atomic.Bool
	wake     func() // set by the poller before sleeping is first set
}

func (in *inbox) add(h *Handle) error {
	in.mu.Lock()
	if in.closed {
		in.mu.Unlock()
		return loopClosedf("CallSoonThreadsafe")
	}
	in.fns = append(in.fns, h)
	in.n.Store(int32(len(in.fns)))
	// Wake under the lock: close, which also takes it, then knows that no
	// wake is in flight when the poller's descriptors are closed.
	if in.sleeping.Load() && in.sleeping.CompareAndSwap(true, false) {
		in.wake()
	}
	in.mu.Unlock()
	return nil
}

func (in *inbox) pending() bool { return in.n.Load() > 0 }

// park announces that the loop is about to block. It reports false, with
// the announcement withdrawn, if callbacks are already waiting: the loop must
// then not block. After a true result the loop blocks until woken or timed
// out, then calls unpark.
func (in *inbox) park() bool {
	in.sleeping.Store(true)
	if in.pending() {
		in.sleeping.Store(false)
		return false
	}
	return true
}

func (in *inbox) unpark() { in.sleeping.Store(false) }

func (in *inbox) take() []*Handle {
	if in.n.Load() == 0 {
		return nil
	}
	in.mu.Lock()
	in.n.Store(0)
	fns := in.fns
	in.fns, in.spare = in.spare[:0], fns
	in.mu.Unlock()
	return fns
}

func (in *inbox) close() {
	in.mu.Lock()
	in.closed = true
	in.mu.Unlock()
}

// chanPark parks the loop on a channel and a timer: the wait of the portable
// poller, and of the Linux one if epoll cannot be had.
type chanPark struct {
	signal chan struct{}
	timer  *time.Timer
}

func (c *chanPark) start(in *inbox) {
	c.signal = make(chan struct{}, 1)
	in.wake = func() {
		select {
		case c.signal <- struct{}{}:
		default:
		}
	}
}

// wait blocks up to d (forever if negative) or until woken.
func (c *chanPark) wait(d time.Duration) {
	if c.signal == nil {
		return // closed
	}
	if d < 0 {
		<-c.signal
		return
	}
	if c.timer == nil {
		c.timer = time.NewTimer(d)
	} else {
		c.timer.Reset(d)
	}
	select {
	case <-c.signal:
		c.timer.Stop()
	case <-c.timer.C:
	}
}

// closeIO releases what the loop holds for I/O: the poller with every
// descriptor still registered, and the signal handlers.
func (l *Loop) closeIO() {
	l.closeSignals()
	l.poller.close()
}
