//go:build linux

package runtime

import (
	"crypto/tls"
	"errors"
	"net"
	"net/netip"
	"os"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
	"golang.org/x/sys/unix"
)

// OpenConnection connects to address on network ("tcp", "tcp4", "tcp6" or
// "unix") and returns the connection as a Stream (asyncio's
// open_connection). Host names are resolved on the executor; the addresses
// are tried in order until one accepts. If none does, the error is the
// first address's, as Go's net.Dialer reports (asyncio raises the one
// error, or, if they differ, an OSError that lists them all): the first
// address is the one the resolver preferred, and a later one's failure,
// such as another family's unreachable network, would hide why. Cancelling
// the await closes the socket being connected.
func OpenConnection(network, address string, opts ...StreamOption) Awaitable[*Stream] {
	return &dialOp{network: network, address: address, cf: newStreamConfig(opts)}
}

type dialOp struct {
	network, address string
	passive          bool // resolving a listening address (see literalAddrs)
	cf               streamConfig
	resolving        Awaitable[[]netip.AddrPort]
	tlsConn          *Future[*tls.Conn]
	tlsCancel        func() // ends the TLS dial's connect and handshake
	addrs            []netip.AddrPort
	next             int
	s                *Stream
	out              *Stream
	err              error
	done             bool
}

var _ Awaitable[*Stream] = (*dialOp)(nil)

func (op *dialOp) Poll(w *asyncimpl.Task) Status {
	if op.done {
		return Ready
	}
	t := taskOf(w)
	if op.network != "unix" {
		if err := checkNetwork(op.network, "tcp", false); err != nil {
			op.finish(nil, err)
			return Ready
		}
	}
	if op.cf.tls != nil {
		return op.pollTLS(t)
	}
	if op.network == "unix" {
		op.finish(op.connectUnix(t.loop))
		return Ready
	}
	if op.addrs == nil {
		if st := op.resolve(w); st != Ready {
			return st
		}
		if op.done {
			return Ready
		}
	}
	for {
		if op.s == nil {
			if op.next == len(op.addrs) {
				op.done = true
				return Ready
			}
			ap := op.addrs[op.next]
			op.next++
			if err := op.start(t.loop, ap); err != nil {
				op.failed(err)
				continue
			}
		}
		if !op.s.fdt.pfd.writable {
			op.s.connector = t
			t.wait = op
			return Suspend
		}
		errno, err := unix.GetsockoptInt(op.s.fdt.pfd.fd, unix.SOL_SOCKET, unix.SO_ERROR)
		if err == nil && errno != 0 {
			err = unix.Errno(errno)
		}
		if err == nil {
			s := op.s
			op.s = nil
			op.finish(s, nil)
			return Ready
		}
		op.failed(&net.OpError{Op: "dial", Net: op.network, Addr: net.TCPAddrFromAddrPort(op.addrs[op.next-1]), Err: os.NewSyscallError("connect", err)})
		op.s.Abort()
		op.s = nil
	}
}

// failed records the failure of one address's connect: the dial reports
// the first, as Go's net does, if no later address accepts.
func (op *dialOp) failed(err error) {
	if op.err == nil {
		op.err = err
	}
}

// resolve fills op.addrs, on the executor when the host is a name, or
// sets op.err.
func (op *dialOp) resolve(w *asyncimpl.Task) Status {
	if op.resolving == nil {
		addrs, ok, err := literalAddrs(op.network, op.address, op.passive)
		if ok {
			op.addrs, op.err, op.done = addrs, err, err != nil
			return Ready
		}
		op.resolving = resolveAddrs(op.network, op.address, op.passive)
	}
	if st := op.resolving.Poll(w); st != Ready {
		return st
	}
	addrs, err := op.resolving.Result()
	op.addrs, op.err, op.done = addrs, err, err != nil
	return Ready
}

// start opens a socket and begins connecting it to ap.
func (op *dialOp) start(l *Loop, ap netip.AddrPort) error {
	family, sa := inetSockaddr(ap, 0)
	fd, err := socket(family, unix.SOCK_STREAM)
	if err != nil {
		return err
	}
	unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	s, err := newFDStream(l, fd, "tcp", sa)
	if err != nil {
		return err
	}
	op.s = s
	op.applyConfig(s)
	for {
		err = unix.Connect(fd, sa)
		if err != unix.EINTR {
			break
		}
	}
	switch err {
	case nil, unix.EISCONN:
		return nil
	case unix.EINPROGRESS, unix.EALREADY, unix.EINTR:
		s.fdt.pfd.writable = false // the poller says when the connect ends
		return nil
	}
	s.Abort()
	op.s = nil
	return &net.OpError{Op: "dial", Net: op.network, Addr: net.TCPAddrFromAddrPort(ap), Err: os.NewSyscallError("connect", err)}
}

func (op *dialOp) connectUnix(l *Loop) (*Stream, error) {
	fd, err := socket(unix.AF_UNIX, unix.SOCK_STREAM)
	if err != nil {
		return nil, err
	}
	// A Unix socket connects at once or fails (EAGAIN: backlog full).
	sa := &unix.SockaddrUnix{Name: op.address}
	for retried := false; ; retried = true {
		err = unix.Connect(fd, sa)
		if err == unix.EISCONN && retried {
			err = nil // the interrupted call connected
		}
		if err != unix.EINTR { // a signal: try again, as the TCP path does
			break
		}
	}
	if err != nil {
		unix.Close(fd)
		return nil, &net.OpError{Op: "dial", Net: "unix", Addr: &net.UnixAddr{Name: op.address, Net: "unix"}, Err: os.NewSyscallError("connect", err)}
	}
	s, err := newFDStream(l, fd, "unix", sa)
	if err != nil {
		return nil, err
	}
	op.applyConfig(s)
	return s, nil
}

func (op *dialOp) applyConfig(s *Stream) {
	if op.cf.limit > 0 {
		s.SetLimit(op.cf.limit)
	}
}

func (op *dialOp) finish(s *Stream, err error) {
	op.out, op.done = s, true
	if err != nil {
		op.err = err
	} else {
		op.err = nil
	}
}

func (op *dialOp) Result() (*Stream, error) {
	if op.out == nil && op.err == nil {
		op.err = errors.New("runtime: no address to connect to")
	}
	return op.out, op.err
}

// cancelWait closes the socket being connected. A TLS dial's context is
// cancelled, which ends its connect or handshake, and its future too, as an
// awaited future is (its goroutine then closes a connection made in the
// meantime), or, if the connection was handed over already, the
// connection is closed.
func (op *dialOp) cancelWait(t *task) bool {
	if f := op.tlsConn; f != nil {
		if !f.done {
			op.tlsCancel() // set with tlsConn
			return f.cancelWait(t)
		}
		if c, err := f.Result(); err == nil {
			c.Close()
		}
		return true
	}
	if op.s != nil {
		op.s.connector = nil
		op.s.Abort()
		op.s = nil
	}
	return true
}

func (op *dialOp) describe() string { return "connect " + op.address }
