//go:build linux

package runtime

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"syscall"
	"testing"
)

// refusedPort gives a loopback port that nothing listens on: a listener's,
// closed.
func refusedPort(t *testing.T, network, host string) netip.AddrPort {
	t.Helper()
	ln, err := net.Listen(network, net.JoinHostPort(host, "0"))
	if err != nil {
		t.Skipf("no %s listener on %s here: %v", network, host, err)
	}
	ap := ln.Addr().(*net.TCPAddr).AddrPort()
	ln.Close()
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
}

// A dial to a name whose every address refuses reports the first address's
// error, as Go's net.Dialer does, not the last one's. The addresses are
// given to the dial as its resolution would (two refusing loopback ports),
// so that the test needs no resolver that gives two.
func TestDialReportsFirstAddressError(t *testing.T) {
	first := refusedPort(t, "tcp4", "127.0.0.1")
	second := refusedPort(t, "tcp4", "127.0.0.1")
	l := NewLoop()
	defer l.Close()
	op := &dialOp{network: "tcp", address: "two-addresses", cf: newStreamConfig(nil), addrs: []netip.AddrPort{first, second}}
	var err error
	run(t, l, wait(func() Awaitable[*Stream] { return op }, func(s *Stream, e error) {
		if s != nil {
			s.Close()
		}
		err = e
	}))
	checkFirstAddressError(t, err, first)
}

// The same through the resolver: "localhost" where it gives two addresses
// (::1 and 127.0.0.1), with nothing listening on the port at either.
func TestDialLocalhostReportsFirstAddressError(t *testing.T) {
	ips, err := net.DefaultResolver.LookupNetIP(context.Background(), "ip", "localhost")
	if err != nil || len(ips) < 2 {
		t.Skipf("localhost resolves to %v (%v) here; the test needs two addresses", ips, err)
	}
	// A port refused at every address: one free at the first, tried at
	// the rest; an address that accepts makes the test skip.
	port := refusedPort(t, "tcp", ips[0].Unmap().String()).Port()
	for _, ip := range ips {
		if c, err := net.Dial("tcp", netip.AddrPortFrom(ip.Unmap(), port).String()); err == nil {
			c.Close()
			t.Skipf("port %d accepts at %v", port, ip)
		}
	}
	l := NewLoop()
	defer l.Close()
	var derr error
	run(t, l, wait(func() Awaitable[*Stream] {
		return OpenConnection("tcp", net.JoinHostPort("localhost", strconv.Itoa(int(port))))
	}, func(s *Stream, e error) {
		if s != nil {
			s.Close()
		}
		derr = e
	}))
	checkFirstAddressError(t, derr, netip.AddrPortFrom(ips[0].Unmap(), port))
}

func checkFirstAddressError(t *testing.T, err error, first netip.AddrPort) {
	t.Helper()
	var oe *net.OpError
	if !errors.As(err, &oe) || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial error = %v, want a *net.OpError of ECONNREFUSED", err)
	}
	if got := oe.Addr.String(); got != first.String() {
		t.Errorf("dial error names %s (%v), want the first address, %s", got, err, first)
	}
}
