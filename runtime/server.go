//go:build linux

package runtime

import (
	"io/fs"
	"net"
	"os"
	"time"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
	"golang.org/x/sys/unix"
)

// Server is a listening socket whose connections each run handler as a task
// of their own (asyncio's Server). It accepts from the moment StartServer
// completes until Close. The zero Server is not usable.
type Server struct {
	loop    *Loop
	pfd     pollFD
	network string
	addr    net.Addr
	handler func(*Stream) Coro[struct{}]
	cf      streamConfig
	unlink  string // Unix socket path to remove at Close
	// the socket file's device and inode at bind: Close removes the file
	// only if it is still this server's, not another's bound there since
	unlinkDev, unlinkIno uint64

	queued  bool // an accept pass is in the ready queue
	closed  bool
	serving waitList
	backoff *Handle
	// failing: an accept failed and none has succeeded since, so the
	// pauses that follow are not logged again
	failing bool
}

// StartServer listens on address (network "tcp", "tcp4", "tcp6" or "unix")
// and starts accepting connections (asyncio's start_server). Each connection
// runs handler(stream) as a new task; when that task ends, the stream is
// closed (after its buffered data is sent). A host name is resolved on the
// executor and the server listens on its first address; port 0 picks a free
// port, which Addr reports. Nothing awaits a handler's task: an error it
// returns, or a panic, is logged as a task error never retrieved (asyncio
// logs an exception of client_connected_cb); handle errors in the handler,
// or return nil, to keep the log quiet.
func StartServer(network, address string, handler func(*Stream) Coro[struct{}], opts ...StreamOption) Awaitable[*Server] {
	return &listenOp{network: network, address: address, handler: handler, cf: newStreamConfig(opts)}
}

type listenOp struct {
	network, address string
	handler          func(*Stream) Coro[struct{}]
	cf               streamConfig
	dial             dialOp // reused for its resolution
	out              *Server
	err              error
	done             bool
}

func (op *listenOp) Poll(w *asyncimpl.Task) Status {
	if op.done {
		return Ready
	}
	l := taskOf(w).loop
	op.done = true
	if op.network == "unix" {
		removeStaleSocket(op.address)
		op.out, op.err = listen(l, op, unix.AF_UNIX, &unix.SockaddrUnix{Name: op.address})
		return Ready
	}
	if err := checkNetwork(op.network, "tcp", true); err != nil {
		op.err = err
		return Ready
	}
	if op.dial.addrs == nil {
		op.dial.network, op.dial.address, op.dial.passive = op.network, op.address, true
		if st := op.dial.resolve(w); st != Ready {
			op.done = false
			return st
		}
		if op.dial.err != nil {
			op.err = op.dial.err
			return Ready
		}
	}
	_, version, _ := inetNetwork(op.network)
	family := 0
	if version == 6 {
		family = unix.AF_INET6
	}
	family, sa := inetSockaddr(op.dial.addrs[0], family)
	op.out, op.err = listen(l, op, family, sa)
	return Ready
}

func (op *listenOp) Result() (*Server, error) { return op.out, op.err }

// removeStaleSocket removes the socket file a server that is gone left at
// path, as asyncio's create_unix_server does; any other file stays, and
// binding then fails.
func removeStaleSocket(path string) {
	if abstractUnix(path) {
		return
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode()&fs.ModeSocket != 0 {
		os.Remove(path)
	}
}

// abstractUnix reports whether a Unix socket address has no file: an
// abstract one ("@name", or a leading NUL) or an unnamed one.
func abstractUnix(path string) bool { return path == "" || path[0] == '@' || path[0] == 0 }

func listen(l *Loop, op *listenOp, family int, sa unix.Sockaddr) (*Server, error) {
	fd, err := socket(family, unix.SOCK_STREAM)
	if err != nil {
		return nil, err
	}
	netw := "tcp"
	if family == unix.AF_UNIX {
		netw = "unix"
	} else {
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
		if family == unix.AF_INET6 {
			_, version, _ := inetNetwork(op.network)
			only := 0
			if version == 6 {
				only = 1
			}
			unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, only)
		}
	}
	fail := func(call string, err error) (*Server, error) {
		unix.Close(fd)
		return nil, &net.OpError{Op: "listen", Net: op.network, Addr: sockaddrToAddr(netw, sa), Err: os.NewSyscallError(call, err)}
	}
	if err := unix.Bind(fd, sa); err != nil {
		return fail("bind", err)
	}
	if err := unix.Listen(fd, listenBacklog()); err != nil {
		return fail("listen", err)
	}
	srv := &Server{loop: l, network: netw, handler: op.handler, cf: op.cf}
	srv.pfd = pollFD{fd: fd, h: srv}
	if netw == "unix" && !abstractUnix(op.address) {
		var st unix.Stat_t
		if unix.Stat(op.address, &st) == nil {
			srv.unlink, srv.unlinkDev, srv.unlinkIno = op.address, uint64(st.Dev), uint64(st.Ino)
		}
	}
	if bound, err := unix.Getsockname(fd); err == nil {
		srv.addr = sockaddrToAddr(netw, bound)
	}
	if err := l.poller.register(&l.inbox, &srv.pfd); err != nil {
		unix.Close(fd)
		return nil, err
	}
	srv.schedule()
	return srv, nil
}

// listenBacklog is the kernel's limit, as Go's net package uses.
func listenBacklog() int {
	b, err := os.ReadFile("/proc/sys/net/core/somaxconn")
	if err != nil {
		return unix.SOMAXCONN
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return max(n, 128)
}

// Addr is the address the server listens on.
func (srv *Server) Addr() net.Addr { return srv.addr }

// ioReady queues an accept pass: as in asyncio, accepting runs as a ready
// callback, not inside the poll.
func (srv *Server) ioReady(ev ioEvents) {
	if ev&evRead != 0 {
		srv.schedule()
	}
}

func (srv *Server) schedule() {
	if !srv.queued && !srv.closed && srv.backoff == nil {
		srv.queued = true
		srv.loop.ready.push(srv)
	}
}

// acceptBatch bounds the connections taken in one pass, so that a flood of
// them does not starve the tasks already running.
const acceptBatch = 128

// run accepts pending connections and spawns their handlers.
func (srv *Server) run() {
	srv.queued = false
	l := srv.loop
	for range acceptBatch {
		if srv.closed || !srv.pfd.readable {
			return
		}
		fd, peer, err := unix.Accept4(srv.pfd.fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		switch err {
		case nil:
		case unix.EAGAIN:
			srv.pfd.readable = false
			return
		case unix.EINTR, unix.ECONNABORTED, unix.EPERM,
			// Errors of the connection being accepted, not of the
			// listener: accept(2) says to retry, as on EAGAIN.
			unix.EPROTO, unix.ENOPROTOOPT, unix.EOPNOTSUPP, unix.ENETDOWN,
			unix.ENETUNREACH, unix.EHOSTDOWN, unix.EHOSTUNREACH, unix.ENONET:
			continue
		default:
			// Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS,
			// ENOMEM), or worse: pause, as asyncio does, rather than spin
			// on a listener that stays readable, then try again: readiness
			// is reported once, so the connections already waiting would
			// otherwise wait for the next one.
			if !srv.failing {
				srv.failing = true
				l.logger.Error("runtime: accept failed; pausing the server, and retrying every 100ms without logging until an accept succeeds",
					"addr", srv.addr, "err", err)
			}
			srv.backoff, _ = l.CallLater(100*time.Millisecond, func() {
				srv.backoff = nil
				srv.schedule()
			})
			return
		}
		if srv.failing {
			srv.failing = false
			l.logger.Info("runtime: accepting again", "addr", srv.addr)
		}
		if srv.network == "tcp" {
			unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
		}
		s, err := srv.newStream(fd, peer)
		if err != nil {
			l.logger.Error("runtime: cannot serve connection", "addr", srv.addr, "err", err)
			continue
		}
		t := SpawnOn(l, srv.handler(s))
		t.addDone(l, s.Close)
	}
	srv.schedule() // more may be waiting
}

func (srv *Server) newStream(fd int, peer unix.Sockaddr) (*Stream, error) {
	if srv.cf.tls != nil {
		return newTLSServerStream(srv.loop, fd, srv.network, srv.cf)
	}
	s, err := newFDStream(srv.loop, fd, srv.network, peer)
	if err != nil {
		return nil, err
	}
	if srv.cf.limit > 0 {
		s.SetLimit(srv.cf.limit)
	}
	return s, nil
}

// Close stops listening (asyncio's Server.close); connections already
// accepted go on. Serve returns. A Unix socket's file is removed.
func (srv *Server) Close() {
	if srv.closed {
		return
	}
	srv.closed = true
	if srv.backoff != nil {
		srv.backoff.Cancel()
		srv.backoff = nil
	}
	srv.loop.poller.release(&srv.pfd)
	if srv.unlink != "" {
		// As Python 3.13's cleanup_socket: only the file this server bound.
		var st unix.Stat_t
		if unix.Stat(srv.unlink, &st) == nil && uint64(st.Dev) == srv.unlinkDev && uint64(st.Ino) == srv.unlinkIno {
			os.Remove(srv.unlink)
		}
	}
	srv.serving.wakeAll()
}

// Serve waits until the server is closed (asyncio's serve_forever).
// Cancelling the await closes the server.
func (srv *Server) Serve() Awaitable[struct{}] { return serveOp{srv} }

type serveOp struct{ srv *Server }

func (op serveOp) Poll(w *asyncimpl.Task) Status {
	if op.srv.closed {
		return Ready
	}
	t := taskOf(w)
	t.waitIn(op, &op.srv.serving)
	return Suspend
}

func (op serveOp) Result() (struct{}, error) { return struct{}{}, nil }

func (op serveOp) cancelWait(t *task) bool {
	op.srv.serving.remove(&t.node)
	op.srv.Close()
	return true
}

func (op serveOp) describe() string { return "serve " + op.srv.addr.String() }
