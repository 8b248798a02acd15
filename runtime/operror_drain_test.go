//go:build linux

package runtime

import (
	"errors"
	"net"
	"syscall"
	"testing"
)

// Drain after Close or Abort fails: the stream sends nothing more and
// Write drops what it is given, as asyncio's drain after close raises
// ConnectionResetError("Connection lost"); here it is net.ErrClosed, as a
// read after Close. Without it, a task that writes and drains in a loop
// while another closes the stream never learns it, and never suspends. An
// error the stream met before is reported first; a Drain that waited
// before the Close ends without error once what it waited for is sent, as
// asyncio's.
func TestDrainAfterClose(t *testing.T) {
	l := NewLoop()
	defer l.Close()

	for _, abort := range []bool{false, true} {
		s, p := openCloseDrain(t, l)
		var drainErr error
		run(t, l,
			call(func() {
				s.Write([]byte("sent"))
				if abort {
					s.Abort()
				} else {
					s.Close()
				}
				s.Write([]byte("dropped"))
			}),
			wait(func() Awaitable[struct{}] { return s.Drain() }, func(_ struct{}, err error) { drainErr = err }),
		)
		if !errors.Is(drainErr, net.ErrClosed) {
			t.Errorf("abort %v: Drain after the stream closed = %v, want net.ErrClosed", abort, drainErr)
		}
		p.c.Close()
	}

	// The peer reset the connection and a read saw it: that is the error.
	s, p := openCloseDrain(t, l)
	p.reset()
	var readErr, drainErr error
	run(t, l,
		wait(func() Awaitable[int] { return s.Read(make([]byte, 1)) }, func(_ int, err error) { readErr = err }),
		call(func() { s.Close() }),
		wait(func() Awaitable[struct{}] { return s.Drain() }, func(_ struct{}, err error) { drainErr = err }),
	)
	if !errors.Is(readErr, syscall.ECONNRESET) || !errors.Is(drainErr, syscall.ECONNRESET) {
		t.Errorf("Read, then Drain after Close, of a connection the peer reset = %v, %v; want ECONNRESET for both", readErr, drainErr)
	}

	// A Drain that waits, above the high-water mark, when Close comes.
	s, p = openCloseDrain(t, l)
	var drainer *Task[struct{}]
	run(t, l,
		call(func() {
			s.Write(make([]byte, closeDrainSize))
			drainer = SpawnOn(l, prog(wait(func() Awaitable[struct{}] { return s.Drain() }, func(_ struct{}, err error) { drainErr = err })))
		}),
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil),
		call(func() {
			if drainer.Done() || !s.paused {
				t.Fatalf("the Drain does not wait: done %v, paused %v", drainer.Done(), s.paused)
			}
			s.Close()
			p.drain()
		}),
		wait(func() Awaitable[struct{}] { return drainer }, nil),
		wait(func() Awaitable[struct{}] { return s.WaitClosed() }, nil),
	)
	if drainErr != nil {
		t.Errorf("a Drain that waited when Close came = %v, want nil", drainErr)
	}
	if n := <-p.read; n != closeDrainSize {
		t.Errorf("the peer read %d bytes, want %d", n, closeDrainSize)
	}
}
