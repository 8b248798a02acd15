package drive

import (
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
)

// Serve starts srv on 127.0.0.1 at a free port, sends its URL on url,
// which must have room for it, and serves until the server is closed.
//
// async
func Serve(srv *asynchttp.Server, url chan<- string) error {
	if _, err := runtime.Await(srv.Listen("127.0.0.1:0")); err != nil {
		close(url)
		return err
	}
	url <- srv.URL() //asyncvet:ignore blocking -- url has room: the send does not block
	_, err := runtime.Await(srv.Serve())
	return err
}

// Routes answers by path:
//
//	/hello       200 "hello"
//	/echo        200, the request body, with X-Method and X-Len
//	/panic       panics
//	/fail        returns an error
//	/nil         returns no response
//	/sleep       sleeps 10ms, then 200 "slept"
//	/redirect/N  302 to /redirect/N-1; /redirect/0 is 200 "landed"
//	/head        200 with a 5-byte body
//	/big         200 with a 100 KB body
//	/empty       204
//	/blank       200 with an empty body
//	/length      200 without a body, declaring Content-Length: 100 (for HEAD)
//	/status/N    status N with body "x"
//	/tls         200 "tls VERSION" (Request.TLS's version) or "plain"
//
// Anything else is 404.
//
// async
func Routes(r *http.Request) (*http.Response, error) {
	p := r.URL.Path
	switch {
	case p == "/hello":
		return asynchttp.Text(http.StatusOK, "hello"), nil
	case p == "/echo":
		b, _ := io.ReadAll(r.Body)
		resp := asynchttp.Bytes(http.StatusOK, "application/octet-stream", b)
		resp.Header.Set("X-Method", r.Method)
		resp.Header.Set("X-Len", strconv.Itoa(len(b)))
		if v := r.Trailer.Get("X-T"); v != "" {
			resp.Header.Set("X-Trailer", v)
		}
		return resp, nil
	case p == "/panic":
		panic("handler bug")
	case p == "/fail":
		return nil, errors.New("handler failure")
	case p == "/nil":
		return nil, nil
	case p == "/sleep":
		_, _ = runtime.Await(runtime.Sleep(10 * time.Millisecond))
		return asynchttp.Text(http.StatusOK, "slept"), nil
	case strings.HasPrefix(p, "/redirect/"):
		n, _ := strconv.Atoi(strings.TrimPrefix(p, "/redirect/"))
		if n <= 0 {
			return asynchttp.Text(http.StatusOK, "landed"), nil
		}
		resp := asynchttp.Text(http.StatusFound, "")
		resp.Header.Set("Location", "/redirect/"+strconv.Itoa(n-1))
		return resp, nil
	case p == "/head":
		return asynchttp.Text(http.StatusOK, "12345"), nil
	case p == "/big":
		return asynchttp.Text(http.StatusOK, strings.Repeat("0123456789", 10000)), nil
	case p == "/empty":
		return &http.Response{StatusCode: http.StatusNoContent, Header: http.Header{}}, nil
	case p == "/blank":
		return asynchttp.Text(http.StatusOK, ""), nil
	case p == "/length":
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Length": {"100"}}}, nil
	case strings.HasPrefix(p, "/status/"):
		n, _ := strconv.Atoi(strings.TrimPrefix(p, "/status/"))
		return asynchttp.Text(n, "x"), nil
	case p == "/tls":
		if r.TLS == nil {
			return asynchttp.Text(http.StatusOK, "plain"), nil
		}
		return asynchttp.Text(http.StatusOK, "tls "+tls.VersionName(r.TLS.Version)), nil
	case p == "/bye":
		resp := asynchttp.Text(http.StatusOK, "bye")
		resp.Header.Set("Connection", "close") // as a net/http handler may
		return resp, nil
	}
	return asynchttp.Text(http.StatusNotFound, "not found"), nil
}

// Hello answers every request with 200 "hello", the benchmarks' handler.
//
// async
func Hello(r *http.Request) (*http.Response, error) {
	return asynchttp.Text(http.StatusOK, "hello"), nil
}

// CloseWhileIdle starts a server, gets /hello through a kept-alive
// connection, closes the server, and waits for the server's side of that
// idle connection to end: Serve returns, and the connection reads EOF.
//
// async
func CloseWhileIdle() (string, error) {
	srv := &asynchttp.Server{Handler: RoutesAsync}
	if _, err := runtime.Await(srv.Listen("127.0.0.1:0")); err != nil {
		return "", err
	}
	s, err := runtime.Await(runtime.OpenConnection("tcp", srv.Addr()))
	if err != nil {
		return "", err
	}
	defer s.Close()
	s.WriteString("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
	hdr, err := runtime.Await(s.ReadUntil([]byte("\r\n\r\n")))
	if err != nil {
		return "", err
	}
	if !strings.Contains(string(hdr), "Content-Length: 5\r\n") || strings.Contains(string(hdr), "Connection: close") {
		return "", errors.New("unexpected header section: " + string(hdr))
	}
	b, err := runtime.Await(s.ReadExactly(5))
	if err != nil {
		return "", err
	}
	srv.Close()
	rest, err := runtime.Await(s.ReadAll())
	if err != nil || len(rest) != 0 {
		return "", errors.New("connection not closed cleanly after Server.Close")
	}
	return string(b), nil
}
