package asynchttp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// serveConn serves one connection (serveRequests), then closes it: what
// is left to send goes out within WriteTimeout, as net/http's write
// deadline bounds it, or the connection is aborted, so that a client that
// stops reading does not keep it open. The server counts the connection
// until then.
//
// async
func (srv *Server) serveConn(s *runtime.Stream) error {
	defer srv.forget(s)
	_, err := runtime.Await(srv.serveRequestsAsync(s))
	s.Close()
	if _, werr := runtime.Await(timed(orDefault(srv.WriteTimeout, DefaultWriteTimeout), s.WaitClosed())); werr != nil {
		s.Abort()
	}
	return err
}

// serveRequests reads requests from one connection and answers them in
// turn, until the client or the server ends the connection.
//
// async
func (srv *Server) serveRequests(s *runtime.Stream) error {
	s.SetLimit(srv.maxHeader())
	t, _ := runtime.Await(runtime.CurrentTask())
	l, _ := runtime.Await(runtime.RunningLoop())
	st := &connState{task: t, since: l.Now()}
	srv.conns[s] = st
	headerWait := orDefault(srv.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	idleWait := orDefault(srv.IdleTimeout, DefaultIdleTimeout)
	// A connection accepted before Shutdown serves its first request even
	// if Shutdown came before this task first ran (as net/http serves a
	// new connection's first request during Shutdown); the answer then
	// says Connection: close. One accepted before Close is closed
	// unanswered, as net/http's Close closes a new connection.
	if srv.closedNew {
		return nil
	}
	afterPost := false
	for first := true; first || !srv.closed; first = false {
		if !first && s.Buffered() < 4 {
			// Kept alive: the client may stay idle up to IdleTimeout, and
			// the header timeout starts once the next request's first
			// bytes have come (four: net/http peeks as many before it
			// starts it). A request pipelined behind the last one has them
			// already.
			st.waiting, st.idle = true, true
			_, err := runtime.Await(timed(idleWait, s.Fill(4)))
			st.waiting, st.idle = false, false
			if err != nil {
				return nil // an idle timeout, a close or a reset: nothing to answer
			}
		}
		var hdr []byte
		var err error
		for {
			st.waiting = true
			if headerBuffered(s) {
				hdr, err = runtime.Await(readHeader(s)) // at once: no timer to set
			} else {
				hdr, err = runtime.Await(timed(headerWait, readHeader(s)))
			}
			st.waiting = false
			if err != nil || !afterPost {
				break
			}
			// Old clients end a POST's body with a CRLF the body does not
			// count; net/http skips up to four CR or LF bytes after a POST
			// (RFC 9112 2.2), and so does this server. When they were all
			// the read found ("\r\n\r\n" reads as an empty header
			// section), the request is still to come: read again.
			afterPost = false
			if hdr = hdr[leadingCRorLF(hdr):]; len(hdr) > 0 {
				break
			}
		}
		if err != nil {
			var over *runtime.LimitOverrunError
			var inc *runtime.IncompleteReadError
			var rerr error // the answer's: a cancellation while it is sent
			switch {
			case errors.As(err, &over):
				_, rerr = runtime.Await(srv.rejectAsync(s, http.StatusRequestHeaderFieldsTooLarge, "request header section too large"))
			case errors.Is(err, runtime.ErrTimeout) && received(s):
				_, rerr = runtime.Await(srv.rejectAsync(s, http.StatusRequestTimeout, "request header section not received in time"))
			case errors.As(err, &inc) && len(bytes.TrimSpace(inc.Partial)) > 0:
				_, rerr = runtime.Await(srv.rejectAsync(s, http.StatusBadRequest, "connection closed inside the request header section"))
			}
			return rerr // otherwise a clean close, an idle timeout or a reset: nothing to answer
		}
		req, err := parseRequest(hdr)
		if err != nil {
			status := http.StatusBadRequest
			switch {
			case errors.Is(err, errUnsupportedTE):
				status = http.StatusNotImplemented
			case errors.Is(err, errUnsupportedVersion):
				status = http.StatusHTTPVersionNotSupported // as net/http answers
			}
			_, err = runtime.Await(srv.rejectAsync(s, status, err.Error()))
			return err
		}
		afterPost = req.Method == http.MethodPost
		faulty := faultyFraming(hdr, req)
		if ra := s.RemoteAddr(); ra != nil {
			req.RemoteAddr = ra.String()
		}
		req.TLS = s.TLSState() // nil without TLS, as net/http's
		if status, msg := srv.readBodyCheck(req); status != 0 {
			_, err := runtime.Await(srv.rejectAsync(s, status, msg))
			return err
		}
		if req.Body != http.NoBody {
			if status, msg := readBodyError(runtime.Await(srv.readBodyAsync(s, req))); status != 0 {
				_, err := runtime.Await(srv.rejectAsync(s, status, msg))
				return err
			}
		}
		// A client may send its next requests before this one's answer
		// (pipelining): they wait in the stream's buffer and are answered
		// in turn, as net/http answers them.
		resp, herr := runtime.Await(srv.callAsync(req))
		keep := !srv.closed && !req.Close && !faulty && wantsKeepAlive(req) && (resp == nil || !closes(resp))
		if err := writeResponse(s, req, resp, herr, keep); err != nil {
			srv.logger().Error("asynchttp: reading the handler's response body failed", "remote", req.RemoteAddr, "method", req.Method, "uri", req.RequestURI, "err", err)
		}
		if _, err := runtime.Await(timed(orDefault(srv.WriteTimeout, DefaultWriteTimeout), s.Drain())); err != nil {
			s.Abort()
			return nil
		}
		if !keep {
			return nil
		}
		st.served = true
	}
	return nil
}

// timed bounds a by d, unless d is zero.
func timed[T any](d time.Duration, a runtime.Awaitable[T]) runtime.Awaitable[T] {
	if d <= 0 {
		return a
	}
	return runtime.Timeout(d, a)
}

// faultyFraming reports whether a request's framing is one RFC 9112
// section 6.1 makes the server close the connection after: both
// Transfer-Encoding and Content-Length (the body is read as chunked, but a
// front end that took the length would frame the next request otherwise:
// request smuggling), or Transfer-Encoding on HTTP/1.0 (whose body is
// framed by its length). net/http's parser drops the field it ignores, so
// hdr, the raw header section, tells.
func faultyFraming(hdr []byte, req *http.Request) bool {
	if len(req.TransferEncoding) > 0 {
		return hasField(hdr, "Content-Length")
	}
	return !req.ProtoAtLeast(1, 1) && hasField(hdr, "Transfer-Encoding")
}

// wantsKeepAlive is HTTP/1.1's default, or HTTP/1.0's Connection: keep-alive.
func wantsKeepAlive(req *http.Request) bool {
	if req.ProtoAtLeast(1, 1) {
		return true
	}
	return headerHasToken(req.Header["Connection"], "keep-alive")
}

func headerHasToken(vs []string, tok string) bool {
	for _, v := range vs {
		for v != "" {
			var f string
			f, v, _ = strings.Cut(v, ",")
			if strings.EqualFold(strings.TrimSpace(f), tok) {
				return true
			}
		}
	}
	return false
}

// received reports whether a request has begun to arrive on s: bytes are
// buffered, other than the CR and LF an old client may send after a
// POST's body.
func received(s *runtime.Stream) bool { return s.Buffered() > leadingCRorLF(s.Peek(4)) }

// headerBuffered reports whether a whole header section is in s's buffer,
// so that reading it cannot wait.
func headerBuffered(s *runtime.Stream) bool {
	b := s.Peek(s.Buffered())
	return bytes.Contains(b, headerEnds[0]) || bytes.Contains(b, headerEnds[1])
}

// leadingCRorLF counts the CR and LF bytes among the first four of b, as
// net/http's numLeadingCRorLF does.
func leadingCRorLF(b []byte) int {
	n := 0
	for _, c := range b[:min(len(b), 4)] {
		if c != '\r' && c != '\n' {
			break
		}
		n++
	}
	return n
}

// errUnsupportedTE marks a request whose Transfer-Encoding the server does
// not implement (anything but a single "chunked" on HTTP/1.1), which
// net/http answers with 501 Not Implemented rather than 400.
var errUnsupportedTE = errors.New("unsupported transfer encoding")

// errUnsupportedVersion is the error of a request of an HTTP version other
// than 1.x, which net/http answers with 505 HTTP Version Not Supported.
var errUnsupportedVersion = errors.New("unsupported protocol version")

// parseRequest parses a header section with net/http's parser.
func parseRequest(hdr []byte) (*http.Request, error) {
	h := getHeaderReader(hdr)
	req, err := http.ReadRequest(h.br)
	h.put()
	if err != nil {
		// net/http's error for a transfer coding it refuses has a type of
		// its own, unexported; its server answers it with 501. The type's
		// name is all there is to tell it by (TestServerMalformedRequests
		// fails if it changes).
		if fmt.Sprintf("%T", err) == "*http.unsupportedTEError" {
			return nil, fmt.Errorf("%w: %w", errUnsupportedTE, err)
		}
		return nil, fmt.Errorf("malformed request: %w", err)
	}
	if req.ProtoMajor != 1 {
		return nil, fmt.Errorf("%w %q", errUnsupportedVersion, req.Proto)
	}
	for name := range req.Header {
		// textproto takes "Content-Length : 5" as a field named
		// "Content-Length ", which no framing rule then looks at: a
		// request smuggled in the body (net/http answers 400).
		if !validFieldName(name) {
			return nil, fmt.Errorf("invalid header name %q", name)
		}
	}
	host, hasHost := hostField(hdr)
	if !validHost(req.Host) || !validHost(host) {
		return nil, fmt.Errorf("malformed Host header %q", host)
	}
	if req.ProtoMinor >= 1 && !hasHost && req.Method != http.MethodConnect {
		return nil, errors.New("missing required Host header") // an empty one will do, as with net/http
	}
	return req, nil
}

// expectation is the request's first Expect value, as Header.Get gives it,
// looked up by its canonical key without canonicalizing it again on every
// request.
func expectation(req *http.Request) string {
	if vs := req.Header["Expect"]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// readBodyCheck refuses, before reading the body, a request whose
// expectation the server cannot meet (net/http's rule: an Expect field
// whose first value is anything but the 100-continue token gets 417) or
// whose body cannot fit.
func (srv *Server) readBodyCheck(req *http.Request) (int, string) {
	if e := expectation(req); e != "" && !headerHasToken([]string{e}, "100-continue") {
		return http.StatusExpectationFailed, "unsupported expectation"
	}
	if req.ContentLength > srv.maxBody() {
		return http.StatusRequestEntityTooLarge, "request body too large"
	}
	return 0, ""
}

// readBody reads the request's body in full and puts it in req.Body.
//
// async
func (srv *Server) readBody(s *runtime.Stream, req *http.Request) error {
	b := &body{s: s, limit: srv.maxBody()}
	if len(req.TransferEncoding) > 0 {
		b.kind, b.trailer = chunkBody, &req.Trailer
	} else {
		b.kind, b.remaining = lengthBody, req.ContentLength
	}
	// The client may be waiting for leave to send the body: as net/http
	// does on the body's first read, 100 Continue goes out now, once the
	// request has passed readBodyCheck (the body is never read otherwise).
	if expectation(req) != "" && req.ProtoAtLeast(1, 1) { // readBodyCheck let only 100-continue through
		s.WriteString("HTTP/1.1 100 Continue\r\n\r\n")
	}
	data, err := runtime.Await(timed(orDefault(srv.ReadTimeout, DefaultReadTimeout), b.readAll()))
	if err != nil {
		return err
	}
	req.Body = io.NopCloser(bytes.NewReader(data))
	return nil
}

// readBodyError maps a body read's error to the status that answers it.
func readBodyError(_ struct{}, err error) (int, string) {
	switch {
	case err == nil:
		return 0, ""
	case errors.Is(err, ErrBodyTooLarge):
		return http.StatusRequestEntityTooLarge, "request body too large"
	case errors.Is(err, runtime.ErrTimeout):
		return http.StatusRequestTimeout, "request body not received in time"
	case errors.Is(err, ErrMalformedChunk):
		return http.StatusBadRequest, err.Error()
	}
	return http.StatusBadRequest, "request body incomplete: " + err.Error()
}

// errHandlerPanic stands for a handler's panic once it has been logged.
var errHandlerPanic = errors.New("asynchttp: handler panicked")

// call runs the handler. A panic is recovered here, logged and answered
// with 500: one request's bug must not end the connection task's siblings,
// nor the loop. The value is logged, not re-raised: unlike a task awaited
// by someone, a connection has nobody to raise it to.
//
// The request's context is cancelled when the handler returns, panics or
// is cancelled, as net/http cancels it when ServeHTTP returns, so that work
// a handler started with it (through runtime.ToThread, say) stops.
//
// async
func (srv *Server) call(req *http.Request) (resp *http.Response, err error) {
	ctx, cancel := context.WithCancel(req.Context())
	defer cancel()
	req = req.WithContext(ctx)
	defer func() {
		if p := recover(); p != nil {
			srv.logger().Error("asynchttp: panic serving request", "remote", req.RemoteAddr, "method", req.Method, "uri", req.RequestURI, "panic", p)
			resp, err = nil, errHandlerPanic
		}
	}()
	resp, err = runtime.Await(srv.Handler(req))
	if err == nil && resp != nil {
		err = checkResponse(resp)
	}
	if err != nil && !errors.Is(err, errHandlerPanic) && !(srv.closed && errors.Is(err, runtime.ErrCancelled)) {
		srv.logger().Error("asynchttp: handler failed", "remote", req.RemoteAddr, "method", req.Method, "uri", req.RequestURI, "err", err)
	} else if err == nil && resp == nil {
		srv.logger().Error("asynchttp: handler returned no response", "remote", req.RemoteAddr, "method", req.Method, "uri", req.RequestURI)
	}
	// A bare return: "return resp, err" here is generated as a
	// self-assignment of the frame's result fields, which go vet reports.
	return
}

// reject answers a request that cannot be served, then ends the
// connection: its half-read request leaves it unusable. The write side is
// shut first and what the client still sends is read and dropped for a
// moment, so that closing does not reset the connection before the client
// has read the answer.
//
// async
func (srv *Server) reject(s *runtime.Stream, status int, msg string) {
	writeError(s, status, msg)
	if _, err := runtime.Await(timed(orDefault(srv.WriteTimeout, DefaultWriteTimeout), s.Drain())); err != nil {
		s.Abort()
		return
	}
	s.CloseWrite()
	// Its last await: an error, a cancellation too, ends it as returning
	// does.
	_, _ = runtime.Await(runtime.Timeout(lingerTime, lingerAsync(s)))
}

// lingerTime and lingerBytes bound what reject reads after its answer.
const (
	lingerTime  = 500 * time.Millisecond
	lingerBytes = 256 << 10
)

// async
func linger(s *runtime.Stream) {
	buf := make([]byte, 4<<10)
	for n := 0; n < lingerBytes; {
		m, err := runtime.Await(s.Read(buf))
		if err != nil {
			return
		}
		n += m
	}
}
