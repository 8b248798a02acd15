//go:build linux

package runtime

import (
	"net"
	"testing"
)

// A stream knows its own address after Close and after Abort, as a
// net.Conn does and as it knows its peer's: a handler that logs both ends
// once the connection is done got nil for its own unless it had asked
// before. A pipe has none.
func TestOpErrorLocalAddrAfterClose(t *testing.T) {
	for _, network := range []string{"tcp", "unix"} {
		for _, abort := range []bool{false, true} {
			name := network + "/close"
			if abort {
				name = network + "/abort"
			}
			t.Run(name, func(t *testing.T) {
				l := NewLoop()
				defer l.Close()
				addr := listenAddr(t, network)
				end := func(s *Stream) {
					if abort {
						s.Abort()
					} else {
						s.Close()
					}
				}
				var serverSees, serverPeer net.Addr
				var srv *Server
				srv = startServer(t, l, network, addr, func(s *Stream) Coro[struct{}] {
					return prog(
						wait(func() Awaitable[[]byte] { return s.ReadAll() }, nil),
						call(func() { end(s); serverSees, serverPeer = s.LocalAddr(), s.RemoteAddr(); srv.Close() }),
					)
				})
				var c *Stream
				var clientSees net.Addr
				run(t, l,
					dialStep(t, srv, &c),
					call(func() { c.CloseWrite() }),
					wait(func() Awaitable[[]byte] { return c.ReadAll() }, nil),
					call(func() { end(c); clientSees = c.LocalAddr() }),
					wait(func() Awaitable[struct{}] { return srv.Serve() }, nil),
				)
				if serverSees == nil || serverSees.String() != srv.Addr().String() {
					t.Errorf("server's LocalAddr after the stream ended = %v, want %v", serverSees, srv.Addr())
				}
				// The client's own address is the one the server's stream
				// has for its peer (a Unix client's is unnamed: "@", as in
				// Go's net).
				if clientSees == nil || serverPeer == nil || clientSees.Network() != network || clientSees.String() != serverPeer.String() {
					t.Errorf("client's LocalAddr after the stream ended = %v, want %v", clientSees, serverPeer)
				}
			})
		}
	}
}
