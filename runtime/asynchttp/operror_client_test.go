package asynchttp

import (
	"crypto/tls"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

// A read that fails before any byte of the response sends a request again
// on another connection only when the server dropped the reused one: it
// closed it (EOF), reset it, or the kernel aborted it. A read that fails
// otherwise (a timeout, an unreachable host, a TLS alert) is the answer,
// whatever the error's type: a stream names the connection in a
// *net.OpError, as Go's net does, for every failure.
func TestNothingReadIsTheServerDroppingTheConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dialled := make(chan struct{})
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		<-dialled
		c.(*net.TCPConn).SetLinger(0)
		c.Close() // RST
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	close(dialled)
	// What a TLS stream's read returns, and a descriptor's too: a
	// *net.OpError that wraps the errno.
	_, reset := c.Read(make([]byte, 1))
	if reset == nil {
		t.Fatal("a read from a connection the server reset did not fail")
	}
	opError := func(errno syscall.Errno) error {
		return &net.OpError{Op: "read", Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: os.NewSyscallError("read", errno)}
	}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"reset", reset, true},
		{"EOF", io.EOF, true},
		{"closed", net.ErrClosed, true},
		{"nothing before the end", &runtime.IncompleteReadError{Expected: -1}, true},
		{"part of a header before the end", &runtime.IncompleteReadError{Partial: []byte("HTTP/1.1"), Expected: -1}, false},
		{"ECONNRESET", opError(syscall.ECONNRESET), true},
		{"EPIPE", opError(syscall.EPIPE), true},
		{"ECONNABORTED", opError(syscall.ECONNABORTED), true},
		{"ETIMEDOUT", opError(syscall.ETIMEDOUT), false},
		{"EHOSTUNREACH", opError(syscall.EHOSTUNREACH), false},
		{"TLS alert", &net.OpError{Op: "remote error", Err: tls.AlertError(80)}, false},
	} {
		if got := nothingRead(tc.err); got != tc.want {
			t.Errorf("%s: nothingRead(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}
