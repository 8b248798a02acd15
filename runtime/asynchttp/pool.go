package asynchttp

import (
	"crypto/tls"
	"errors"
	"net/url"
	"slices"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// conn is one client connection to a host.
type conn struct {
	s      *runtime.Stream
	host   *hostPool
	reused bool // it carried a request before: a failure may mean the server closed it while idle
	// idleSince is the loop time at which it went idle, while it is.
	idleSince time.Duration
}

// hostPool holds the connections of one loop to one scheme://host:port:
// open counts the connections that exist or are being dialled, and the
// places handed to waiters, idle the connections free, oldest first,
// waiters the requests waiting for one (FIFO). A waiter's future gets a
// connection, or nil: the place of a connection that closed, which it
// dials. Newcomers take a place only below max, so none takes one before
// a waiter.
type hostPool struct {
	loop      *runtime.Loop
	addr      string
	tls       *tls.Config   // nil for plain HTTP
	handshake time.Duration // bounds a TLS connect and handshake
	max       int
	open      int
	idle      []*conn
	waiters   []*runtime.Future[*conn]

	// idleTimeout is how long a connection stays idle before it is
	// closed, 0 for ever; expiry is the callback set for the oldest, and
	// left set when connections are taken (it then finds none to close):
	// setting one for each request would cost it an allocation.
	idleTimeout time.Duration
	expiry      *runtime.Handle
	expire      func() // expireIdle, bound once
}

// loopPools is a client's pools on one loop. Streams belong to the loop
// that made them, so connections are never shared between loops. hosts
// holds each pool under its scheme://host:port; byURL finds it from a
// request URL's scheme and host as written, without building that key
// (and, for https, cloning the TLS configuration) on every request.
type loopPools struct {
	loop  *runtime.Loop
	hosts map[string]*hostPool
	byURL map[urlHost]*hostPool
}

// urlHost is a URL's scheme and host[:port], as parsed.
type urlHost struct{ scheme, host string }

// pools returns the client's pools on loop l, and forgets those of loops
// that were closed (their connections were closed with them).
func (c *Client) pools(l *runtime.Loop) *loopPools {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.loops[l]; p != nil {
		return p
	}
	if c.loops == nil {
		c.loops = make(map[*runtime.Loop]*loopPools)
	}
	for old := range c.loops {
		if old.Closed() {
			delete(c.loops, old)
		}
	}
	p := &loopPools{loop: l, hosts: make(map[string]*hostPool), byURL: make(map[urlHost]*hostPool)}
	c.loops[l] = p
	return p
}

// host returns the pool for the host of URL u.
func (p *loopPools) host(c *Client, u *url.URL) (*hostPool, error) {
	if u == nil {
		return nil, errors.New("asynchttp: nil Request.URL")
	}
	if h := p.byURL[urlHost{u.Scheme, u.Host}]; h != nil {
		return h, nil
	}
	key, addr, tlsConf, err := c.target(u)
	if err != nil {
		return nil, err
	}
	h := p.hosts[key]
	if h == nil {
		h = &hostPool{loop: p.loop, addr: addr, tls: tlsConf, handshake: c.handshakeTimeout(), max: c.maxConns(), idleTimeout: c.idleTimeout()}
		h.expire = h.expireIdle
		p.hosts[key] = h
	}
	p.byURL[urlHost{u.Scheme, u.Host}] = h
	return h, nil
}

// idleConn returns an idle connection, or nil if there is none. One the
// server closed or reset meanwhile, or on which it sent what no request asked for
// (net/http: "Unsolicited response received on idle HTTP channel"), cannot
// carry a request: it is closed and the next one is tried. Looking costs
// no system call unless the poller saw the socket turn readable.
func (h *hostPool) idleConn() *conn {
	for n := len(h.idle); n > 0; n = len(h.idle) {
		cn := h.idle[n-1]
		h.idle[n-1] = nil
		h.idle = h.idle[:n-1]
		if cn.s.AtEOF() || cn.s.Buffered() > 0 || cn.s.Closed() || sendFailed(cn.s) {
			h.discard(cn)
			continue
		}
		cn.reused = true
		return cn
	}
	return nil
}

// discard closes a connection of the pool, which frees its place.
func (h *hostPool) discard(cn *conn) {
	cn.s.Close()
	h.release()
}

// release frees the place of a connection that closed, or was never
// made: the first waiter takes it over, and dials, or the pool counts one
// fewer.
func (h *hostPool) release() {
	if f := h.nextWaiter(); f != nil {
		f.SetResult(nil)
		return
	}
	h.open--
}

// get returns an idle connection, dials a new one within the limit, or
// waits its turn for a connection or for the place of one that closed,
// which it dials.
//
// async
func (h *hostPool) get() (*conn, error) {
	if cn := h.idleConn(); cn != nil {
		return cn, nil
	}
	if h.open < h.max {
		h.open++
	} else {
		f := runtime.NewFuture[*conn]()
		h.waiters = append(h.waiters, f)
		cn, err := runtime.Await(f)
		if err != nil {
			h.dropWaiter(f)
			return nil, err
		}
		if cn != nil {
			cn.reused = true
			return cn, nil
		}
	}
	var s *runtime.Stream
	var err error
	if h.tls != nil {
		s, err = runtime.Await(runtime.OpenConnection("tcp", h.addr, runtime.WithTLS(h.tls), runtime.WithHandshakeTimeout(h.handshake)))
	} else {
		s, err = runtime.Await(runtime.OpenConnection("tcp", h.addr))
	}
	if err != nil {
		h.release()
		return nil, err
	}
	return &conn{s: s, host: h}, nil
}

// dropWaiter removes a waiter that gave up; what it was handed, a
// connection or a place, goes to the next one.
func (h *hostPool) dropWaiter(f *runtime.Future[*conn]) {
	for i, w := range h.waiters {
		if w == f {
			h.waiters = append(h.waiters[:i], h.waiters[i+1:]...)
			break
		}
	}
	if f.Done() && !f.Cancelled() {
		if cn, err := f.Result(); err == nil {
			if cn != nil {
				h.put(cn, true)
			} else {
				h.release()
			}
		}
	}
}

// nextWaiter pops the first waiter still waiting.
func (h *hostPool) nextWaiter() *runtime.Future[*conn] {
	for len(h.waiters) > 0 {
		f := h.waiters[0]
		h.waiters[0] = nil
		h.waiters = h.waiters[1:]
		if !f.Done() {
			return f
		}
	}
	return nil
}

// put gives a connection back after a response: to the first waiter, to
// the idle list, or, when it cannot carry another request, closed. A
// request still being sent (the server answered before reading all of
// it) is dropped: it would only keep the connection open. A connection
// whose sending failed is not kept either.
func (h *hostPool) put(cn *conn, reusable bool) {
	// Bytes past the response (a body on a 204, more than its
	// Content-Length) would be read as the next request's response.
	unsolicited := cn.s.Buffered() > 0
	if pending := cn.s.WriteBuffered() > 0; !reusable || pending || unsolicited || cn.s.Closed() || sendFailed(cn.s) {
		if pending {
			cn.s.Abort()
			h.release()
		} else {
			h.discard(cn)
		}
		return
	}
	if f := h.nextWaiter(); f != nil {
		f.SetResult(cn)
		return
	}
	cn.idleSince = h.loop.Now()
	h.idle = append(h.idle, cn)
	h.armExpiry()
}

// armExpiry sets the callback that closes the oldest idle connection when
// its time is up, unless one is set or idle connections stay for ever.
func (h *hostPool) armExpiry() {
	if h.idleTimeout <= 0 || h.expiry != nil || len(h.idle) == 0 {
		return
	}
	if at := h.expires(h.idle[0]); at != runtime.Forever {
		h.expiry, _ = h.loop.CallAt(at, h.expire)
	}
}

// expires is the loop time at which the idle connection cn is closed,
// Forever past the clock's range.
func (h *hostPool) expires(cn *conn) time.Duration {
	if cn.idleSince > runtime.Forever-h.idleTimeout {
		return runtime.Forever
	}
	return cn.idleSince + h.idleTimeout
}

// expireIdle closes the connections idle for idleTimeout or longer, and
// sets the callback again for the oldest one left.
func (h *hostPool) expireIdle() {
	h.expiry = nil
	now := h.loop.Now()
	n := 0
	for n < len(h.idle) && h.expires(h.idle[n]) <= now {
		n++
	}
	for _, cn := range h.idle[:n] {
		h.discard(cn) // no waiters while connections are idle: h.idle stays
	}
	h.idle = slices.Delete(h.idle, 0, n)
	h.armExpiry()
}

// sendFailed reports whether sending on s failed (or s met a read error
// other than the end of the stream), for a stream with nothing left to
// send. Drain says so; with nothing buffered it is complete at once, so
// its result is read without awaiting it.
func sendFailed(s *runtime.Stream) bool {
	_, err := s.Drain().Result()
	return err != nil
}

// closeIdle closes the idle connections.
func (h *hostPool) closeIdle() {
	if h.expiry != nil {
		h.expiry.Cancel()
		h.expiry = nil
	}
	idle := h.idle
	h.idle = nil
	for _, cn := range idle {
		h.discard(cn)
	}
}
