//go:build linux

package runtime

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// tlsTransport runs a stream over crypto/tls. crypto/tls needs blocking
// reads and writes, so the connection is handed to Go's netpoller (never to
// the loop's) and served by two helper goroutines: a reader, which reads
// once each time the stream asks for data, and a writer, which sends what
// the stream queued. Both report back through CallSoonThreadsafe. Cost per
// connection: two goroutine stacks and a 16 KiB read buffer while a read is
// outstanding.
type tlsTransport struct {
	loop *Loop
	s    *Stream
	conn *tls.Conn

	// loop side
	data     []byte // plaintext delivered and not yet read
	rerr     error
	asked    bool // the reader goroutine is reading for us
	inflight int  // bytes queued to the writer and not yet reported sent
	werr     error
	closed   bool
	aborted  bool
	// state is the handshake's outcome once it is known (see
	// Stream.TLSState).
	state *tls.ConnectionState

	want chan struct{} // one token per read request

	mu      sync.Mutex // guards queue, shut, stop, reset
	queue   [][]byte
	shut    bool // CloseWrite after the queue
	stop    bool // Close after the queue
	reset   bool // Abort: close without reading what is unread
	wsignal chan struct{}
}

// tlsWindow bounds the bytes handed to the writer goroutine; beyond it the
// stream buffers, and Drain applies.
const tlsWindow = 64 << 10

// newTLSStream makes a stream of conn; state is its handshake's outcome
// if known already (a dialled connection's), else nil.
func newTLSStream(l *Loop, conn *tls.Conn, limit int, state *tls.ConnectionState) *Stream {
	s := newStream(l)
	if limit > 0 {
		s.SetLimit(limit)
	}
	tr := &tlsTransport{loop: l, s: s, conn: conn, state: state, want: make(chan struct{}, 1), wsignal: make(chan struct{}, 1)}
	s.tr = tr
	if l.poller.helpers == nil {
		l.poller.helpers = map[interface{ abort() }]struct{}{}
	}
	l.poller.helpers[tr] = struct{}{}
	go tr.readLoop()
	go tr.writeLoop()
	return s
}

// newTLSServerStream wraps an accepted descriptor; the handshake happens in
// the helper goroutines at the first read or write.
func newTLSServerStream(l *Loop, fd int, network string, cf streamConfig) (*Stream, error) {
	f := os.NewFile(uintptr(fd), "tls")
	c, err := net.FileConn(f)
	f.Close()
	if err != nil {
		return nil, err
	}
	return newTLSStream(l, tls.Server(c, cf.tls), cf.limit, nil), nil
}

func (tr *tlsTransport) readLoop() {
	buf := make([]byte, 16<<10)
	first := true
	for range tr.want {
		n, err := tr.conn.Read(buf)
		data := append([]byte(nil), buf[:n]...)
		var state *tls.ConnectionState
		if first {
			// Read has run the handshake: the state, taken here,
			// costs the loop no wait for crypto/tls's handshake lock.
			first = false
			if cs := tr.conn.ConnectionState(); cs.HandshakeComplete {
				state = &cs
			}
		}
		if tr.loop.CallSoonThreadsafe(func() { tr.delivered(data, err, state) }) != nil || err != nil {
			return
		}
	}
}

func (tr *tlsTransport) delivered(data []byte, err error, state *tls.ConnectionState) {
	if state != nil {
		tr.state = state
	}
	tr.asked = false
	tr.data = data
	if err != nil {
		tr.rerr = err
	}
	tr.s.ioReady(evRead)
}

func (tr *tlsTransport) read(p []byte) (int, error) {
	if len(tr.data) > 0 {
		n := copy(p, tr.data)
		tr.data = tr.data[n:]
		return n, nil
	}
	if tr.rerr != nil {
		return 0, tr.rerr
	}
	if !tr.asked && !tr.closed {
		tr.asked = true
		tr.want <- struct{}{}
	}
	return 0, errWouldBlock
}

func (tr *tlsTransport) writeLoop() {
	for range tr.wsignal {
		tr.mu.Lock()
		q, shut, stop, reset := tr.queue, tr.shut, tr.stop, tr.reset
		tr.queue = nil
		tr.mu.Unlock()
		var err error
		sent := 0
		for _, b := range q {
			if err == nil {
				_, err = tr.conn.Write(b)
			}
			sent += len(b)
		}
		if shut && err == nil && !reset {
			// A server's handshake runs at its first read or write:
			// CloseWrite before it would fail, sending nothing.
			if err = tr.conn.Handshake(); err == nil {
				err = tr.conn.CloseWrite()
			}
		}
		if stop {
			tr.mu.Lock()
			reset = tr.reset // an Abort while the queue was written
			tr.mu.Unlock()
			if reset {
				// Abort closed the socket, or is about to: no close_notify,
				// which would reach the peer before the reset and end its
				// reading cleanly.
				tr.conn.NetConn().Close()
			} else {
				// The close_notify alert first (before a handshake there is
				// none to send, and CloseWrite says so), then nothing: not
				// even an alert from a reader that meets a record the
				// discard cut. Then what the peer sent and no read took.
				tr.conn.CloseWrite()
				tr.conn.SetWriteDeadline(time.Now())
				discardUnreadConn(tr.conn.NetConn())
				// An error of Close is the close_notify alert's, whose
				// peer may be gone already: what was written was sent.
				tr.conn.Close()
			}
			tr.loop.CallSoonThreadsafe(func() { tr.finished(sent, err) })
			return
		}
		if tr.loop.CallSoonThreadsafe(func() { tr.sent(sent, err) }) != nil {
			tr.conn.Close()
			return
		}
	}
}

func (tr *tlsTransport) sent(n int, err error) {
	tr.inflight -= n
	if err != nil && tr.werr == nil {
		tr.werr = err
	}
	if tr.closed {
		return
	}
	if s := tr.s; tr.werr != nil && s.werr == nil {
		// What failed was all handed over: the stream may have nothing
		// buffered to write and meet the error with.
		s.failWrite(tr.werr)
		return
	}
	tr.s.ioReady(evWrite)
}

// finished is the writer's last report: it sent what it was given before
// close, or met err, and closed the connection.
func (tr *tlsTransport) finished(n int, err error) {
	tr.inflight -= n
	delete(tr.loop.poller.helpers, tr)
	if s := tr.s; err != nil && s.werr == nil && !tr.aborted {
		s.werr = err
	}
	tr.s.closeDone()
}

func (tr *tlsTransport) signal() {
	select {
	case tr.wsignal <- struct{}{}:
	default:
	}
}

func (tr *tlsTransport) write(p []byte) (int, error) {
	if tr.werr != nil {
		return 0, tr.werr
	}
	if tr.inflight >= tlsWindow {
		return 0, errWouldBlock
	}
	n := min(len(p), tlsWindow-tr.inflight)
	tr.inflight += n
	b := append([]byte(nil), p[:n]...)
	tr.mu.Lock()
	tr.queue = append(tr.queue, b)
	tr.mu.Unlock()
	tr.signal()
	return n, nil
}

func (tr *tlsTransport) closeWrite() error {
	tr.mu.Lock()
	tr.shut = true
	tr.mu.Unlock()
	tr.signal()
	return nil
}

// close lets the writer send what it has, then close the connection, which
// also ends the reader; the writer then reports finished. Before it closes
// the socket, the writer sends the close_notify alert and reads and drops
// what the peer sent that is still unread, as the descriptor transport
// does (see discardUnreadConn).
func (tr *tlsTransport) close() bool {
	if tr.closed {
		return false
	}
	tr.closed = true
	tr.mu.Lock()
	tr.stop = true
	tr.mu.Unlock()
	tr.signal()
	close(tr.want)
	return false
}

// abort closes the connection under the helpers, without the TLS
// close_notify, which could wait for a peer that does not read: a write or
// read they are blocked in fails at once, and they end. Nor does it read
// what is unread, and nor does the writer: with bytes unread, the kernel
// resets the connection, as after a plain stream's Abort.
func (tr *tlsTransport) abort() {
	if tr.aborted {
		return
	}
	tr.aborted = true
	tr.mu.Lock()
	tr.queue = nil
	tr.reset = true // before close signals the writer: nothing is discarded
	tr.mu.Unlock()
	tr.close()
	delete(tr.loop.poller.helpers, tr)
	tr.conn.NetConn().Close()
}

// discardUnreadConn reads and drops, without waiting, what the peer sent
// that is still in the kernel, up to readShare, as fdTransport's
// discardUnread does: the kernel resets a socket closed with bytes unread,
// and drops with it what it had yet to send, which WaitClosed reported
// sent. asyncio's SSL transport, which read those bytes as they came,
// closes cleanly.
//
// It reads the socket's raw bytes, not records through the tls.Conn. They
// are dropped unread either way, and what decides between a clean end and
// a reset is only whether the kernel's receive queue is empty; what
// crypto/tls already took from the socket is no longer in it. A read
// through the tls.Conn would wait for the reader goroutine, which may be
// blocked in one holding the connection's read lock, and for the rest of a
// record half arrived, so it would need a deadline. Control takes neither
// the read lock nor a deadline, and MSG_DONTWAIT makes each read return at
// once. The tls.Conn's record stream is cut by this, which is why the
// caller sends its close_notify first and forbids writes after.
func discardUnreadConn(c net.Conn) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return
	}
	rc.Control(func(fd uintptr) { // an error: the connection is closed
		discardWith(func(p []byte) (int, error) {
			n, _, err := unix.Recvfrom(int(fd), p, unix.MSG_DONTWAIT)
			return n, err
		})
	})
}

func (tr *tlsTransport) tlsState() *tls.ConnectionState { return tr.state }

func (tr *tlsTransport) localAddr() net.Addr  { return tr.conn.LocalAddr() }
func (tr *tlsTransport) remoteAddr() net.Addr { return tr.conn.RemoteAddr() }

// pollTLS connects and shakes hands in a goroutine of its own, so that
// neither the loop nor the executor blocks on a slow peer; cancelling the
// await cancels the dial's context, which ends a handshake in progress.
func (op *dialOp) pollTLS(t *task) Status {
	if op.tlsConn == nil {
		f := NewFuture[*tls.Conn]()
		op.tlsConn = f
		l := t.loop
		cfg := op.cf.tls
		if cfg.ServerName == "" && op.network != "unix" {
			cfg = cfg.Clone()
			if host, _, err := net.SplitHostPort(op.address); err == nil {
				cfg.ServerName = host
			}
		}
		network, address := op.network, op.address
		bound := op.cf.handshake
		if bound == 0 {
			bound = DefaultHandshakeTimeout
		}
		var ctx context.Context
		var cancel context.CancelFunc
		if bound > 0 {
			ctx, cancel = context.WithTimeout(context.Background(), bound)
		} else {
			ctx, cancel = context.WithCancel(context.Background())
		}
		op.tlsCancel = cancel
		go func() {
			d := &tls.Dialer{Config: cfg}
			nc, err := d.DialContext(ctx, network, address)
			if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				err = fmt.Errorf("%w: TLS connect and handshake with %s not done in %v: %w", ErrTimeout, address, bound, err)
			}
			cancel()
			c, _ := nc.(*tls.Conn)
			if l.CallSoonThreadsafe(func() {
				if f.Done() { // the await was cancelled
					if c != nil {
						c.Close()
					}
					return
				}
				if err != nil {
					f.SetError(err)
				} else {
					f.SetResult(c)
				}
			}) != nil && c != nil {
				c.Close()
			}
		}()
	}
	if st := op.tlsConn.Poll(&t.core); st != Ready {
		t.wait = op // see cancelWait: a connection made in vain is closed
		return st
	}
	c, err := op.tlsConn.Result()
	if err != nil {
		op.finish(nil, err)
	} else {
		cs := c.ConnectionState() // the dial completed the handshake
		op.finish(newTLSStream(t.loop, c, op.cf.limit, &cs), nil)
	}
	return Ready
}
