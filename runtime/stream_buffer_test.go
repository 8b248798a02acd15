//go:build linux

package runtime

import (
	"bytes"
	"errors"
	"net"
	"testing"

	"golang.org/x/sys/unix"
)

// TestPartialLinesShareScratch has two streams of one loop read lines that
// arrive in pieces: a stream waiting for the rest of its line keeps only
// the bytes it has, in a buffer of their size, once the other stream reads
// through the loop's scratch buffer, and no result shares memory with it.
func TestPartialLinesShareScratch(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	srv := startServer(t, l, "tcp", "127.0.0.1:0", echo)
	var a, b *Stream
	var reader *Task[struct{}]
	var lineA, hello, world []byte
	var heldCap int
	var ownerAfter *Stream
	run(t, l,
		dialStep(t, srv, &a),
		dialStep(t, srv, &b),
		call(func() {
			a.Write([]byte("par"))
			reader = SpawnOn(l, prog(wait(func() Awaitable[[]byte] { return a.ReadLine() }, func(v []byte, err error) {
				if err != nil {
					t.Error(err)
				}
				lineA = v
			})))
		}),
		// Wait until a's pending ReadLine holds the echoed "par".
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil),
		jumpIf(func() bool { return a.Buffered() < 3 }, 3),
		call(func() { b.Write([]byte("hello\n")) }),
		wait(func() Awaitable[[]byte] { return b.ReadLine() }, func(v []byte, err error) {
			if err != nil {
				t.Fatal(err)
			}
			hello = v
			heldCap, ownerAfter = cap(a.rbuf[a.roff:]), l.scratch.owner
		}),
		call(func() { a.Write([]byte("tial\n")) }),
		wait(func() Awaitable[struct{}] { return reader }, nil),
		call(func() { b.Write([]byte("world\n")) }),
		wait(func() Awaitable[[]byte] { return b.ReadLine() }, func(v []byte, err error) {
			if err != nil {
				t.Fatal(err)
			}
			world = v
		}),
	)
	if ownerAfter == a {
		t.Errorf("after b read a line, a still holds its bytes in the scratch buffer")
	}
	if heldCap > 8 {
		t.Errorf("a waits holding a buffer of %d bytes for 3 unconsumed ones", heldCap)
	}
	if string(lineA) != "partial\n" || string(hello) != "hello\n" || string(world) != "world\n" {
		t.Errorf("lines = %q, %q, %q; want %q, %q, %q", lineA, hello, world, "partial\n", "hello\n", "world\n")
	}
	for _, s := range []*Stream{a, b} {
		if s.rbuf != nil || l.scratch.owner == s {
			t.Errorf("a stream with nothing unconsumed holds a buffer (%d bytes, scratch %v)", cap(s.rbuf), l.scratch.owner == s)
		}
	}
	a.Close()
	b.Close()
	srv.Close()
}

// TestLargeExactRead reads a body far larger than the scratch buffer with
// ReadExactly, then the line after it, through an echo that delivers it in
// pieces.
func TestLargeExactRead(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	srv := startServer(t, l, "tcp", "127.0.0.1:0", echo)
	body := make([]byte, 1<<20+123)
	for i := range body {
		body[i] = byte(i * 7 / 3)
	}
	var c *Stream
	var got, tail []byte
	run(t, l,
		dialStep(t, srv, &c),
		call(func() {
			c.Write(body)
			c.Write([]byte("tail\n"))
		}),
		wait(func() Awaitable[[]byte] { return c.ReadExactly(len(body)) }, func(v []byte, err error) {
			if err != nil {
				t.Fatal(err)
			}
			got = v
		}),
		wait(func() Awaitable[[]byte] { return c.ReadLine() }, func(v []byte, err error) {
			if err != nil {
				t.Fatal(err)
			}
			tail = v
		}),
	)
	if !bytes.Equal(got, body) {
		i := 0
		for i < min(len(got), len(body)) && got[i] == body[i] {
			i++
		}
		t.Errorf("ReadExactly(%d) returned %d bytes, first difference at %d", len(body), len(got), i)
	}
	if string(tail) != "tail\n" {
		t.Errorf("line after the body = %q, want %q", tail, "tail\n")
	}
	if c.rbuf != nil || l.scratch.owner == c {
		t.Errorf("stream holds a buffer after everything was consumed")
	}
	c.Close()
	srv.Close()
}

// TestAtEOFSeesWhatArrived: the end of a stream that has arrived counts for
// AtEOF before any read asks for it, as in asyncio, whose transport reads
// ahead, so a loop "while not at_eof(): readexactly(n)" ends.
func TestAtEOFSeesWhatArrived(t *testing.T) {
	var fds [2]int
	if err := unix.Pipe2(fds[:], unix.O_CLOEXEC); err != nil {
		t.Fatal(err)
	}
	if _, err := unix.Write(fds[1], []byte("aaaabbbb")); err != nil {
		t.Fatal(err)
	}
	unix.Close(fds[1])
	l := NewLoop()
	defer l.Close()
	s, err := newFDStream(l, fds[0], "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got []string
	var atEnd []bool
	read := func() pstep {
		return wait(func() Awaitable[[]byte] { return s.ReadExactly(4) }, func(v []byte, err error) {
			if err != nil {
				t.Errorf("ReadExactly: %v", err)
			}
			got = append(got, string(v))
			atEnd = append(atEnd, s.AtEOF())
		})
	}
	atStart := s.AtEOF()
	run(t, l, read(), read())
	if atStart || len(atEnd) != 2 || atEnd[0] || !atEnd[1] {
		t.Errorf("AtEOF before the reads %v, after each %v; want false, then [false true]", atStart, atEnd)
	}
	if len(got) != 2 || got[0] != "aaaa" || got[1] != "bbbb" {
		t.Errorf("read %q, want [aaaa bbbb]", got)
	}
}

// After Close, AtEOF is true, buffered bytes or not: reads fail with
// net.ErrClosed from then on, and asyncio's close feeds the reader its end
// (connection_lost), so a loop "while not at_eof()" ends.
func TestAtEOFAfterClose(t *testing.T) {
	for _, buffered := range []bool{false, true} {
		var fds [2]int
		if err := unix.Pipe2(fds[:], unix.O_CLOEXEC); err != nil {
			t.Fatal(err)
		}
		l := NewLoop()
		s, err := newFDStream(l, fds[0], "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if buffered {
			unix.Write(fds[1], []byte("aaaabbbb"))
			run(t, l, wait(func() Awaitable[[]byte] { return s.ReadExactly(4) }, nil))
		}
		before := s.AtEOF()
		s.Close()
		var readErr error
		run(t, l, wait(func() Awaitable[[]byte] { return s.ReadExactly(4) }, func(_ []byte, err error) { readErr = err }))
		if before || !s.AtEOF() || !errors.Is(readErr, net.ErrClosed) {
			t.Errorf("with bytes buffered %v: AtEOF %v before Close, %v after, and a read gives %v; want false, true, net.ErrClosed", buffered, before, s.AtEOF(), readErr)
		}
		unix.Close(fds[1])
		l.Close()
	}
}
