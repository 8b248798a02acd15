//go:build linux

package runtime

import (
	"errors"
	"io"
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	type peer struct {
		c   net.Conn
		err error
	}
	accepted := make(chan peer, 1)
	l := NewLoop()
	defer l.Close()
	open := func() (*Stream, net.Conn) {
		var s *Stream
		go func() {
			c, err := ln.Accept()
			accepted <- peer{c, err}
		}()
		run(t, l, wait(func() Awaitable[*Stream] { return OpenConnection("tcp", ln.Addr().String()) }, func(v *Stream, err error) {
			if err != nil {
				t.Fatal(err)
			}
			s = v
		}))
		p := <-accepted
		if p.err != nil {
			t.Fatal(p.err)
		}
		return s, p.c
	}

	for _, abort := range []bool{false, true} {
		s, c := open()
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
		c.Close()
	}

	// The peer reset the connection and a read saw it: that is the error.
	s, c := open()
	c.(*net.TCPConn).SetLinger(0)
	c.Close()
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
	s, c = open()
	defer c.Close()
	const size = 16 << 20 // more than the kernel takes of a peer that does not read
	var drainer *Task[struct{}]
	read := make(chan int64, 1)
	run(t, l,
		call(func() {
			s.Write(make([]byte, size))
			drainer = SpawnOn(l, prog(wait(func() Awaitable[struct{}] { return s.Drain() }, func(_ struct{}, err error) { drainErr = err })))
		}),
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil),
		call(func() {
			if drainer.Done() || !s.paused {
				t.Fatalf("the Drain does not wait: done %v, paused %v", drainer.Done(), s.paused)
			}
			s.Close()
			go func() {
				n, _ := io.Copy(io.Discard, c)
				read <- n
			}()
		}),
		wait(func() Awaitable[struct{}] { return drainer }, nil),
		wait(func() Awaitable[struct{}] { return s.WaitClosed() }, nil),
	)
	if drainErr != nil {
		t.Errorf("a Drain that waited when Close came = %v, want nil", drainErr)
	}
	if n := <-read; n != size {
		t.Errorf("the peer read %d bytes, want %d", n, size)
	}
}
