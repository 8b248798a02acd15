package asynchttp

import (
	"crypto/tls"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// Handler answers one request. It is what FAsync is for an //async
// function F of a request returning a response:
//
//	//async
//	func hello(r *http.Request) (*http.Response, error)
//
// The request's body has been read in full and reads without waiting;
// its TLS field is set on a connection with TLS, as net/http sets it. Its
// context is cancelled once the handler returns, panics or is cancelled
// (as net/http's is when ServeHTTP returns), not when the client goes
// away while the handler runs. The
// response's Body, if any, must likewise read without blocking (Text, Bytes
// and bytes.Reader bodies do): it is copied out as the response is written,
// and closed, sent or not (all but a Text or Bytes body returned as it is,
// which holds nothing to release and is left unread and open, so that one
// such response may answer many requests). The server writes
// Content-Length, Connection and, unless the response has its own (or sets
// it to nil), Date; a Content-Type the response lacks is detected from the
// body, unless it sets it to nil. Trailer is not sent. An error, a nil
// response, or one whose status is not a final one (a StatusCode outside
// 200-999) is answered with 500 and logged; so is a panic, in the handler
// or in its body's Read, which ends only that request.
type Handler func(*http.Request) runtime.Coro[*http.Response]

// Server serves HTTP/1.1 on the loop. Set its fields, then call Listen;
// the zero value (but for Handler) is a server with the defaults below.
type Server struct {
	// Handler answers the requests; required.
	Handler Handler

	// MaxHeaderBytes bounds a request's line and headers (431 beyond it);
	// zero means DefaultMaxHeaderBytes.
	MaxHeaderBytes int
	// MaxBodyBytes bounds a request's body (413 beyond it); zero means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64

	// ReadHeaderTimeout bounds the wait for the first request's header
	// section on a new connection, and for a later one's once its first
	// bytes have come; IdleTimeout the wait for those first bytes on a
	// kept-alive connection, as in net/http; ReadTimeout bounds the reading of a
	// request's body, WriteTimeout the sending of a response. A client too
	// slow for them gets 408 if it had sent part of a request, and the
	// connection is closed. Zero means the defaults below; negative means
	// none.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration

	// TLSConfig, when set, serves HTTPS with it (through runtime.WithTLS).
	TLSConfig *tls.Config

	// Logger receives handler errors and panics; nil means slog.Default().
	Logger *slog.Logger

	ln     *runtime.Server
	closed bool // by Close or Shutdown
	// closedNew is set by Close: a connection accepted before it, whose
	// task had not run yet, is closed when it does.
	closedNew bool
	conns     map[*runtime.Stream]*connState // the open connections
	gone      *runtime.Event                 // made by Shutdown; set when the last connection ends
}

// connState is what the server knows of one of its connections.
type connState struct {
	task    runtime.TaskInfo // the connection's task
	since   time.Duration    // loop time when its task began, just after the accept
	waiting bool             // waiting for a request's header section
	idle    bool             // waiting for the first bytes of a kept-alive connection's next request
	served  bool             // it has answered a request
}

// Server defaults.
const (
	DefaultMaxBodyBytes      = 10 << 20
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 30 * time.Second
	DefaultIdleTimeout       = 120 * time.Second
)

// Listen starts a server on address with handler and the defaults; the
// server runs until closed, whether or not anything awaits Serve.
func Listen(address string, handler Handler) runtime.Awaitable[*Server] {
	srv := &Server{Handler: handler}
	return srv.listenAsync(address)
}

// Serve listens on address and serves with handler until the await is
// cancelled (then the listener is closed; connections in progress finish
// their request).
func Serve(address string, handler Handler) runtime.Awaitable[struct{}] {
	srv := &Server{Handler: handler}
	return srv.listenAndServeAsync(address)
}

// Listen starts srv listening on address ("host:port"; port 0 picks a free
// one, which Addr reports).
func (srv *Server) Listen(address string) runtime.Awaitable[*Server] {
	return srv.listenAsync(address)
}

var errNoHandler = errors.New("asynchttp: Server.Handler is nil")

// async
func (srv *Server) listen(address string) (*Server, error) {
	if srv.Handler == nil {
		return nil, errNoHandler
	}
	var opts []runtime.StreamOption
	if srv.TLSConfig != nil {
		opts = append(opts, runtime.WithTLS(srv.TLSConfig))
	}
	ln, err := runtime.Await(runtime.StartServer("tcp", address, srv.serveConnAsync, opts...))
	if err != nil {
		return nil, err
	}
	srv.ln = ln
	srv.conns = make(map[*runtime.Stream]*connState)
	return srv, nil
}

// async
func (srv *Server) listenAndServe(address string) error {
	if _, err := runtime.Await(srv.listenAsync(address)); err != nil {
		return err
	}
	_, err := runtime.Await(srv.ln.Serve())
	srv.Close()
	return err
}

// Addr is the address the server listens on.
func (srv *Server) Addr() string { return srv.ln.Addr().String() }

// URL is "http://" (or "https://") and Addr, for tests and examples.
func (srv *Server) URL() string {
	if srv.TLSConfig != nil {
		return "https://" + srv.Addr()
	}
	return "http://" + srv.Addr()
}

// Serve waits until the server is closed; cancelling the await closes it.
func (srv *Server) Serve() runtime.Awaitable[struct{}] { return srv.ln.Serve() }

// Close stops accepting connections and closes those waiting for a
// request, new ones among them; the others finish the request in
// progress, answer it with Connection: close, and close. It does not wait for them: Shutdown does.
// (net/http's Close closes every connection at once; cancelling a
// Shutdown does that here.) Call it on the server's loop.
func (srv *Server) Close() {
	if srv.ln == nil {
		return
	}
	srv.stop()
	srv.closedNew = true
	for s, st := range srv.conns {
		if st.waiting {
			s.Close()
		}
	}
}

// stop stops accepting connections; Serve returns.
func (srv *Server) stop() {
	if !srv.closed {
		srv.closed = true
		srv.ln.Close()
	}
}

// shutdownGrace is how long after its accept Shutdown waits for the first
// request of a new connection, as net/http's Server.Shutdown waits for a
// connection in StateNew, before it closes the connection.
const shutdownGrace = 5 * time.Second

// Shutdown shuts the server down gracefully, as net/http's
// Server.Shutdown: it stops accepting connections (Serve returns), closes
// the idle ones (kept alive after a request, nothing of the next one
// received) at once, and waits for the others to end. Each of them
// finishes the request it is serving (or, having begun to receive one
// after an earlier one, receives and serves it), answers it with
// Connection: close, and closes. A new connection, whose first request's
// header section has not all come, is closed five seconds (net/http's
// figure) after it was accepted, at once if that is past.
// The await returns once no connection is left; the ones still open are
// bounded by the server's timeouts, and handlers by nothing but
// themselves.
//
// Bound the wait with runtime.WaitFor or runtime.Timeout (or cancel the
// awaiting task): when the await is cancelled, the connections still open
// are aborted at once, with no answer to the requests in progress, their
// tasks are cancelled (a handler's await returns runtime.ErrCancelled), and
// the await returns the cancellation's error. Shutdown of a server that
// never listened returns at once. Call it on the server's loop.
func (srv *Server) Shutdown() runtime.Awaitable[struct{}] { return srv.shutdownAsync() }

// async
func (srv *Server) shutdown() error {
	if srv.ln == nil {
		return nil
	}
	srv.stop()
	// The tasks of connections accepted in this pass have not run yet:
	// one pass lets them count themselves in.
	if _, err := runtime.Await(runtime.Sleep(0)); err != nil {
		srv.abort()
		return err
	}
	if len(srv.conns) == 0 {
		return nil
	}
	if srv.gone == nil {
		srv.gone = runtime.NewEvent()
	}
	l, _ := runtime.Await(runtime.RunningLoop())
	for {
		wait := runtime.Forever
		if next := srv.closeIdle(l.Now()); next != runtime.Forever {
			wait = next - l.Now()
		}
		_, err := runtime.Await(runtime.Timeout(wait, srv.gone.Wait()))
		switch {
		case err == nil:
			return nil
		case !errors.Is(err, runtime.ErrTimeout):
			srv.abort()
			return err
		}
	}
}

// closeIdle closes, for Shutdown, the connections waiting for a request
// with nothing of it read: at once those kept alive after a request (with
// fewer than the four first bytes that start its header timeout), and new
// ones (their first request not read yet, what net/http calls
// StateNew) once they are shutdownGrace old, even if part of a request has
// come. Their tasks see the stream closed and end. It returns the loop
// time at which the next new connection comes of age, or Forever.
func (srv *Server) closeIdle(now time.Duration) time.Duration {
	next := runtime.Forever
	for s, st := range srv.conns {
		switch {
		case !st.waiting:
		case st.served:
			if st.idle || !received(s) {
				s.Close()
			}
		case now-st.since >= shutdownGrace:
			s.Close()
		default:
			next = min(next, st.since+shutdownGrace)
		}
	}
	return next
}

// abort ends every connection at once: its stream is aborted, unsent data
// dropped, and its task cancelled.
func (srv *Server) abort() {
	for s, st := range srv.conns {
		s.Abort()
		st.task.Cancel()
	}
}

// forget drops a connection that ended, and tells Shutdown when it was
// the last.
func (srv *Server) forget(s *runtime.Stream) {
	delete(srv.conns, s)
	if len(srv.conns) == 0 && srv.gone != nil {
		srv.gone.Set()
	}
}

func (srv *Server) logger() *slog.Logger {
	if srv.Logger != nil {
		return srv.Logger
	}
	return slog.Default()
}

func (srv *Server) maxHeader() int {
	if srv.MaxHeaderBytes > 0 {
		return srv.MaxHeaderBytes
	}
	return DefaultMaxHeaderBytes
}

func (srv *Server) maxBody() int64 {
	if srv.MaxBodyBytes > 0 {
		return srv.MaxBodyBytes
	}
	return DefaultMaxBodyBytes
}

func orDefault(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}
