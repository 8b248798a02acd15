//go:build linux

package runtime

import (
	"errors"
	"net"
	"net/netip"
	"os"
	"slices"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
	"golang.org/x/sys/unix"
)

// DatagramConn is a UDP socket on the loop (asyncio's datagram endpoint,
// with awaitables instead of protocol callbacks). Tasks that receive, or
// send, while others wait to do the same wait in line behind them: each
// datagram goes to the first receiver, and sends leave in the order they
// were made, as asyncio's transport sends what it buffered. The zero
// DatagramConn is not usable.
type DatagramConn struct {
	loop      *Loop
	pfd       pollFD
	family    int
	network   string // as opened: "udp", "udp4" or "udp6", for errors
	connected bool
	// The operations waiting for the socket, first come first: the
	// first of each line makes the attempts.
	recvq  []*dgramOp
	sendq  []*dgramOp
	closed bool
}

// Datagram is what RecvFrom received: N bytes from Addr.
type Datagram struct {
	N    int
	Addr netip.AddrPort
}

// ListenDatagram opens a UDP socket bound to address (network "udp",
// "udp4" or "udp6"; port 0 picks one).
func ListenDatagram(network, address string) Awaitable[*DatagramConn] {
	return &dgramOpenOp{network: network, address: address, passive: true}
}

// DialDatagram opens a UDP socket connected to address: Send and RecvFrom
// talk to that peer only, and SendTo is refused.
func DialDatagram(network, address string) Awaitable[*DatagramConn] {
	return &dgramOpenOp{network: network, address: address}
}

type dgramOpenOp struct {
	network, address string
	passive          bool
	dial             dialOp // for its resolution
	out              *DatagramConn
	err              error
	done             bool
}

func (op *dgramOpenOp) Poll(w *asyncimpl.Task) Status {
	if op.done {
		return Ready
	}
	if err := checkNetwork(op.network, "udp", op.passive); err != nil {
		op.done, op.err = true, err
		return Ready
	}
	if op.dial.addrs == nil {
		op.dial.network, op.dial.address, op.dial.passive = op.network, op.address, op.passive
		if st := op.dial.resolve(w); st != Ready {
			return st
		}
	}
	op.done = true
	if op.err = op.dial.err; op.err != nil {
		return Ready
	}
	op.out, op.err = openDatagram(taskOf(w).loop, op.network, op.dial.addrs[0], op.passive)
	return Ready
}

func (op *dgramOpenOp) Result() (*DatagramConn, error) { return op.out, op.err }

func openDatagram(l *Loop, network string, ap netip.AddrPort, passive bool) (*DatagramConn, error) {
	_, version, _ := inetNetwork(network)
	family := 0
	if version == 6 {
		family = unix.AF_INET6
	}
	family, sa := inetSockaddr(ap, family)
	fd, err := socket(family, unix.SOCK_DGRAM)
	if err != nil {
		return nil, err
	}
	// As Go's net package: broadcasts may be sent, and a "udp6" socket is
	// IPv6 only ("udp" on an IPv6 address takes IPv4 too).
	unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_BROADCAST, 1)
	if family == unix.AF_INET6 {
		only := 0
		if version == 6 {
			only = 1
		}
		unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, only)
	}
	op, call := "dial", "connect"
	if passive {
		op, call = "listen", "bind"
		err = unix.Bind(fd, sa)
	} else {
		err = unix.Connect(fd, sa)
	}
	if err != nil {
		unix.Close(fd)
		return nil, &net.OpError{Op: op, Net: network, Addr: net.UDPAddrFromAddrPort(ap), Err: os.NewSyscallError(call, err)}
	}
	c := &DatagramConn{loop: l, family: family, network: network, connected: !passive}
	c.pfd = pollFD{fd: fd, h: c}
	if err := l.poller.register(&l.inbox, &c.pfd); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return c, nil
}

func (c *DatagramConn) ioReady(ev ioEvents) {
	if ev&evRead != 0 {
		wakeFirst(c.recvq)
	}
	if ev&evWrite != 0 {
		wakeFirst(c.sendq)
	}
}

// wakeFirst wakes the first operation of line q, if any, to make its
// attempt.
func wakeFirst(q []*dgramOp) {
	if len(q) > 0 {
		q[0].t.wakeUp()
	}
}

// LocalAddr is the socket's address.
func (c *DatagramConn) LocalAddr() net.Addr {
	if c.closed {
		return nil
	}
	sa, err := unix.Getsockname(c.pfd.fd)
	if err != nil {
		return nil
	}
	return net.UDPAddrFromAddrPort(sockaddrToAddrPort(sa))
}

// RemoteAddr is the peer of a DialDatagram socket, nil otherwise.
func (c *DatagramConn) RemoteAddr() net.Addr {
	if c.closed || !c.connected {
		return nil
	}
	sa, err := unix.Getpeername(c.pfd.fd)
	if err != nil {
		return nil
	}
	return net.UDPAddrFromAddrPort(sockaddrToAddrPort(sa))
}

// Close closes the socket; waiting operations fail with net.ErrClosed.
func (c *DatagramConn) Close() {
	if c.closed {
		return
	}
	c.closed = true
	c.loop.poller.release(&c.pfd)
	for _, q := range [][]*dgramOp{c.recvq, c.sendq} {
		for _, op := range q {
			op.t.wakeUp() // each sees the socket closed
		}
	}
}

// SendTo sends p as one datagram to addr, waiting while the socket's send
// buffer is full.
func (c *DatagramConn) SendTo(p []byte, addr netip.AddrPort) Awaitable[struct{}] {
	if c.connected {
		// The kernel would send it to addr all the same (Go's net and
		// asyncio refuse too).
		return failedFuture[struct{}](errSendToConnected)
	}
	return &dgramSend{dgramOp{c: c, send: true, p: p, to: addr, hasTo: true}}
}

var errSendToConnected = errors.New("runtime: SendTo on a socket from DialDatagram: use Send, which goes to its peer")

// Send sends p to the peer of a DialDatagram socket.
func (c *DatagramConn) Send(p []byte) Awaitable[struct{}] {
	return &dgramSend{dgramOp{c: c, send: true, p: p}}
}

// RecvFrom receives one datagram into p (a longer one is cut to len(p)).
func (c *DatagramConn) RecvFrom(p []byte) Awaitable[Datagram] {
	return &dgramRecv{dgramOp{c: c, p: p}}
}

type dgramOp struct {
	c     *DatagramConn
	send  bool
	p     []byte
	to    netip.AddrPort
	hasTo bool
	got   Datagram
	err   error
	done  bool
	t     *task
}

// line is the line of operations op waits in, or would.
func (op *dgramOp) line() *[]*dgramOp {
	if op.send {
		return &op.c.sendq
	}
	return &op.c.recvq
}

func (op *dgramOp) Poll(w *asyncimpl.Task) Status {
	if op.done {
		return Ready
	}
	q := op.line()
	// An operation makes its attempt when it is first in line, or when
	// nobody waits; behind others it joins the line. On a closed socket,
	// try fails at once.
	first := op.t != nil && (*q)[0] == op
	if first || len(*q) == 0 || op.c.closed {
		if op.try() {
			op.done = true
			if op.t != nil {
				op.leave()
			}
			return Ready
		}
	}
	if op.t == nil {
		op.t = taskOf(w)
		*q = append(*q, op)
	}
	op.t.wait = op
	return Suspend
}

// leave takes op, done or cancelled, out of its line; the next in line,
// if op was first, makes its attempt: the socket may take it without a
// new readiness event.
func (op *dgramOp) leave() {
	q := op.line()
	i := slices.Index(*q, op)
	if i < 0 {
		return
	}
	*q = slices.Delete(*q, i, i+1)
	op.t = nil
	if i == 0 && !op.c.closed {
		wakeFirst(*q)
	}
}

// try makes one attempt and reports whether the operation is complete.
func (op *dgramOp) try() bool {
	c := op.c
	if c.closed {
		op.err = net.ErrClosed
		return true
	}
	for {
		var err error
		if op.send {
			var sa unix.Sockaddr
			if op.hasTo {
				_, sa = inetSockaddr(op.to, c.family)
			}
			err = unix.Sendto(c.pfd.fd, op.p, 0, sa)
		} else {
			var n int
			var from unix.Sockaddr
			n, from, err = unix.Recvfrom(c.pfd.fd, op.p, 0)
			if err == nil {
				op.got = Datagram{N: n, Addr: sockaddrToAddrPort(from)}
			}
		}
		switch err {
		case nil:
			return true
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			if op.send {
				c.pfd.writable = false
			} else {
				c.pfd.readable = false
			}
			return false
		}
		op.err = op.opError(err)
		return true
	}
}

// opError is the error of a failed send or receive, as Go's net reports
// those of a UDPConn: the operation, the socket's address and the peer's
// (for SendTo, the address sent to), around the system call's errno.
func (op *dgramOp) opError(errno error) error {
	c := op.c
	e := &net.OpError{Op: "read", Net: c.network, Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: os.NewSyscallError("recvfrom", errno)}
	if op.send {
		e.Op, e.Err = "write", os.NewSyscallError("sendto", errno)
		if op.hasTo {
			e.Addr = net.UDPAddrFromAddrPort(op.to)
		}
	}
	return e
}

func (op *dgramOp) cancelWait(t *task) bool {
	op.leave()
	return true
}

func (op *dgramOp) describe() string { return "datagram" }

type dgramSend struct{ dgramOp }

func (op *dgramSend) Result() (struct{}, error) { return struct{}{}, op.err }

type dgramRecv struct{ dgramOp }

func (op *dgramRecv) Result() (Datagram, error) { return op.got, op.err }

var (
	_ Awaitable[struct{}] = (*dgramSend)(nil)
	_ Awaitable[Datagram] = (*dgramRecv)(nil)
)
