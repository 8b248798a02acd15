//go:build linux

package runtime_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// These tests are //async code compiled by asyncgen: the stream API as
// programs use it.

// echoLines sends each line back until the end of the stream.
//
// async
func echoLines(s *runtime.Stream) error {
	for {
		line, err := runtime.Await(s.ReadLine())
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		s.Write(line)
		if _, err := runtime.Await(s.Drain()); err != nil {
			return err
		}
	}
}

// echoBytes sends back whatever it reads, as it arrives.
//
// async
func echoBytes(s *runtime.Stream) error {
	buf := make([]byte, 1024)
	for {
		n, err := runtime.Await(s.Read(buf))
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		s.Write(buf[:n])
		if _, err := runtime.Await(s.Drain()); err != nil {
			return err
		}
	}
}

// async
func readLineInto(s *runtime.Stream, out *[]byte) error {
	line, err := runtime.Await(s.ReadLine())
	*out = line
	return err
}

// readOutcome is what cancelledRead saw.
type readOutcome struct {
	cancelErr error  // the cancelled ReadLine's error
	line      string // the ReadLine after it
}

// cancelledRead starts a ReadLine in a task of its own, lets it buffer a
// partial line, cancels it, and reads the line again once it is complete.
//
// async
func cancelledRead() (readOutcome, error) {
	var out readOutcome
	srv, err := runtime.Await(runtime.StartServer("tcp", "127.0.0.1:0", echoBytesAsync))
	if err != nil {
		return out, err
	}
	defer srv.Close()
	c, err := runtime.Await(runtime.OpenConnection("tcp", srv.Addr().String()))
	if err != nil {
		return out, err
	}
	defer c.Close()
	c.Write([]byte("par"))
	var lost []byte
	reader := runtime.Spawn(readLineIntoAsync(c, &lost))
	for c.Buffered() < 3 {
		if _, err := runtime.Await(runtime.Sleep(0)); err != nil {
			return out, err
		}
	}
	reader.Cancel()
	_, out.cancelErr = runtime.Await(reader)
	c.Write([]byte("tial\n"))
	b, err := runtime.Await(c.ReadLine())
	out.line = string(b)
	return out, err
}

func TestAsyncCancelledReadLosesNothing(t *testing.T) {
	out, err := runtime.Run(cancelledReadAsync())
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(out.cancelErr, runtime.ErrCancelled) {
		t.Errorf("cancelled ReadLine = %v, want ErrCancelled", out.cancelErr)
	}
	if out.line != "partial\n" {
		t.Errorf("ReadLine after the cancelled one = %q, want %q", out.line, "partial\n")
	}
}

// slowReader has the server write 16 KiB at a time, each write followed
// by Drain, to a client that reads nothing until the server had to wait:
// until the kernel's buffers, whatever their size, are full and the
// stream's own buffer passes its high-water mark. Then the server writes
// 1 MiB more while the client reads it all. It returns the largest write
// buffer the server saw, and false if the kernel took slowCap bytes
// without a wait, which leaves Drain's bound untested.
//
// async
func slowReader() (slowRead, error) {
	var r slowRead
	paused := runtime.NewFuture[struct{}]()
	var sent int
	done := false
	send := func(s *runtime.Stream) runtime.Coro[struct{}] {
		return sendAllAsync(s, paused, &r, &sent, &done)
	}
	srv, err := runtime.Await(runtime.StartServer("tcp", "127.0.0.1:0", send))
	if err != nil {
		return r, err
	}
	defer srv.Close()
	c, err := runtime.Await(runtime.OpenConnection("tcp", srv.Addr().String()))
	if err != nil {
		return r, err
	}
	defer c.Close()
	if _, err := runtime.Await(paused); err != nil {
		return r, err
	}
	for got := 0; !done || got < sent; got += slowChunk {
		if _, err := runtime.Await(c.ReadExactly(slowChunk)); err != nil {
			return r, err
		}
	}
	return r, nil
}

// slowRead is what slowReader saw.
type slowRead struct {
	most   int  // the largest write buffer
	waited bool // the server's writes waited for the client
	before int  // bytes written before that
}

const (
	slowChunk = 16 << 10
	slowAfter = 1 << 20   // written once the server waited
	slowCap   = 256 << 20 // written at most before it waits
)

// async
func sendAll(s *runtime.Stream, paused *runtime.Future[struct{}], r *slowRead, sent *int, done *bool) error {
	defer func() { *done = true }()
	data := bytes.Repeat([]byte{'z'}, slowChunk)
	for after := 0; after < slowAfter; *sent += slowChunk {
		s.Write(data)
		r.most = max(r.most, s.WriteBuffered())
		if paused.Done() {
			after += slowChunk
		} else if s.WriteBuffered() > 64<<10 || *sent >= slowCap {
			r.waited, r.before = s.WriteBuffered() > 64<<10, *sent+slowChunk
			paused.SetResult(struct{}{})
		}
		if _, err := runtime.Await(s.Drain()); err != nil {
			return err
		}
	}
	return nil
}

func TestAsyncSlowReaderBoundedByDrain(t *testing.T) {
	r, err := runtime.Run(slowReaderAsync())
	if err != nil {
		t.Fatal(err)
	}
	if !r.waited {
		t.Skipf("the kernel's socket buffers took %d MiB without a wait: Drain's bound cannot be seen here", slowCap>>20)
	}
	t.Logf("the server waited after %d KiB", r.before>>10)
	if limit := 64<<10 + slowChunk; r.most > limit {
		t.Errorf("write buffer reached %d bytes, above high water + one write (%d)", r.most, limit)
	}
}

// halfClose sends two lines, closes its side, and reads the echo to the end.
//
// async
func halfClose() (string, error) {
	srv, err := runtime.Await(runtime.StartServer("tcp", "127.0.0.1:0", echoLinesAsync))
	if err != nil {
		return "", err
	}
	defer srv.Close()
	c, err := runtime.Await(runtime.OpenConnection("tcp", srv.Addr().String()))
	if err != nil {
		return "", err
	}
	defer c.Close()
	c.Write([]byte("one\ntwo\n"))
	c.CloseWrite()
	all, err := runtime.Await(c.ReadAll())
	return string(all), err
}

func TestAsyncHalfClose(t *testing.T) {
	got, err := runtime.Run(halfCloseAsync())
	if err != nil || got != "one\ntwo\n" {
		t.Errorf("echo after CloseWrite = %q, %v", got, err)
	}
}

// exactAtEOF reads 10 bytes from a server that sends 5 and closes.
//
// async
func exactAtEOF() ([]byte, error) {
	five := func(s *runtime.Stream) runtime.Coro[struct{}] { return writeAsync(s, []byte("12345")) }
	srv, err := runtime.Await(runtime.StartServer("tcp", "127.0.0.1:0", five))
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	c, err := runtime.Await(runtime.OpenConnection("tcp", srv.Addr().String()))
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return runtime.Await(c.ReadExactly(10))
}

// async
func write(s *runtime.Stream, b []byte) {
	s.Write(b)
}

func TestAsyncReadExactlyEOF(t *testing.T) {
	_, err := runtime.Run(exactAtEOFAsync())
	var ie *runtime.IncompleteReadError
	if !errors.As(err, &ie) || string(ie.Partial) != "12345" || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("ReadExactly(10) of 5 bytes = %v", err)
	}
}

// replyThenReset reads one byte, sends a partial reply and, once the
// client says its next bytes were sent, aborts with them unread: the kernel
// answers with a reset.
//
// async
func replyThenReset(s *runtime.Stream, sent *runtime.Future[struct{}]) error {
	if _, err := runtime.Await(s.ReadExactly(1)); err != nil {
		return err
	}
	s.Write([]byte("partial"))
	if _, err := runtime.Await(sent); err != nil {
		return err
	}
	s.Abort()
	return nil
}

// writeIntoReset reads the partial reply, then writes until a write fails
// on the reset, and reads again.
//
// async
func writeIntoReset() (string, error) {
	sent := runtime.NewFuture[struct{}]()
	srv, err := runtime.Await(runtime.StartServer("tcp", "127.0.0.1:0", func(s *runtime.Stream) runtime.Coro[struct{}] {
		return replyThenResetAsync(s, sent)
	}))
	if err != nil {
		return "", err
	}
	defer srv.Close()
	c, err := runtime.Await(runtime.OpenConnection("tcp", srv.Addr().String()))
	if err != nil {
		return "", err
	}
	defer c.Close()
	c.Write([]byte("a"))
	got, err := runtime.Await(c.ReadExactly(len("partial")))
	if err != nil {
		return "", err
	}
	c.Write([]byte("unread"))
	if _, err := runtime.Await(runtime.Sleep(10 * time.Millisecond)); err != nil {
		return "", err
	}
	sent.SetResult(struct{}{})
	var werr error
	for i := 0; i < 1000 && werr == nil; i++ {
		if _, err := runtime.Await(runtime.Sleep(time.Millisecond)); err != nil {
			return "", err
		}
		c.Write([]byte("more"))
		_, werr = runtime.Await(c.Drain())
	}
	if werr == nil {
		return "", errors.New("no write failed after the peer's reset")
	}
	_, rerr := runtime.Await(c.Read(make([]byte, 16)))
	return fmt.Sprintf("%s | write: %v | read: %v", got, werr, rerr), nil
}

// A reset that a failed write reported first is still the end of the read
// side, not a clean EOF, as in asyncio, whose reader gets the write's
// ConnectionResetError.
func TestAsyncResetSeenByWriteFailsReads(t *testing.T) {
	got, err := runtime.Run(writeIntoResetAsync())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, "partial | write: write tcp ") || !strings.Contains(got, " | read: read tcp ") || !strings.HasSuffix(got, ": read: connection reset by peer") {
		t.Errorf("got %q, want the partial reply, a write error and then a read that fails with the reset", got)
	}
}
