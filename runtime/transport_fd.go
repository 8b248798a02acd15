//go:build linux

package runtime

import (
	"io"
	"net"
	"os"

	"golang.org/x/sys/unix"
)

// fdTransport is a non-blocking descriptor registered with the loop's
// poller: a stream socket or one end of a pipe.
type fdTransport struct {
	loop   *Loop
	pfd    pollFD
	net    string // "tcp", "unix"; "" for a pipe
	local  net.Addr
	remote net.Addr
	// peer: the address accept or connect gave, for remoteAddr once
	// getpeername fails (the peer reset the connection, or it is closed)
	peer unix.Sockaddr
	// wpipe: the parent's end of a subprocess's stdin pipe
	wpipe bool
	// pass and passBytes: the loop's pass of the last read and the bytes
	// read in it; yielded: a read was refused for the pass's share
	pass      uint64
	passBytes int
	yielded   bool
	// reset: a write failed with ECONNRESET. The kernel reports a reset
	// once, to whichever call comes first; the reads after it see only the
	// end of the stream, which then means the reset, not a clean close.
	reset bool
}

// newFDStream makes a stream on fd, which it makes non-blocking and
// registers; on failure fd is closed. peer is the address accept or
// connect gave, nil for a pipe.
func newFDStream(l *Loop, fd int, network string, peer unix.Sockaddr) (*Stream, error) {
	s := newStream(l)
	s.fdt = fdTransport{loop: l, pfd: pollFD{fd: fd, h: s}, net: network, peer: peer}
	s.tr = &s.fdt
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("setnonblock", err)
	}
	if err := l.poller.register(&l.inbox, &s.fdt.pfd); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return s, nil
}

// readShare is what a stream reads from its descriptor in one pass of the
// loop before its reader yields to the others, asyncio's most for one
// recv: a peer that sends faster than a task reads cannot keep the loop,
// its timers and its other tasks waiting.
const readShare = 256 << 10

func (f *fdTransport) read(p []byte) (int, error) {
	if !f.pfd.readable {
		return 0, errWouldBlock
	}
	if f.pass != f.loop.pass {
		f.pass, f.passBytes = f.loop.pass, 0
	} else if f.passBytes >= readShare {
		f.yielded = true // the reader's suspension wakes it at the next pass
		return 0, errWouldBlock
	}
	if left := readShare - f.passBytes; len(p) > left {
		p = p[:left]
	}
	return f.readNow(p)
}

// readNow reads p from the descriptor whatever the pass's share: the
// one-byte look of AtEOF, which must see the end.
func (f *fdTransport) readNow(p []byte) (int, error) {
	if !f.pfd.readable {
		return 0, errWouldBlock
	}
	for {
		n, err := rawRead(f.pfd.fd, p)
		switch err {
		case nil:
			f.passBytes += n
			if n == 0 && len(p) > 0 {
				if f.reset {
					return 0, f.opError("read", unix.ECONNRESET)
				}
				return 0, io.EOF
			}
			if n < len(p) && !f.pfd.hup {
				// A short read emptied the receive queue: with edge-triggered
				// epoll, any byte that arrives from now on brings a new event,
				// so the read that would only say EAGAIN is skipped. The end
				// of the stream raises hup, which keeps the descriptor
				// readable, so EOF is never missed.
				f.pfd.readable = false
			}
			return n, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			f.pfd.readable = false
			return 0, errWouldBlock
		}
		return 0, f.opError("read", err)
	}
}

func (f *fdTransport) write(p []byte) (int, error) {
	if !f.pfd.writable {
		return 0, errWouldBlock
	}
	for {
		n, err := rawWrite(f.pfd.fd, p)
		switch err {
		case nil:
			return n, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			f.pfd.writable = false
			return 0, errWouldBlock
		case unix.ECONNRESET:
			f.reset = true
		}
		return 0, f.opError("write", err)
	}
}

// opError is the error of a failed system call: for a socket, as Go's net
// reports it, naming the operation and both ends ("read tcp
// 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer"); errors.Is
// finds the errno inside.
func (f *fdTransport) opError(call string, errno error) error {
	err := os.NewSyscallError(call, errno)
	if f.net == "" {
		return err
	}
	op := call
	if call == "shutdown" {
		op = "close" // Go's net names CloseWrite's failure so
	}
	return &net.OpError{Op: op, Net: f.net, Source: f.localAddr(), Addr: f.remoteAddr(), Err: err}
}

func (f *fdTransport) closeWrite() error {
	if f.net == "" {
		// A pipe has one direction: its write end closes whole.
		f.close()
		return nil
	}
	if err := unix.Shutdown(f.pfd.fd, unix.SHUT_WR); err != nil {
		return f.opError("shutdown", err)
	}
	return nil
}

// close closes the descriptor: what the kernel took it sends on its own.
// A socket's own address is looked up first, unless it was: LocalAddr
// still answers after Close, as RemoteAddr does with what accept or
// connect gave (one getsockname a connection, as Go's net makes at
// accept and connect).
func (f *fdTransport) close() bool {
	f.localAddr()
	f.discardUnread()
	f.loop.poller.release(&f.pfd)
	return true
}

// abort closes the descriptor at once: with bytes unread, the kernel
// resets the connection, as after asyncio's abort.
func (f *fdTransport) abort() {
	f.localAddr()
	f.loop.poller.release(&f.pfd)
}

// discardUnread reads and drops, without waiting, what the peer sent that
// no read consumed, up to readShare: the kernel resets a socket closed
// with bytes unread, and drops with it what it had yet to send, which
// WaitClosed reported sent. asyncio, whose transport read those bytes as
// they came, closes cleanly.
func (f *fdTransport) discardUnread() {
	if f.net == "" || f.pfd.fd < 0 {
		return // a pipe: no reset
	}
	discardWith(func(p []byte) (int, error) { return rawRead(f.pfd.fd, p) })
}

// discardWith reads and drops up to readShare bytes with read, which must
// not wait: until it fails (EAGAIN: all is read) or reads 0, the end.
func discardWith(read func(p []byte) (int, error)) {
	var small [512]byte
	buf := small[:]
	for total := 0; total < readShare; {
		n, err := read(buf)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil || n == 0:
			return // EAGAIN: all read; the end; an error
		}
		total += n
		if n == len(buf) && len(buf) == len(small) {
			buf = make([]byte, 64<<10) // more than a little: larger reads
		}
	}
}

// sawEOF records the end of the stream that a read of its transport
// reported. A pipe from a subprocess gives nothing after it: its descriptor
// closes now, as asyncio's read pipe transport closes at EOF, so that a
// program that reads a child's output to the end and never closes the
// stream keeps no descriptor. What was read stays buffered; Close is still
// allowed.
func (s *Stream) sawEOF() {
	s.eof = true
	if s.tr == transport(&s.fdt) && s.fdt.net == "" {
		s.fdt.close()
	}
}

// readerGone ends the stdin pipe of a subprocess whose end closed (the
// child exited, or closed its stdin): nothing written can arrive, so Drain
// fails with EPIPE, and the stream closes, as asyncio's write pipe
// transport closes when its reader goes: Closed reports true and
// WaitClosed returns, with EPIPE only if data was still unsent (asyncio's
// transport closes cleanly when its buffer is empty, and with
// BrokenPipeError when not).
func (s *Stream) readerGone() {
	if !s.fdt.wpipe || s.tr != transport(&s.fdt) || s.fdt.pfd.fd < 0 {
		return
	}
	if s.werr == nil {
		s.werrIdle = s.WriteBuffered() == 0
		s.failWrite(os.NewSyscallError("write", unix.EPIPE))
	}
	s.closed = true
	s.release()
}

// wakeIfYielded wakes t, whose read of s is suspending, at the next pass
// if the read gave way for the pass's share rather than for want of data:
// no readiness event would come, as the descriptor stays readable.
func (s *Stream) wakeIfYielded(t *task) {
	if s.fdt.yielded {
		s.fdt.yielded = false
		t.wakeUp()
	}
}

// probeRead is the read of Stream.probe: a descriptor's is not held to the
// pass's share.
func (s *Stream) probeRead(p []byte) (int, error) {
	if s.tr == transport(&s.fdt) {
		return s.fdt.readNow(p)
	}
	return s.tr.read(p)
}

// readPending reads what s's descriptor holds into the buffer, up to about
// most bytes, for a stream no task is reading: until the end or EAGAIN, past
// the short read that would otherwise stop a look, as if the poller had
// reported the descriptor readable. A look that finds nothing costs one
// EAGAIN, and clears the flag again; edge-triggered epoll reports what
// comes later. The pass's share of reads (readShare) does not apply: no
// task waits on this descriptor to be served in turn.
func (s *Stream) readPending(most int) {
	for start := s.Buffered(); s.Buffered()-start < most; {
		s.fdt.pfd.readable = true
		s.fdt.passBytes = 0
		if s.fill(0) != nil || s.eof || s.rerr != nil {
			break
		}
	}
}

// readUnasked reads, for a stream that reads ahead, what has come while
// no task reads, up to twice the limit in the buffer.
func (s *Stream) readUnasked() {
	if room := 2*s.limit - s.Buffered(); room > 0 && !s.closed && !s.eof && s.rerr == nil {
		s.readPending(room)
	}
}

// fdQuiet reports whether s reads from a descriptor that the poller has not
// seen turn readable: a read would only say EAGAIN.
func (s *Stream) fdQuiet() bool { return s.tr == transport(&s.fdt) && !s.fdt.pfd.readable }

func (f *fdTransport) localAddr() net.Addr {
	if f.local == nil && f.net != "" && f.pfd.fd >= 0 {
		if sa, err := unix.Getsockname(f.pfd.fd); err == nil {
			f.local = sockaddrToAddr(f.net, sa)
		}
	}
	return f.local
}

func (f *fdTransport) remoteAddr() net.Addr {
	if f.remote == nil && f.net != "" {
		if f.peer != nil {
			f.remote = sockaddrToAddr(f.net, f.peer)
		} else if f.pfd.fd >= 0 {
			if sa, err := unix.Getpeername(f.pfd.fd); err == nil {
				f.remote = sockaddrToAddr(f.net, sa)
			}
		}
	}
	return f.remote
}
