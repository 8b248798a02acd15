package runtime

import (
	"errors"
	"net"
)

// transport is what a Stream reads and writes: a descriptor on the loop's
// poller, or a connection served by helper goroutines (TLS). Its methods
// never block; errWouldBlock means "nothing now", and the transport then
// calls the stream's ioReady when there may be.
type transport interface {
	read(p []byte) (int, error) // io.EOF at the end
	write(p []byte) (int, error)
	closeWrite() error
	// close closes the connection once what write took is sent. It
	// reports whether that is done; if not, the transport calls the
	// stream's closeDone when it is.
	close() bool
	// abort closes the connection at once, dropping what write took and
	// has not sent; it may follow close.
	abort()
	localAddr() net.Addr
	remoteAddr() net.Addr
}

var errWouldBlock = errors.New("runtime: operation would block")
