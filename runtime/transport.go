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
	close()
	localAddr() net.Addr
	remoteAddr() net.Addr
}

var errWouldBlock = errors.New("runtime: operation would block")
