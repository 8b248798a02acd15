//go:build linux

package runtime

import (
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// slowSink listens on network, accepts one connection, waits for start,
// then reads it to the end (through TLS with cfg) and reports the bytes.
func slowSink(t *testing.T, network, address string, cfg *tls.Config) (addr net.Addr, start chan struct{}, total chan int) {
	t.Helper()
	ln, err := net.Listen(network, address)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	start, total = make(chan struct{}), make(chan int, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			total <- -1
			return
		}
		defer c.Close()
		if cfg != nil {
			tc := tls.Server(c, cfg)
			if err := tc.Handshake(); err != nil {
				total <- -1
				return
			}
			c = tc
		}
		<-start
		n, _ := io.Copy(io.Discard, c)
		total <- int(n)
	}()
	return ln.Addr(), start, total
}

// Close then WaitClosed sends all that was written before the loop goes,
// as asyncio's close and wait_closed; without WaitClosed, a program that
// returns after Close loses what was still buffered.
func TestNetioWaitClosedSendsAll(t *testing.T) {
	const size = 16 << 20
	scfg, ccfg := testTLSConfigs(t)
	for _, tc := range []struct {
		name, network, address string
		server, client         *tls.Config
	}{
		{"tcp", "tcp", "127.0.0.1:0", nil, nil},
		{"unix", "unix", filepath.Join(t.TempDir(), "sink.sock"), nil, nil},
		{"tls", "tcp", "127.0.0.1:0", scfg, ccfg},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr, start, total := slowSink(t, tc.network, tc.address, tc.server)
			l := NewLoop()
			var opts []StreamOption
			if tc.client != nil {
				opts = append(opts, WithTLS(tc.client))
			}
			var c *Stream
			var waitErr error
			buffered := 0
			run(t, l,
				wait(func() Awaitable[*Stream] { return OpenConnection(addr.Network(), addr.String(), opts...) }, func(s *Stream, err error) {
					if err != nil {
						t.Fatal(err)
					}
					c = s
				}),
				call(func() {
					c.Write(bytes.Repeat([]byte{'w'}, size))
					buffered = c.WriteBuffered()
					c.Close()
					close(start)
				}),
				wait(func() Awaitable[struct{}] { return c.WaitClosed() }, func(_ struct{}, err error) { waitErr = err }),
			)
			l.Close()
			if buffered == 0 {
				t.Fatalf("the socket took all %d bytes at once: nothing to wait for", size)
			}
			if waitErr != nil {
				t.Errorf("WaitClosed = %v", waitErr)
			}
			if got := <-total; got != size {
				t.Errorf("the peer read %d bytes, want %d", got, size)
			}
		})
	}
}

// connClosed reports whether c's descriptor is closed.
func connClosed(c net.Conn) bool {
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		return true
	}
	return rc.Control(func(uintptr) {}) != nil
}

// tlsToStuckPeer connects l over TLS to a peer that shakes hands and then
// reads nothing until release is closed, and fills the connection: the
// stream's writer goroutine is left blocked in a write.
func tlsToStuckPeer(t *testing.T, l *Loop) (c *Stream, raw net.Conn) {
	scfg, ccfg := testTLSConfigs(t)
	addr, release, _ := slowSink(t, "tcp", "127.0.0.1:0", scfg)
	t.Cleanup(func() { close(release) })
	run(t, l,
		wait(func() Awaitable[*Stream] { return OpenConnection("tcp", addr.String(), WithTLS(ccfg)) }, func(s *Stream, err error) {
			if err != nil {
				t.Fatal(err)
			}
			c = s
			c.Write(bytes.Repeat([]byte{'w'}, 32<<20))
		}),
	)
	return c, c.tr.(*tlsTransport).conn.NetConn()
}

// Abort closes a TLS stream's connection at once, as it closes a
// descriptor, even while its writer goroutine is blocked on a peer that
// does not read; the connection and both goroutines stayed until the peer
// read again.
func TestNetioTLSAbortClosesAtOnce(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	c, raw := tlsToStuckPeer(t, l)
	c.Abort()
	if !connClosed(raw) {
		t.Error("Abort left the TLS connection open")
	}
	var waitErr error
	done := false
	run(t, l, wait(func() Awaitable[struct{}] { return c.WaitClosed() }, func(_ struct{}, err error) { waitErr, done = err, true }))
	if !done || waitErr != nil {
		t.Errorf("WaitClosed after Abort = %v", waitErr)
	}
}

// Abort after Close stops what Close was still sending.
func TestNetioTLSAbortAfterClose(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	c, raw := tlsToStuckPeer(t, l)
	c.Close()
	run(t, l, wait(func() Awaitable[struct{}] { return Sleep(0) }, nil))
	c.Abort()
	if !connClosed(raw) {
		t.Error("Abort after Close left the TLS connection open")
	}
}

// Closing the loop closes the TLS connections of its streams at once, as
// it does their descriptors.
func TestNetioLoopCloseClosesTLS(t *testing.T) {
	l := NewLoop()
	_, raw := tlsToStuckPeer(t, l)
	l.Close()
	if !connClosed(raw) {
		t.Error("the loop's Close left the TLS connection open")
	}
}

// tcpState is the kernel's TCP state of c (TCP_CLOSE is 7).
func tcpState(t *testing.T, c net.Conn) uint8 {
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var info *unix.TCPInfo
	rc.Control(func(fd uintptr) { info, err = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO) })
	if err != nil {
		t.Fatal(err)
	}
	return info.State
}

// A TLS write that fails in the writer goroutine after the stream handed
// it all over is reported by the Drain after it, and by WaitClosed, as a
// failed write to a descriptor is; Drain used to report nothing until
// another Write met the error.
func TestNetioTLSDrainSeesWriteError(t *testing.T) {
	scfg, ccfg := testTLSConfigs(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		tc := tls.Server(c, scfg)
		tc.Handshake()
		c.(*net.TCPConn).SetLinger(0)
		c.Close() // RST
	}()
	l := NewLoop()
	defer l.Close()
	var c *Stream
	var tr *tlsTransport
	var drainErr, waitErr error
	polls := 0
	run(t, l,
		wait(func() Awaitable[*Stream] { return OpenConnection("tcp", ln.Addr().String(), WithTLS(ccfg)) }, func(s *Stream, err error) {
			if err != nil {
				t.Fatal(err)
			}
			c, tr = s, s.tr.(*tlsTransport)
		}),
		// Wait for the reset, then write into it once.
		wait(func() Awaitable[struct{}] { return Sleep(time.Millisecond) }, nil),
		jumpIf(func() bool { polls++; return tcpState(t, tr.conn.NetConn()) != 7 && polls < 10000 }, 1),
		call(func() { c.Write([]byte("into the reset\n")) }),
		wait(func() Awaitable[struct{}] { return Sleep(time.Millisecond) }, nil),
		jumpIf(func() bool { polls++; return tr.werr == nil && polls < 20000 }, 4),
		wait(func() Awaitable[struct{}] { return c.Drain() }, func(_ struct{}, err error) { drainErr = err }),
		call(func() { c.Close() }),
		wait(func() Awaitable[struct{}] { return c.WaitClosed() }, func(_ struct{}, err error) { waitErr = err }),
	)
	if tr.werr == nil {
		t.Fatal("the write into the reset did not fail")
	}
	if drainErr == nil {
		t.Errorf("Drain after a failed TLS write = nil, want %v", tr.werr)
	}
	if waitErr == nil {
		t.Errorf("WaitClosed after a failed TLS write = nil, want %v", tr.werr)
	}
}

// WaitClosed of a TLS stream whose peer read everything and went away
// reports nothing: only the close_notify alert could not be sent, as a
// descriptor's close, which sends none, reports nothing.
func TestNetioTLSWaitClosedAfterPeerLeft(t *testing.T) {
	scfg, ccfg := testTLSConfigs(t)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", scfg)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		io.ReadFull(c, make([]byte, 4))
		c.(*tls.Conn).NetConn().(*net.TCPConn).SetLinger(0)
		c.(*tls.Conn).NetConn().Close() // RST
	}()
	l := NewLoop()
	defer l.Close()
	var c *Stream
	var waitErr error
	polls := 0
	run(t, l,
		wait(func() Awaitable[*Stream] { return OpenConnection("tcp", ln.Addr().String(), WithTLS(ccfg)) }, func(s *Stream, err error) {
			if err != nil {
				t.Fatal(err)
			}
			c = s
			c.Write([]byte("done"))
		}),
		wait(func() Awaitable[struct{}] { return Sleep(time.Millisecond) }, nil),
		jumpIf(func() bool { polls++; return tcpState(t, c.tr.(*tlsTransport).conn.NetConn()) != 7 && polls < 10000 }, 1),
		call(func() {
			if tcpState(t, c.tr.(*tlsTransport).conn.NetConn()) != 7 {
				t.Fatal("the peer's reset did not arrive")
			}
			c.Close()
		}),
		wait(func() Awaitable[struct{}] { return c.WaitClosed() }, func(_ struct{}, err error) { waitErr = err }),
	)
	if waitErr != nil {
		t.Errorf("WaitClosed after the peer read all and left = %v, want nil", waitErr)
	}
}
