package asynchttp

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// Client sends HTTP/1.1 requests from the loop. Its zero value is usable:
// [DefaultMaxConnsPerHost] connections per host, no timeout, up to 10
// redirects. A Client may serve several loops (each has its own
// connections); its fields must not change once it is in use.
//
// A request's context is not watched, unlike net/http's: bound a request
// with Timeout, with runtime.WaitFor or runtime.Timeout around the await,
// or by cancelling the task, which releases the connection.
type Client struct {
	// MaxConnsPerHost bounds the connections to one host from one loop;
	// more requests wait in FIFO order. Zero means DefaultMaxConnsPerHost.
	MaxConnsPerHost int

	// IdleConnTimeout is how long a connection may wait in the pool for
	// its next request before it is closed, as http.Transport's. Zero
	// means DefaultIdleConnTimeout; a negative value keeps idle
	// connections until CloseIdleConnections or the loop closes.
	IdleConnTimeout time.Duration

	// Timeout bounds a request from its start to the end of its body,
	// redirects included; zero means none. Past it the await in progress
	// fails with runtime.ErrTimeout.
	Timeout time.Duration

	// CheckRedirect decides whether to follow a redirect, as
	// http.Client.CheckRedirect: via holds the requests made so far, oldest
	// first; an error stops there and is returned (http.ErrUseLastResponse
	// returns the redirect response itself). Nil means up to 10 redirects.
	CheckRedirect func(req *http.Request, via []*http.Request) error

	// TLSConfig is the TLS configuration for https URLs; nil means the
	// default one. ServerName is set from the URL when empty.
	TLSConfig *tls.Config

	// TLSHandshakeTimeout bounds the connect and TLS handshake of an https
	// connection, on the real clock (see runtime.WithHandshakeTimeout):
	// zero means DefaultTLSHandshakeTimeout, negative none. A plain
	// connect is bounded by the kernel's retries (about two minutes on
	// Linux); net/http's dialer adds 30 s.
	TLSHandshakeTimeout time.Duration

	// MaxHeaderBytes bounds a response's status line and headers; zero
	// means DefaultMaxHeaderBytes.
	MaxHeaderBytes int

	// MaxResponseBytes, when positive, bounds a response's body: reading
	// past it fails with ErrBodyTooLarge (at once, for ReadAll of a body
	// whose Content-Length says so).
	MaxResponseBytes int64

	mu    sync.Mutex
	loops map[*runtime.Loop]*loopPools
}

// Defaults of Client and Server.
const (
	DefaultMaxConnsPerHost = 100
	DefaultMaxHeaderBytes  = 64 << 10
	// DefaultIdleConnTimeout is http.DefaultTransport's IdleConnTimeout.
	DefaultIdleConnTimeout = 90 * time.Second
	// DefaultTLSHandshakeTimeout is http.DefaultTransport's
	// TLSHandshakeTimeout.
	DefaultTLSHandshakeTimeout = 10 * time.Second
)

// DefaultClient is the Client of the package-level Get and Do.
var DefaultClient = &Client{}

// Get sends a GET request with DefaultClient.
func Get(url string) runtime.Awaitable[*Response] { return DefaultClient.Get(url) }

// Do sends req with DefaultClient.
func Do(req *http.Request) runtime.Awaitable[*Response] { return DefaultClient.Do(req) }

// Get sends a GET request for url.
func (c *Client) Get(url string) runtime.Awaitable[*Response] {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return failed[*Response](err)
	}
	return c.Do(req)
}

// Do sends req and returns the response once its status line and headers
// have arrived, following redirects as CheckRedirect allows; when it
// refuses one, the redirect response is returned, closed, with its error,
// as net/http's client does. The request's
// body, if any, is read at once and must not block (a bytes.Reader, a
// strings.Reader); its GetBody, set by http.NewRequest for those, lets a
// request be sent again after a redirect or on a fresh connection. As
// with net/http, the response is awaited while the request is being sent:
// a server that answers before it has read the whole body (a 413 to an
// upload too large) has that answer returned, even if it then closes the
// connection and the rest of the body cannot be sent; such a connection is
// not used again. The caller reads the body and closes the response.
func (c *Client) Do(req *http.Request) runtime.Awaitable[*Response] {
	if c.Timeout > 0 {
		return c.doTimeoutAsync(req)
	}
	return c.doAsync(req)
}

// doTimeout is do within the client's Timeout. Its error names the
// request, as net/http's does: a *url.Error whose Timeout() is true (for
// net.Error and os.IsTimeout), wrapping runtime.ErrTimeout.
//
// async
func (c *Client) doTimeout(req *http.Request) (*Response, error) {
	resp, err := runtime.Await(runtime.Timeout(c.Timeout, c.doAsync(req)))
	if err == runtime.ErrTimeout {
		return nil, urlError(req, clientTimeout{})
	}
	return resp, err
}

// clientTimeout is the error of a request past its client's Timeout.
type clientTimeout struct{}

func (clientTimeout) Error() string   { return "runtime: timed out (Client.Timeout exceeded)" }
func (clientTimeout) Timeout() bool   { return true }
func (clientTimeout) Temporary() bool { return true }
func (clientTimeout) Unwrap() error   { return runtime.ErrTimeout }

// CloseIdleConnections closes the connections of the awaiting loop that no
// request is using.
func (c *Client) CloseIdleConnections() runtime.Awaitable[struct{}] { return c.closeIdleAsync() }

// async
func (c *Client) closeIdle() {
	l, _ := runtime.Await(runtime.RunningLoop())
	p := c.pools(l)
	for _, h := range p.hosts {
		h.closeIdle()
	}
}

// Errors of the client.
var (
	// ErrMalformedResponse wraps the errors of a response that is not HTTP/1.x.
	ErrMalformedResponse = errors.New("asynchttp: malformed response")
	// ErrHeaderTooLarge is the error of a header section above the limit.
	ErrHeaderTooLarge = errors.New("asynchttp: header section too large")
	// ErrTooManyRedirects is the error after 10 redirects, with the default CheckRedirect.
	ErrTooManyRedirects = errors.New("asynchttp: stopped after 10 redirects")
)

func (c *Client) maxConns() int {
	if c.MaxConnsPerHost > 0 {
		return c.MaxConnsPerHost
	}
	return DefaultMaxConnsPerHost
}

// idleTimeout is IdleConnTimeout with its default, 0 for none.
func (c *Client) idleTimeout() time.Duration {
	switch {
	case c.IdleConnTimeout > 0:
		return c.IdleConnTimeout
	case c.IdleConnTimeout < 0:
		return 0
	}
	return DefaultIdleConnTimeout
}

func (c *Client) handshakeTimeout() time.Duration {
	if c.TLSHandshakeTimeout == 0 {
		return DefaultTLSHandshakeTimeout
	}
	return c.TLSHandshakeTimeout // negative: none, for runtime.WithHandshakeTimeout too
}

func (c *Client) maxHeader() int {
	if c.MaxHeaderBytes > 0 {
		return c.MaxHeaderBytes
	}
	return DefaultMaxHeaderBytes
}

// do sends req and follows redirects. The round trip itself (a connection,
// the request written, the response's header section read and parsed) is
// written out here rather than awaited as a coroutine of its own: a request
// in flight then holds one frame, not two, and the fields kept across its
// awaits are few: the loop and the host pool are reached through the
// connection once there is one, the response exists only from the end of
// a round trip.
//
// async
func (c *Client) do(req *http.Request) (*Response, error) {
	l, _ := runtime.Await(runtime.RunningLoop())
	var deadline time.Duration
	if c.Timeout > 0 {
		deadline = l.Now() + c.Timeout
	}
	h, err := c.pools(l).host(c, req.URL)
	if err != nil {
		return nil, urlError(req, err)
	}
	first := req
	for {
		// A request refused as it is sent (a header field that would
		// not survive the wire) is refused before it takes a connection.
		if err := validRequest(req); err != nil {
			return nil, urlError(req, err)
		}
		var cn *conn
		var hdr []byte
		for {
			// An idle connection needs no await: the coroutine that dials or
			// waits for one is made only when there is none (and boxed: an
			// interface field is a word shorter than a Coro).
			cn = h.idleConn()
			if cn == nil {
				var get runtime.Awaitable[*conn] = h.getAsync()
				cn, err = runtime.Await(get)
				if err != nil {
					return nil, urlError(req, err)
				}
			}
			cn.s.SetLimit(c.maxHeader())
			if err := writeRequest(cn.s, req); err != nil {
				cn.host.put(cn, true) // writeRequest sends nothing when it fails
				return nil, urlError(req, err)
			}
			// The response is awaited while the stream sends the rest of
			// the request: a server may answer before it has read a body
			// (413 to an upload too large), then close, which fails the
			// write; net/http's client reads while it writes and returns
			// that answer, and so does this one.
			hdr, err = runtime.Await(readHeader(cn.s))
			if err == nil {
				break
			}
			h = cn.host
			h.put(cn, false)
			if cn.reused && nothingRead(err) && replayable(req) && resend(req) {
				// The server closed the idle connection as the request went
				// out: try another, as net/http does, until a fresh one (a
				// dialled connection is not reused, and fails for good).
				continue
			}
			return nil, urlError(req, headerError(err))
		}
		var hr *http.Response
		for total := len(hdr); ; total += len(hdr) {
			if total > c.maxHeader() {
				// The interim responses and the final one share the
				// limit, as in net/http: a server that sends 1xx after
				// 1xx is not waited on for ever.
				cn.host.put(cn, false)
				return nil, urlError(req, fmt.Errorf("asynchttp: server response headers exceeded %d bytes", c.maxHeader()))
			}
			hr, err = parseResponse(hdr, req)
			if err != nil {
				cn.host.put(cn, false)
				return nil, urlError(req, err)
			}
			if hr.StatusCode == http.StatusSwitchingProtocols {
				// The connection speaks another protocol from here on:
				// it carries no other request (net/http hands it over
				// as the body; asynchttp closes it).
				hr.Close = true
				break
			}
			if hr.StatusCode >= 200 || hr.StatusCode < 100 {
				break
			}
			hdr, err = runtime.Await(readHeader(cn.s))
			if err != nil {
				cn.host.put(cn, false)
				return nil, urlError(req, headerError(err))
			}
		}
		// A connection whose request is still being sent when the final
		// response has come (not an interim 1xx, such as the 100 Continue
		// a body waits for) cannot carry another: net/http's rule too. One
		// whose sending failed is refused by the pool.
		sent := cn.s.WriteBuffered() == 0
		resp := c.attach(cn, req, hr, sent)
		resp.deadline = deadline
		if resp.body.inBuffer() {
			// The whole body is in memory already, as a short one usually
			// is: it is read now, without waiting, so that the connection
			// goes back to the pool at once and ReadAll needs no coroutine.
			resp.body.pre = cn.s.ReadExactly(int(resp.body.remaining))
			_, err = runtime.Await(resp.body.pre)
			resp.body.preread(err)
		}
		next, rerr := c.redirect(req, resp, redirectsTo(first, req))
		if rerr != nil {
			if errors.Is(rerr, http.ErrUseLastResponse) {
				return resp, nil
			}
			resp.Close()
			if next != nil {
				// CheckRedirect refused next: as net/http's client
				// does (Go issue 3795), the redirect response comes
				// back, closed, with the error, which names the
				// Location refused.
				return resp, &url.Error{Op: urlOp(req.Method), URL: resp.Header.Get("Location"), Err: rerr}
			}
			return nil, urlError(req, rerr)
		}
		if next == nil {
			return resp, nil
		}
		req = next
		// Boxed, the coroutine shares its frame field with Drain's.
		var drop runtime.Awaitable[struct{}] = resp.discardAsync()
		if _, err := runtime.Await(drop); err != nil {
			return nil, urlError(req, err)
		}
		h, err = c.pools(cn.host.loop).host(c, req.URL)
		if err != nil {
			return nil, urlError(req, err)
		}
	}
}

// urlError is the error of a request that failed, as net/http's client
// reports it.
func urlError(req *http.Request, err error) error {
	return &url.Error{Op: urlOp(req.Method), URL: stripPassword(req.URL), Err: err}
}

// stripPassword is u as net/http's client writes it in an error: a
// password shows as "***", since errors go to logs.
func stripPassword(u *url.URL) string {
	if _, ok := u.User.Password(); ok {
		return strings.Replace(u.String(), u.User.String()+"@", u.User.Username()+":***@", 1)
	}
	return u.String()
}

// target is where a request goes: the pool key and the address to dial.
func (c *Client) target(u *url.URL) (key, addr string, tlsConf *tls.Config, err error) {
	host := u.Hostname()
	if host == "" {
		return "", "", nil, fmt.Errorf("asynchttp: no host in request URL %q", u.String())
	}
	port := u.Port()
	switch u.Scheme {
	case "http":
		if port == "" {
			port = "80"
		}
	case "https":
		if port == "" {
			port = "443"
		}
		if c.TLSConfig != nil {
			tlsConf = c.TLSConfig.Clone()
		} else {
			tlsConf = &tls.Config{}
		}
		if tlsConf.ServerName == "" {
			tlsConf.ServerName = host
		}
	default:
		return "", "", nil, fmt.Errorf("asynchttp: unsupported protocol scheme %q", u.Scheme)
	}
	addr = net.JoinHostPort(host, port)
	return u.Scheme + "://" + addr, addr, tlsConf, nil
}

var requestBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeRequest writes req with net/http's own request writer.
func writeRequest(s *runtime.Stream, req *http.Request) error {
	if u := req.URL.User; u != nil && req.Header.Get("Authorization") == "" {
		// Credentials in the URL go as Basic authorization, as net/http's
		// client sends them, on a copy: the caller's request stays as it was.
		pw, _ := u.Password()
		r := *req
		r.Header = req.Header.Clone()
		if r.Header == nil {
			r.Header = http.Header{}
		}
		r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(u.Username()+":"+pw)))
		req = &r
	}
	buf := requestBufs.Get().(*bytes.Buffer)
	buf.Reset()
	err := req.Write(buf)
	if err == nil {
		s.Write(buf.Bytes())
	}
	if buf.Cap() <= 64<<10 {
		requestBufs.Put(buf)
	}
	return err
}

// resend reports whether a request whose first try failed on a reused
// connection can be sent again on another one.
func resend(req *http.Request) bool {
	if req.Body == nil || req.Body == http.NoBody {
		return true
	}
	if req.GetBody == nil {
		return false
	}
	b, err := req.GetBody()
	if err != nil {
		return false
	}
	req.Body = b
	return true
}

// validRequest refuses a method and header fields that would not survive
// the wire as given, as net/http's client does: a method or a field name
// that is not a token (a method with a space and a line break would send
// a second request, smuggled, whose answer the first would read), a value
// with a line break or another control character but tab.
func validRequest(req *http.Request) error {
	if req.Method != "" && !validFieldName(req.Method) {
		return fmt.Errorf("asynchttp: invalid method %q", req.Method)
	}
	for k, vs := range req.Header {
		if !validFieldName(k) {
			return fmt.Errorf("asynchttp: invalid header field name %q", k)
		}
		for _, v := range vs {
			if strings.ContainsFunc(v, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) {
				return fmt.Errorf("asynchttp: invalid header field value for %q", k)
			}
		}
	}
	return nil
}

// replayable reports whether req may be sent again after it was written
// and no answer came (net/http's rule): a request whose method has no side
// effects, or that carries an idempotency key. A POST the server may have
// acted on is not sent twice.
func replayable(req *http.Request) bool {
	switch req.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	_, key := req.Header["Idempotency-Key"]
	_, xkey := req.Header["X-Idempotency-Key"]
	return key || xkey
}

// nothingRead reports whether a read failed before any byte of a response
// arrived: the sign of a keep-alive connection the server had closed.
func nothingRead(err error) bool {
	var inc *runtime.IncompleteReadError
	if errors.As(err, &inc) {
		return len(inc.Partial) == 0
	}
	return errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || isReset(err)
}

// isReset reports whether err says the peer dropped the connection: it
// reset it, it was gone when a write went out (EPIPE), or the kernel
// aborted it. The errno decides, not the error's type: a stream names the
// connection in a *net.OpError for every failure, a timeout or an
// unreachable host too, and those are no sign of an idle connection the
// server closed. An error that carries no errno and only says so in words
// counts too.
func isReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNABORTED) ||
		strings.Contains(err.Error(), "connection reset") || strings.Contains(err.Error(), "broken pipe")
}

// headerError turns a stream error met while reading a header section into
// the error the caller sees.
func headerError(err error) error {
	var over *runtime.LimitOverrunError
	if errors.As(err, &over) {
		return ErrHeaderTooLarge
	}
	var inc *runtime.IncompleteReadError
	if errors.As(err, &inc) {
		if len(inc.Partial) == 0 {
			return fmt.Errorf("%w: connection closed before any response: %w", ErrMalformedResponse, io.ErrUnexpectedEOF)
		}
		return fmt.Errorf("%w: connection closed inside the header section after %d bytes: %w", ErrMalformedResponse, len(inc.Partial), io.ErrUnexpectedEOF)
	}
	return err
}

// headerReader feeds a header section, read with awaitables, to net/http's
// parser, which wants a bufio.Reader.
type headerReader struct {
	src bytes.Reader
	br  *bufio.Reader
}

var headerReaders = sync.Pool{New: func() any {
	h := new(headerReader)
	h.br = bufio.NewReaderSize(&h.src, 4<<10)
	return h
}}

func getHeaderReader(hdr []byte) *headerReader {
	h := headerReaders.Get().(*headerReader)
	h.src.Reset(hdr)
	h.br.Reset(&h.src)
	return h
}

func (h *headerReader) put() {
	h.src.Reset(nil)
	headerReaders.Put(h)
}

// parseResponse parses a header section with net/http's parser.
func parseResponse(hdr []byte, req *http.Request) (*http.Response, error) {
	h := getHeaderReader(hdr)
	resp, err := http.ReadResponse(h.br, req)
	h.put()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	}
	return resp, nil
}

// attach gives resp its body reader, framed as net/http's parser decided,
// and arranges for the connection to go back to the pool at its end, if
// the request was sent in full (sent) and the framing allows.
func (c *Client) attach(cn *conn, req *http.Request, hr *http.Response, sent bool) *Response {
	hr.TLS = cn.s.TLSState() // nil without TLS, as net/http's
	r := &Response{Response: hr}
	b := &r.body
	b.s = cn.s
	switch {
	case hr.Body == http.NoBody:
		b.kind = noBody
	case len(hr.TransferEncoding) > 0 && hr.TransferEncoding[0] == "chunked":
		b.kind, b.trailer = chunkBody, &hr.Trailer
	case hr.ContentLength >= 0:
		b.kind, b.remaining = lengthBody, hr.ContentLength
	default:
		b.kind = closeBody
	}
	b.limit = c.MaxResponseBytes
	b.conn, b.reusable = cn, sent && !hr.Close && !req.Close && b.kind != closeBody
	hr.Body = unusableBody{}
	if b.kind == noBody {
		b.finish()
	}
	return r
}

// failed is an awaitable that fails at once.
func failed[T any](err error) runtime.Awaitable[T] {
	f := runtime.NewFuture[T]()
	f.SetError(err)
	return f
}
