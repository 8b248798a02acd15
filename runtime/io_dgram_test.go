//go:build linux

package runtime

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"golang.org/x/sys/unix"
)

func TestDatagramEcho(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var srv, cli *DatagramConn
	buf := make([]byte, 64)
	var from netip.AddrPort
	var want string
	var got []string
	i := 0
	msgs := []string{"one", "two", "three"}
	// The server echoes one datagram per turn; the client sends, then
	// waits for the echo.
	serve := func() Coro[struct{}] {
		sbuf := make([]byte, 64)
		var d Datagram
		var rerr error
		return prog(
			wait(func() Awaitable[Datagram] { return srv.RecvFrom(sbuf) }, func(v Datagram, err error) { d, rerr = v, err }),
			exitIf(func() bool { return rerr != nil }), // cancelled
			wait(func() Awaitable[struct{}] { return srv.SendTo(sbuf[:d.N], d.Addr) }, nil),
			jump(0),
		)
	}
	var server *Task[struct{}]
	run(t, l,
		wait(func() Awaitable[*DatagramConn] { return ListenDatagram("udp", "127.0.0.1:0") }, func(c *DatagramConn, err error) {
			if err != nil {
				t.Fatal(err)
			}
			srv = c
			server = SpawnOn(l, serve())
		}),
		wait(func() Awaitable[*DatagramConn] { return DialDatagram("udp4", srv.LocalAddr().String()) }, func(c *DatagramConn, err error) {
			if err != nil {
				t.Fatal(err)
			}
			cli = c
			want = srv.LocalAddr().String()
		}),
		wait(func() Awaitable[struct{}] { return cli.Send([]byte(msgs[i])) }, nil),
		wait(func() Awaitable[Datagram] { return cli.RecvFrom(buf) }, func(d Datagram, err error) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, string(buf[:d.N]))
			from = d.Addr
			i++
		}),
		jumpIf(func() bool { return i < len(msgs) }, 2),
		call(func() { server.Cancel() }),
		wait(func() Awaitable[struct{}] { return server }, nil),
		call(func() { cli.Close(); srv.Close() }),
	)
	if diff := cmp.Diff(msgs, got); diff != "" {
		t.Errorf("echoes (-want +got):\n%s", diff)
	}
	if from.String() != want {
		t.Errorf("echo came from %v, want %v", from, want)
	}
}

// A datagram socket may send broadcasts, and a "udp6" one is IPv6 only,
// as with Go's net package.
func TestDatagramSocketOptions(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var v4, v6 *DatagramConn
	var v6err error
	run(t, l,
		wait(func() Awaitable[*DatagramConn] { return ListenDatagram("udp4", "127.0.0.1:0") }, func(c *DatagramConn, err error) {
			if err != nil {
				t.Fatal(err)
			}
			v4 = c
		}),
		wait(func() Awaitable[*DatagramConn] { return ListenDatagram("udp6", "[::1]:0") }, func(c *DatagramConn, err error) { v6, v6err = c, err }),
	)
	defer v4.Close()
	if b, err := unix.GetsockoptInt(v4.pfd.fd, unix.SOL_SOCKET, unix.SO_BROADCAST); err != nil || b != 1 {
		t.Errorf("SO_BROADCAST = %d, %v; want 1", b, err)
	}
	if v6err != nil {
		t.Logf("no IPv6 here: %v", v6err)
		return
	}
	defer v6.Close()
	if only, err := unix.GetsockoptInt(v6.pfd.fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY); err != nil || only != 1 {
		t.Errorf("IPV6_V6ONLY of a udp6 socket = %d, %v; want 1", only, err)
	}
}

// A socket from DialDatagram refuses SendTo, which the kernel would send
// to the address given rather than to its peer (Go's net and asyncio
// refuse it too).
func TestDatagramSendToConnectedRefused(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var a, c *DatagramConn
	var err error
	run(t, l,
		wait(func() Awaitable[*DatagramConn] { return ListenDatagram("udp4", "127.0.0.1:0") }, func(v *DatagramConn, e error) { a, err = v, e }),
		wait(func() Awaitable[*DatagramConn] { return DialDatagram("udp4", a.LocalAddr().String()) }, func(v *DatagramConn, e error) { c, err = v, e }),
		wait(func() Awaitable[struct{}] {
			return c.SendTo([]byte("x"), netip.MustParseAddrPort("127.0.0.1:9"))
		}, func(_ struct{}, e error) { err = e }),
	)
	if err != errSendToConnected {
		t.Errorf("SendTo on a dialled socket = %v, want %v", err, errSendToConnected)
	}
}

// A datagram socket on an empty host takes both families, as Go's net
// makes it: one socket on [::] with IPV6_V6ONLY off.
func TestDatagramEmptyHostTakesBothFamilies(t *testing.T) {
	if !ipv6Works() {
		t.Skip("no IPv6 sockets here: an empty host is IPv4's wildcard")
	}
	l := NewLoop()
	defer l.Close()
	var srv *DatagramConn
	var got []string
	buf := make([]byte, 16)
	recv := wait(func() Awaitable[Datagram] { return srv.RecvFrom(buf) }, func(d Datagram, err error) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(buf[:d.N]))
	})
	run(t, l,
		wait(func() Awaitable[*DatagramConn] { return ListenDatagram("udp", ":0") }, func(v *DatagramConn, err error) {
			if err != nil {
				t.Fatal(err)
			}
			srv = v
			port := srv.LocalAddr().(*net.UDPAddr).Port
			for _, to := range []string{fmt.Sprintf("127.0.0.1:%d", port), fmt.Sprintf("[::1]:%d", port)} {
				c, err := net.Dial("udp", to)
				if err != nil {
					t.Fatal(err)
				}
				c.Write([]byte(to[:4]))
				c.Close()
			}
		}),
		recv, recv,
	)
	if !slices.Contains(got, "127.") || !slices.Contains(got, "[::1") {
		t.Errorf("datagrams received: %q, want one over IPv4 and one over IPv6", got)
	}
}

// IPv6 zones survive the conversions to and from socket addresses, by
// interface name or number, as in Go's net.
func TestSockaddrZones(t *testing.T) {
	lo, err := net.InterfaceByName("lo")
	if err != nil {
		t.Skip("no loopback interface named lo:", err)
	}
	ap := sockaddrToAddrPort(&unix.SockaddrInet6{Port: 53, ZoneId: uint32(lo.Index), Addr: netip.MustParseAddr("fe80::1").As16()})
	if want := "[fe80::1%lo]:53"; ap.String() != want {
		t.Errorf("a received link-local address is %v, want %v", ap, want)
	}
	for _, zone := range []string{"lo", strconv.Itoa(lo.Index)} {
		_, sa := inetSockaddr(netip.MustParseAddrPort("[fe80::1%"+zone+"]:53"), unix.AF_INET6)
		if id := sa.(*unix.SockaddrInet6).ZoneId; id != uint32(lo.Index) {
			t.Errorf("zone %q became index %d, want %d", zone, id, lo.Index)
		}
	}
}

// A failed send or receive is a *net.OpError naming the operation and both
// ends, as Go's net reports a UDPConn's: here the ICMP port unreachable
// that a datagram to a closed port on loopback brings back.
func TestDatagramErrorIsOpError(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var gone, c *DatagramConn
	var peer string
	var sendErr, recvErr error
	buf := make([]byte, 16)
	run(t, l,
		wait(func() Awaitable[*DatagramConn] { return ListenDatagram("udp4", "127.0.0.1:0") }, func(v *DatagramConn, e error) {
			if e != nil {
				t.Fatal(e)
			}
			gone, peer = v, v.LocalAddr().String()
			gone.Close() // nothing listens on peer from now on
		}),
		wait(func() Awaitable[*DatagramConn] { return DialDatagram("udp4", peer) }, func(v *DatagramConn, e error) {
			if e != nil {
				t.Fatal(e)
			}
			c = v
		}),
		wait(func() Awaitable[struct{}] { return c.Send([]byte("x")) }, func(_ struct{}, e error) { sendErr = e }),
		wait(func() Awaitable[Datagram] { return c.RecvFrom(buf) }, func(_ Datagram, e error) { recvErr = e }),
	)
	defer c.Close()
	if sendErr != nil {
		t.Fatalf("first Send = %v, want nil (the refusal comes back after it)", sendErr)
	}
	var oe *net.OpError
	if !errors.As(recvErr, &oe) || !errors.Is(recvErr, unix.ECONNREFUSED) {
		t.Fatalf("RecvFrom after a send to a closed port = %#v, want a *net.OpError wrapping ECONNREFUSED", recvErr)
	}
	if oe.Op != "read" || oe.Net != "udp4" || oe.Source == nil || oe.Addr == nil || oe.Addr.String() != peer {
		t.Errorf("OpError = {Op: %q, Net: %q, Source: %v, Addr: %v}, want read, udp4, the local address, %s", oe.Op, oe.Net, oe.Source, oe.Addr, peer)
	}
	if want := "read udp4 " + oe.Source.String() + "->" + peer + ": recvfrom: connection refused"; recvErr.Error() != want {
		t.Errorf("error = %q, want %q", recvErr.Error(), want)
	}
}

// listenPair opens two UDP sockets on loopback.
func listenPair(t *testing.T, l *Loop) (a, b *DatagramConn) {
	run(t, l,
		wait(func() Awaitable[*DatagramConn] { return ListenDatagram("udp4", "127.0.0.1:0") }, func(v *DatagramConn, e error) {
			if e != nil {
				t.Fatal(e)
			}
			a = v
		}),
		wait(func() Awaitable[*DatagramConn] { return ListenDatagram("udp4", "127.0.0.1:0") }, func(v *DatagramConn, e error) {
			if e != nil {
				t.Fatal(e)
			}
			b = v
		}),
	)
	return
}

// After Close, a RecvFrom fails with net.ErrClosed, even while the task that
// was waiting when Close came has not run yet.
func TestDatagramRecvAfterCloseNotBusy(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	a, _ := listenPair(t, l)
	buf := make([]byte, 4)
	var waitErr, lateErr error
	tk := SpawnOn(l, prog(wait(func() Awaitable[Datagram] { return a.RecvFrom(buf) }, func(_ Datagram, e error) { waitErr = e })))
	run(t, l,
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil), // tk waits in RecvFrom
		call(func() { a.Close() }),
		wait(func() Awaitable[Datagram] { return a.RecvFrom(buf) }, func(_ Datagram, e error) { lateErr = e }),
		wait(func() Awaitable[struct{}] { return tk }, nil),
	)
	if !errors.Is(waitErr, net.ErrClosed) || !errors.Is(lateErr, net.ErrClosed) {
		t.Errorf("waiting RecvFrom = %v, RecvFrom after Close = %v; want net.ErrClosed for both", waitErr, lateErr)
	}
}

// Tasks that receive on one socket wait in line: each datagram goes to the
// first of them, a cancelled one leaves its place, and Close ends every
// wait with net.ErrClosed.
func TestDatagramReceiversWaitInLine(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	a, b := listenPair(t, l)
	to := a.LocalAddr().(*net.UDPAddr).AddrPort()
	got := make([]string, 6)
	errs := make([]error, 6)
	receiver := func(i int) *Task[struct{}] {
		buf := make([]byte, 8)
		return SpawnOn(l, prog(wait(func() Awaitable[Datagram] { return a.RecvFrom(buf) }, func(d Datagram, err error) {
			got[i], errs[i] = string(buf[:d.N]), err
		})))
	}
	var tasks []*Task[struct{}]
	for i := range 4 {
		tasks = append(tasks, receiver(i))
	}
	run(t, l,
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil), // all four wait
		call(func() { tasks[1].Cancel() }),
		wait(func() Awaitable[struct{}] { return b.SendTo([]byte("x"), to) }, nil),
		wait(func() Awaitable[struct{}] { return b.SendTo([]byte("y"), to) }, nil),
		wait(func() Awaitable[struct{}] { return b.SendTo([]byte("z"), to) }, nil),
		wait(func() Awaitable[struct{}] { return tasks[0] }, nil),
		wait(func() Awaitable[struct{}] { return tasks[2] }, nil),
		wait(func() Awaitable[struct{}] { return tasks[3] }, nil),
		call(func() { tasks = append(tasks, receiver(4), receiver(5)) }),
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil),
		call(func() { a.Close() }),
		wait(func() Awaitable[struct{}] { return tasks[4] }, nil),
		wait(func() Awaitable[struct{}] { return tasks[5] }, nil),
		call(func() { b.Close() }),
	)
	if want := []string{"x", "", "y", "z", "", ""}; !slices.Equal(got, want) {
		t.Errorf("receivers got %q, want %q", got, want)
	}
	want := []error{nil, ErrCancelled, nil, nil, net.ErrClosed, net.ErrClosed}
	for i, err := range errs {
		if !errors.Is(err, want[i]) || (want[i] == nil && err != nil) {
			t.Errorf("receiver %d: %v, want %v", i, err, want[i])
		}
	}
}
