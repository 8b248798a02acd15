//go:build linux

package runtime

import (
	"context"
	"net"
	"net/netip"
	"os"
	"strconv"
	"sync"

	"golang.org/x/sys/unix"
)

// This file turns the network and address strings of the public API into
// socket addresses, resolving names on the executor.

func sockaddrToAddr(network string, sa unix.Sockaddr) net.Addr {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		ip := net.IP(append([]byte(nil), sa.Addr[:]...))
		if network == "udp" {
			return &net.UDPAddr{IP: ip, Port: sa.Port}
		}
		return &net.TCPAddr{IP: ip, Port: sa.Port}
	case *unix.SockaddrInet6:
		ip := net.IP(append([]byte(nil), sa.Addr[:]...))
		zone := ""
		if sa.ZoneId != 0 {
			if ifi, err := net.InterfaceByIndex(int(sa.ZoneId)); err == nil {
				zone = ifi.Name
			}
		}
		if network == "udp" {
			return &net.UDPAddr{IP: ip, Port: sa.Port, Zone: zone}
		}
		return &net.TCPAddr{IP: ip, Port: sa.Port, Zone: zone}
	case *unix.SockaddrUnix:
		return &net.UnixAddr{Name: sa.Name, Net: "unix"}
	}
	return nil
}

func sockaddrToAddrPort(sa unix.Sockaddr) netip.AddrPort {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return netip.AddrPortFrom(netip.AddrFrom4(sa.Addr), uint16(sa.Port))
	case *unix.SockaddrInet6:
		a := netip.AddrFrom16(sa.Addr)
		if sa.ZoneId != 0 {
			a = a.WithZone(zoneName(sa.ZoneId))
		}
		return netip.AddrPortFrom(a, uint16(sa.Port))
	}
	return netip.AddrPort{}
}

// inetSockaddr returns the family and socket address for ap. An IPv4 address
// stays IPv4 unless family asks for IPv6 (a v4-mapped address).
func inetSockaddr(ap netip.AddrPort, family int) (int, unix.Sockaddr) {
	a := ap.Addr()
	if a.Is4() && family != unix.AF_INET6 || a.Is4In6() && family == unix.AF_INET {
		return unix.AF_INET, &unix.SockaddrInet4{Port: int(ap.Port()), Addr: a.Unmap().As4()}
	}
	sa := &unix.SockaddrInet6{Port: int(ap.Port()), Addr: a.As16()}
	if z := a.Zone(); z != "" {
		if n, err := strconv.ParseUint(z, 10, 32); err == nil {
			sa.ZoneId = uint32(n) // a numeric zone, as Go's net takes
		} else if ifi, err := net.InterfaceByName(z); err == nil {
			sa.ZoneId = uint32(ifi.Index)
		}
	}
	return unix.AF_INET6, sa
}

// zoneName names the interface of an IPv6 zone index, as Go's net does
// (the number itself if the interface is gone).
func zoneName(id uint32) string {
	if name, ok := zoneNames.Load(id); ok {
		return name.(string)
	}
	name := strconv.FormatUint(uint64(id), 10)
	if ifi, err := net.InterfaceByIndex(int(id)); err == nil {
		name = ifi.Name
	}
	zoneNames.Store(id, name)
	return name
}

// inetNetwork reports the IP version a network name restricts to: 4, 6, or
// 0 for either; ok is false for a network that is not TCP or UDP.
func inetNetwork(network string) (base string, version int, ok bool) {
	switch network {
	case "tcp", "udp":
		return network, 0, true
	case "tcp4", "udp4":
		return network[:3], 4, true
	case "tcp6", "udp6":
		return network[:3], 6, true
	}
	return "", 0, false
}

// checkNetwork reports an error unless network is one of base's ("tcp" or
// "udp", with their 4 and 6 forms); passive as for literalAddrs.
func checkNetwork(network, base string, passive bool) error {
	if b, _, ok := inetNetwork(network); !ok || b != base {
		return addrOpError(network, passive, net.UnknownNetworkError(network))
	}
	return nil
}

// addrOpError is the error of an address or network that cannot be used,
// as Go's net reports it: a *net.OpError of Op "dial", or "listen" for a
// passive one.
func addrOpError(network string, passive bool, err error) error {
	op := "dial"
	if passive {
		op = "listen"
	}
	return &net.OpError{Op: op, Net: network, Err: err}
}

// literalAddrs parses host:port when the host is an IP literal or empty
// (passive means a listening address, where empty is the wildcard). It
// reports ok false when the host is a name to resolve.
func literalAddrs(network, address string, passive bool) (addrs []netip.AddrPort, ok bool, err error) {
	_, version, known := inetNetwork(network)
	if !known {
		return nil, true, addrOpError(network, passive, net.UnknownNetworkError(network))
	}
	host, portStr, err := net.SplitHostPort(address)
	if err != nil {
		return nil, true, addrOpError(network, passive, err)
	}
	port, err := parsePort(network, portStr)
	if err != nil {
		return nil, true, addrOpError(network, passive, err)
	}
	if host == "" {
		var a netip.Addr
		switch {
		case version == 6:
			a = netip.IPv6Unspecified()
		case passive && version == 0 && ipv6Works():
			a = netip.IPv6Unspecified() // both families: IPV6_V6ONLY is off
		case passive:
			a = netip.IPv4Unspecified()
		default:
			a = netip.AddrFrom4([4]byte{127, 0, 0, 1})
		}
		return []netip.AddrPort{netip.AddrPortFrom(a, port)}, true, nil
	}
	a, perr := netip.ParseAddr(host)
	if perr != nil {
		return nil, false, nil
	}
	if version == 4 && !a.Unmap().Is4() || version == 6 && a.Is4() {
		return nil, true, addrOpError(network, passive, &net.AddrError{Err: "no suitable address found", Addr: host})
	}
	return []netip.AddrPort{netip.AddrPortFrom(a, port)}, true, nil
}

// parsePort is a port number or service name, as Go's net reads it: a
// number out of range is a *net.AddrError, an unknown service a
// *net.DNSError.
func parsePort(network, s string) (uint16, error) {
	if p, err := strconv.ParseUint(s, 10, 16); err == nil {
		return uint16(p), nil
	}
	p, err := net.LookupPort(network, s)
	return uint16(p), err
}

// resolveAddrs resolves a host name on the executor: a blocking DNS lookup
// must not stall the loop. passive as for literalAddrs.
func resolveAddrs(network, address string, passive bool) Awaitable[[]netip.AddrPort] {
	return ToThread(func() ([]netip.AddrPort, error) {
		addrs, err := lookupAddrs(network, address)
		if err != nil {
			return nil, addrOpError(network, passive, err)
		}
		return addrs, nil
	})
}

// lookupAddrs is resolveAddrs's blocking lookup.
func lookupAddrs(network, address string) ([]netip.AddrPort, error) {
	_, version, _ := inetNetwork(network)
	host, portStr, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	port, err := parsePort(network, portStr)
	if err != nil {
		return nil, err
	}
	ipnet := "ip"
	if version != 0 {
		ipnet = "ip" + strconv.Itoa(version)
	}
	ips, err := net.DefaultResolver.LookupNetIP(context.Background(), ipnet, host)
	if err != nil {
		return nil, err
	}
	out := make([]netip.AddrPort, 0, len(ips))
	for _, ip := range ips {
		out = append(out, netip.AddrPortFrom(ip.Unmap(), port))
	}
	if len(out) == 0 {
		return nil, &net.DNSError{Err: "no suitable address", Name: host}
	}
	return out, nil
}

// socket makes a non-blocking, close-on-exec socket.
func socket(family, typ int) (int, error) {
	fd, err := unix.Socket(family, typ|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	return fd, nil
}

// ipv6Works reports whether this system binds IPv6 sockets, loopback and
// IPv4-mapped addresses both (Go's net probes the same): a listener on an
// empty host is then one dual-stack socket on [::], as in Go's net. A
// system with IPv6 turned off still makes AF_INET6 sockets, but cannot
// bind ::1.
var ipv6Works = sync.OnceValue(func() bool {
	for _, probe := range []struct {
		addr [16]byte
		only int
	}{
		{netip.IPv6Loopback().As16(), 1},
		{netip.AddrFrom4([4]byte{127, 0, 0, 1}).As16(), 0}, // ::ffff:127.0.0.1
	} {
		fd, err := unix.Socket(unix.AF_INET6, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return false
		}
		unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, probe.only)
		err = unix.Bind(fd, &unix.SockaddrInet6{Addr: probe.addr})
		unix.Close(fd)
		if err != nil {
			return false
		}
	}
	return true
})

// zoneNames caches the interface names of IPv6 zone indexes: a lookup
// lists every interface from the kernel.
var zoneNames sync.Map // uint32 → string
