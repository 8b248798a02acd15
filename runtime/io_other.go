//go:build !linux

package runtime

import (
	"net"
	"net/netip"
	"os"
	"os/exec"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// This file keeps the I/O API compiling on systems without a poller: every
// operation fails with errNoPoller. Signal handlers work everywhere.

type fdTransport struct{}

func (s *Stream) fdQuiet() bool { return false }
func (s *Stream) sawEOF()       { s.eof = true }
func (s *Stream) readerGone()   {}
func (s *Stream) readUnasked()  {} // no subprocess pipes here

func (s *Stream) wakeIfYielded(*task) {}

func (s *Stream) probeRead(p []byte) (int, error) { return s.tr.read(p) }

// failOp is an awaitable that fails at once.
type failOp[T any] struct{ err error }

func (op failOp[T]) Poll(*asyncimpl.Task) Status { return Ready }
func (op failOp[T]) Result() (T, error) {
	var zero T
	return zero, op.err
}

// OpenConnection is not implemented on this system.
func OpenConnection(network, address string, opts ...StreamOption) Awaitable[*Stream] {
	return failOp[*Stream]{errNoPoller}
}

// Server is a listening socket; see the Linux documentation.
type Server struct{}

// StartServer is not implemented on this system.
func StartServer(network, address string, handler func(*Stream) Coro[struct{}], opts ...StreamOption) Awaitable[*Server] {
	return failOp[*Server]{errNoPoller}
}

// The methods of Server, DatagramConn and Process below stand in for their
// Linux versions (see there): none can be called on a value this system
// made, since the functions that make them fail.

// Addr is nil.
func (srv *Server) Addr() net.Addr { return nil }

// Close does nothing.
func (srv *Server) Close() {}

// Serve fails.
func (srv *Server) Serve() Awaitable[struct{}] { return failOp[struct{}]{errNoPoller} }

// DatagramConn is a UDP socket; see the Linux documentation.
type DatagramConn struct{}

// Datagram is what RecvFrom received: N bytes from Addr.
type Datagram struct {
	N    int
	Addr netip.AddrPort
}

// ListenDatagram is not implemented on this system.
func ListenDatagram(network, address string) Awaitable[*DatagramConn] {
	return failOp[*DatagramConn]{errNoPoller}
}

// DialDatagram is not implemented on this system.
func DialDatagram(network, address string) Awaitable[*DatagramConn] {
	return failOp[*DatagramConn]{errNoPoller}
}

// LocalAddr is nil.
func (c *DatagramConn) LocalAddr() net.Addr { return nil }

// RemoteAddr is nil.
func (c *DatagramConn) RemoteAddr() net.Addr { return nil }

// Close does nothing.
func (c *DatagramConn) Close() {}

// SendTo fails.
func (c *DatagramConn) SendTo(p []byte, addr netip.AddrPort) Awaitable[struct{}] {
	return failOp[struct{}]{errNoPoller}
}

// Send fails.
func (c *DatagramConn) Send(p []byte) Awaitable[struct{}] { return failOp[struct{}]{errNoPoller} }

// RecvFrom fails.
func (c *DatagramConn) RecvFrom(p []byte) Awaitable[Datagram] {
	return failOp[Datagram]{errNoPoller}
}

// Pipes selects the standard streams of a subprocess that become pipes.
type Pipes uint8

// The pipes a subprocess can have.
const (
	PipeStdin Pipes = 1 << iota
	PipeStdout
	PipeStderr
	PipeAll = PipeStdin | PipeStdout | PipeStderr
)

// StderrToStdout makes the child's stderr the same as its stdout.
const StderrToStdout Pipes = 1 << 3

// Process is a running subprocess; see the Linux documentation.
type Process struct {
	Cmd                   *exec.Cmd
	Stdin, Stdout, Stderr *Stream
}

// ProcessOutput is what Communicate collected.
type ProcessOutput struct {
	Stdout, Stderr []byte
	Code           int
}

// Exec is not implemented on this system.
func Exec(cmd *exec.Cmd, pipes Pipes) Awaitable[*Process] { return failOp[*Process]{errNoPoller} }

// Shell is not implemented on this system.
func Shell(command string, pipes Pipes) Awaitable[*Process] { return failOp[*Process]{errNoPoller} }

// Pid is 0.
func (p *Process) Pid() int { return 0 }

// ExitCode reports no exit.
func (p *Process) ExitCode() (int, bool) { return 0, false }

// Signal fails.
func (p *Process) Signal(sig os.Signal) error { return errNoPoller }

// Kill fails.
func (p *Process) Kill() error { return errNoPoller }

// Terminate fails.
func (p *Process) Terminate() error { return errNoPoller }

// Wait fails.
func (p *Process) Wait() Awaitable[int] { return failOp[int]{errNoPoller} }

// Communicate fails.
func (p *Process) Communicate(input []byte) Coro[ProcessOutput] {
	return awaitCoro[ProcessOutput](failOp[ProcessOutput]{errNoPoller})
}
