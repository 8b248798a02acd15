//go:build linux

package runtime

import (
	"net"
	"testing"
)

// A stream knows its peer's address after the peer reset the connection,
// and after Close, when getpeername fails, as Go's net.Conn does: a handler
// that logged the address of a client whose connection failed got nil.
func TestNetioRemoteAddrAfterPeerLeft(t *testing.T) {
	for _, network := range []string{"tcp", "unix"} {
		t.Run(network, func(t *testing.T) {
			l := NewLoop()
			defer l.Close()
			addr := listenAddr(t, network)
			var serverSees, clientSees net.Addr
			var readErr error
			var srv *Server
			srv = startServer(t, l, network, addr, func(s *Stream) Coro[struct{}] {
				return prog(
					wait(func() Awaitable[[]byte] { return s.ReadAll() }, func(_ []byte, err error) { readErr = err }),
					call(func() { serverSees = s.RemoteAddr(); srv.Close() }),
				)
			})
			peer := make(chan net.Addr, 1)
			go func() {
				c, err := net.Dial(network, srv.Addr().String())
				if err != nil {
					t.Error(err)
					peer <- nil
					return
				}
				peer <- c.LocalAddr()
				if tc, ok := c.(*net.TCPConn); ok {
					tc.SetLinger(0) // RST
				}
				c.Close()
			}()
			run(t, l, wait(func() Awaitable[struct{}] { return srv.Serve() }, nil))
			want := <-peer
			if network == "tcp" && readErr == nil {
				t.Errorf("ReadAll after a reset: no error")
			}
			if serverSees == nil || serverSees.String() != want.String() {
				t.Errorf("server's RemoteAddr after the peer left = %v, want %v", serverSees, want)
			}

			// The client side: a server that accepts and resets at once.
			ln, err := net.Listen(network, listenAddr(t, network))
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			connected := make(chan struct{})
			go func() {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				<-connected
				if tc, ok := c.(*net.TCPConn); ok {
					tc.SetLinger(0)
				}
				c.Close()
			}()
			var c *Stream
			run(t, l,
				wait(func() Awaitable[*Stream] { return OpenConnection(network, ln.Addr().String()) }, func(s *Stream, err error) {
					if err != nil {
						t.Fatal(err)
					}
					c = s
					close(connected)
				}),
				wait(func() Awaitable[[]byte] { return c.ReadAll() }, nil),
				call(func() { clientSees = c.RemoteAddr(); c.Close() }),
			)
			if got := c.RemoteAddr(); got == nil || got.String() != ln.Addr().String() {
				t.Errorf("RemoteAddr after Close = %v, want %v", got, ln.Addr())
			}
			if clientSees == nil || clientSees.String() != ln.Addr().String() {
				t.Errorf("client's RemoteAddr after the peer left = %v, want %v", clientSees, ln.Addr())
			}
		})
	}
}
