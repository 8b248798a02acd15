//go:build linux

package runtime

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// A TLS stream closed with bytes of its peer unread sends all that was
// written before it, as a plain one does (TestCloseWithUnreadBytesSendsAll):
// the transport reads and drops the unread bytes before it closes the
// socket, so that the kernel does not reset the connection and drop what it
// had yet to send. Either with no read of the stream outstanding when it
// closes (the reader goroutine idle, the bytes in the kernel), or with one
// (the reader goroutine blocked in the tls.Conn's Read as the stream
// closes).
func TestTLSCloseWithUnreadBytesSendsAll(t *testing.T) {
	for _, pending := range []bool{false, true} {
		t.Run(fmt.Sprintf("pendingRead=%v", pending), func(t *testing.T) {
			testTLSCloseWithUnreadBytes(t, pending, false)
		})
	}
}

// Abort, with bytes of the peer unread, still resets the connection: it
// discards nothing, as a plain stream's Abort (asyncio's abort).
func TestTLSAbortWithUnreadBytesResets(t *testing.T) {
	testTLSCloseWithUnreadBytes(t, false, true)
}

func testTLSCloseWithUnreadBytes(t *testing.T, pendingRead, abort bool) {
	scfg, ccfg := testTLSConfigs(t)
	l := NewLoop()
	defer l.Close()
	const size = 4 << 20
	extraSent, served := NewEvent(), NewEvent()
	var closeErr, pendingErr error
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		return prog(
			wait(func() Awaitable[[]byte] { return s.ReadLine() }, nil),
			call(func() {
				s.Write([]byte("ok\n"))
				if pendingRead {
					SpawnOn(l, prog(wait(func() Awaitable[[]byte] { return s.ReadExactly(size) },
						func(_ []byte, err error) { pendingErr = err })))
				}
			}),
			// The client's next bytes are in this side's kernel, unread.
			wait(func() Awaitable[struct{}] { return extraSent.Wait() }, nil),
			call(func() {
				if abort {
					s.Abort()
				} else {
					s.Write(bytes.Repeat([]byte("r"), size))
					s.Close()
				}
			}),
			wait(func() Awaitable[struct{}] { return s.WaitClosed() }, func(_ struct{}, err error) { closeErr = err }),
			call(served.Set),
		)
	}, WithTLS(scfg))
	defer srv.Close()

	// The client is crypto/tls's, in a goroutine: its writes are in the
	// server's kernel once they are acknowledged, which it can see.
	type result struct {
		n   int64
		err error
	}
	res := NewFuture[result]()
	report := func(n int64, err error) {
		l.CallSoonThreadsafe(func() { res.SetResult(result{n, err}) })
	}
	go func() {
		c, err := tls.Dial("tcp", srv.Addr().String(), ccfg)
		if err != nil {
			report(0, err)
			return
		}
		defer c.Close()
		if _, err := c.Write([]byte("request\n")); err != nil {
			report(0, err)
			return
		}
		if _, err := io.ReadFull(c, make([]byte, 3)); err != nil {
			report(0, err)
			return
		}
		// More than a record: some stays in the kernel even if a read
		// of the server's takes one.
		if _, err := c.Write(bytes.Repeat([]byte("x"), 40<<10)); err != nil {
			report(0, err)
			return
		}
		if err := awaitAcked(c.NetConn()); err != nil {
			report(0, err)
			return
		}
		l.CallSoonThreadsafe(extraSent.Set)
		n, err := io.Copy(io.Discard, c)
		report(n, err)
	}()
	var got result
	run(t, l,
		wait(func() Awaitable[result] { return res }, func(r result, _ error) { got = r }),
		wait(func() Awaitable[struct{}] { return served.Wait() }, nil),
	)
	if abort {
		if !errors.Is(got.err, syscall.ECONNRESET) || closeErr != nil {
			t.Errorf("after the server's Abort, the client read %d bytes, then %v (the server's WaitClosed: %v); want ECONNRESET", got.n, got.err, closeErr)
		}
		return
	}
	if got.n != size || got.err != nil || closeErr != nil {
		t.Errorf("the client read %d bytes, then %v (the server's WaitClosed: %v); want %d, then the end", got.n, got.err, closeErr, size)
	}
	if pendingRead && !errors.Is(pendingErr, net.ErrClosed) {
		t.Errorf("the read pending as the stream closed = %v, want net.ErrClosed", pendingErr)
	}
}

// awaitAcked waits until the peer's kernel has acknowledged all that c
// sent (the send queue, SIOCOUTQ, is empty), for at most 10 s: a bound for
// a broken machine, not a timing the test depends on.
func awaitAcked(c net.Conn) error {
	rc, err := c.(syscall.Conn).SyscallConn()
	if err != nil {
		return err
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		var queued int
		var ierr error
		if err := rc.Control(func(fd uintptr) { queued, ierr = unix.IoctlGetInt(int(fd), unix.SIOCOUTQ) }); err != nil {
			return err
		}
		if ierr != nil {
			return ierr
		}
		if queued == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d bytes unacknowledged after 10 s", queued)
		}
		time.Sleep(time.Millisecond)
	}
}
