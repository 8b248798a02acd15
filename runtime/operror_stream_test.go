//go:build linux

package runtime

import (
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
)

// A read or write that fails on a socket names the operation and both
// ends, as Go's net does ("read tcp 127.0.0.1:1->127.0.0.1:2: read:
// connection reset by peer"), in a *net.OpError that the checks programs
// make still see through: errors.Is finds the errno, errors.As the
// *os.SyscallError.
func TestOpErrorNamesTheConnection(t *testing.T) {
	for _, network := range []string{"tcp", "unix"} {
		t.Run(network, func(t *testing.T) {
			l := NewLoop()
			defer l.Close()
			addr := listenAddr(t, network)
			var readErr, drainErr error
			var local, remote net.Addr
			var srv *Server
			srv = startServer(t, l, network, addr, func(s *Stream) Coro[struct{}] {
				local, remote = s.LocalAddr(), s.RemoteAddr()
				return prog(
					call(func() { s.Write([]byte("hi")) }),
					wait(func() Awaitable[int] { return s.Read(make([]byte, 10)) }, func(_ int, err error) { readErr = err }),
					call(func() { s.Write(make([]byte, 1<<20)) }),
					wait(func() Awaitable[struct{}] { return s.Drain() }, func(_ struct{}, err error) { drainErr = err }),
					call(func() { srv.Close() }),
				)
			})
			client := make(chan net.Addr, 1)
			go func() {
				c, err := net.Dial(network, srv.Addr().String())
				if err != nil {
					t.Error(err)
					client <- nil
					return
				}
				client <- c.LocalAddr()
				c.Read(make([]byte, 1))
				c.Close() // with a byte unread: a reset, on TCP and on a Unix socket
			}()
			run(t, l, wait(func() Awaitable[struct{}] { return srv.Serve() }, nil))
			clientAddr := <-client
			if network == "tcp" && (clientAddr == nil || remote.String() != clientAddr.String() || local.String() != srv.Addr().String()) {
				t.Fatalf("the server's stream is from %v to %v, want from %v to %v", local, remote, srv.Addr(), clientAddr)
			}
			for _, tc := range []struct {
				op  string
				err error
			}{{"read", readErr}, {"write", drainErr}} {
				var oe *net.OpError
				if !errors.As(tc.err, &oe) || oe.Op != tc.op || oe.Net != network ||
					oe.Source == nil || oe.Source.String() != local.String() || oe.Addr == nil || oe.Addr.String() != remote.String() {
					t.Errorf("%s error = %#v, want a *net.OpError %q %s from %v to %v", tc.op, tc.err, tc.op, network, local, remote)
					continue
				}
				if want := tc.op + " " + network + " "; !strings.HasPrefix(tc.err.Error(), want) {
					t.Errorf("%s error says %q, want it to start with %q", tc.op, tc.err, want)
				}
				var se *os.SyscallError
				if !errors.As(tc.err, &se) || se.Syscall != tc.op {
					t.Errorf("%s error = %v, want an *os.SyscallError of %s inside", tc.op, tc.err, tc.op)
				}
			}
			if !errors.Is(readErr, syscall.ECONNRESET) {
				t.Errorf("read error = %v, want ECONNRESET", readErr)
			}
			if !errors.Is(drainErr, syscall.EPIPE) && !errors.Is(drainErr, syscall.ECONNRESET) {
				t.Errorf("write error = %v, want EPIPE or ECONNRESET", drainErr)
			}
		})
	}
}

// The failed shutdown of CloseWrite names the connection too, as Go's
// net's CloseWrite does ("close tcp ...: shutdown: ..."); a read of the
// closed stream is still net.ErrClosed.
func TestOpErrorCloseWrite(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var readErr, drainErr, closedErr error
	var local, remote net.Addr
	var srv *Server
	srv = startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		local, remote = s.LocalAddr(), s.RemoteAddr()
		return prog(
			call(func() { s.Write([]byte("hi")) }),
			wait(func() Awaitable[int] { return s.Read(make([]byte, 10)) }, func(_ int, err error) { readErr = err }),
			call(func() { s.CloseWrite() }),
			wait(func() Awaitable[struct{}] { return s.Drain() }, func(_ struct{}, err error) { drainErr = err }),
			call(func() { s.Close() }),
			wait(func() Awaitable[int] { return s.Read(make([]byte, 10)) }, func(_ int, err error) { closedErr = err }),
			call(func() { srv.Close() }),
		)
	})
	go func() {
		c, err := net.Dial("tcp", srv.Addr().String())
		if err != nil {
			t.Error(err)
			return
		}
		c.Read(make([]byte, 1))
		c.Close() // with a byte unread: a reset
	}()
	run(t, l, wait(func() Awaitable[struct{}] { return srv.Serve() }, nil))
	if !errors.Is(readErr, syscall.ECONNRESET) {
		t.Fatalf("read error = %v, want ECONNRESET", readErr)
	}
	var oe *net.OpError
	if !errors.As(drainErr, &oe) || oe.Op != "close" || oe.Net != "tcp" || oe.Source.String() != local.String() || oe.Addr.String() != remote.String() ||
		!errors.Is(drainErr, syscall.ENOTCONN) {
		t.Errorf("Drain after CloseWrite of a reset connection = %#v, want a *net.OpError \"close\" from %v to %v with ENOTCONN", drainErr, local, remote)
	}
	if !errors.Is(closedErr, net.ErrClosed) {
		t.Errorf("Read after Close = %v, want net.ErrClosed", closedErr)
	}
}
