package asynchttp_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/asyncgen/asyncgen/runtime/asynchttp"
)

// panicBody is a response body whose Read panics.
type panicBody struct{}

func (panicBody) Read([]byte) (int, error) { panic("body read bug") }
func (panicBody) Close() error             { return nil }

// trackedBody is a response body that records its Close in closed.
type trackedBody struct {
	io.Reader
	closed *atomic.Bool
}

func (b trackedBody) Close() error { b.closed.Store(true); return nil }

// respondClosed records, for each path respondRoutes serves with a
// trackedBody, whether the server closed that body.
var respondClosed = map[string]*atomic.Bool{
	"/204": {}, "/304": {}, "/fail": {}, "/status/100": {}, "/200": {},
}

// respondRoutes answers the paths of the tests below.
//
// async
func respondRoutes(r *http.Request) (*http.Response, error) {
	p := r.URL.Path
	tracked := func(status int) *http.Response {
		return &http.Response{StatusCode: status, Header: http.Header{}, Body: trackedBody{strings.NewReader("x"), respondClosed[p]}}
	}
	switch p {
	case "/bodypanic":
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: panicBody{}}, nil
	case "/204":
		return tracked(http.StatusNoContent), nil
	case "/304":
		return tracked(http.StatusNotModified), nil
	case "/fail":
		return tracked(http.StatusOK), errors.New("failed with the body open")
	case "/status/100":
		return tracked(100), nil
	case "/200":
		return tracked(http.StatusOK), nil
	case "/notype":
		resp := asynchttp.Text(http.StatusOK, "<html>hi</html>")
		resp.Header["Content-Type"] = nil
		return resp, nil
	case "/date":
		resp := asynchttp.Text(http.StatusOK, "x")
		resp.Header.Set("Date", "Mon, 02 Jan 2006 15:04:05 GMT")
		return resp, nil
	case "/nodate":
		resp := asynchttp.Text(http.StatusOK, "x")
		resp.Header["Date"] = nil
		return resp, nil
	case "/ctx", "/ctxpanic":
		ctx := r.Context()
		respondContexts <- ctx //asyncvet:ignore blocking -- buffered for the two requests that send
		if p == "/ctxpanic" {
			panic("handler bug")
		}
		return asynchttp.Text(http.StatusOK, fmt.Sprint(ctx.Err())), nil
	}
	return asynchttp.Text(http.StatusNotFound, "not found"), nil
}

// respondContexts receives the contexts of the requests of /ctx and
// /ctxpanic.
var respondContexts = make(chan context.Context, 2)

// getClose is a GET of path that asks for the connection to close after.
func getClose(path string) string {
	return "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
}

// A response body whose Read panics is answered with 500 and the panic is
// logged, as a handler's own panic is and as a body's Read error is; the
// connection's next requests are still answered.
func TestServerResponseBodyPanic(t *testing.T) {
	log, logs := testLogger()
	addr := strings.TrimPrefix(startServer(t, &asynchttp.Server{Handler: respondRoutesAsync, Logger: log}), "http://")
	got := exchange(t, addr, "GET /bodypanic HTTP/1.1\r\nHost: x\r\n\r\n"+getClose("/200"))
	if !strings.HasPrefix(got, "HTTP/1.1 500 ") || strings.Count(got, "HTTP/1.1 ") != 2 || !strings.HasSuffix(got, "\r\n\r\nx") {
		t.Errorf("answers %q, want 500 then the next request's 200", got)
	}
	if !strings.Contains(logs.String(), "body read bug") {
		t.Errorf("the panic is not in the server's log:\n%s", logs)
	}
}

// The handler's response body is closed whether or not it is sent: for a
// status without a body, a failed handler, a refused status.
func TestServerClosesResponseBodies(t *testing.T) {
	log, _ := testLogger()
	addr := strings.TrimPrefix(startServer(t, &asynchttp.Server{Handler: respondRoutesAsync, Logger: log}), "http://")
	for _, p := range []string{"/204", "/304", "/fail", "/status/100", "/200"} {
		got := exchange(t, addr, getClose(p))
		if !respondClosed[p].Load() {
			t.Errorf("%s (answered %.24q): the handler's body was not closed", p, got)
		}
	}
}

// As net/http: a Content-Type set to nil is not sniffed; a Date the
// handler set is sent as it is, and one set to nil is not sent at all.
func TestServerResponseHeadersSuppressed(t *testing.T) {
	addr := strings.TrimPrefix(startServer(t, &asynchttp.Server{Handler: respondRoutesAsync}), "http://")
	if got := exchange(t, addr, getClose("/notype")); !strings.HasPrefix(got, "HTTP/1.1 200") || strings.Contains(got, "Content-Type") {
		t.Errorf("Content-Type set to nil: answered %q, want a 200 without Content-Type", got)
	}
	if got := exchange(t, addr, getClose("/date")); strings.Count(got, "Date: ") != 1 || !strings.Contains(got, "\r\nDate: Mon, 02 Jan 2006 15:04:05 GMT\r\n") {
		t.Errorf("Date set by the handler: answered %q, want that Date only", got)
	}
	if got := exchange(t, addr, getClose("/nodate")); !strings.HasPrefix(got, "HTTP/1.1 200") || strings.Contains(got, "Date:") {
		t.Errorf("Date set to nil: answered %q, want a 200 without Date", got)
	}
}

// As net/http's, a request's context is live while the handler runs and
// cancelled once it has returned, or panicked.
func TestServerCancelsRequestContext(t *testing.T) {
	log, _ := testLogger()
	addr := strings.TrimPrefix(startServer(t, &asynchttp.Server{Handler: respondRoutesAsync, Logger: log}), "http://")
	for _, p := range []string{"/ctx", "/ctxpanic"} {
		got := exchange(t, addr, getClose(p))
		ctx := <-respondContexts
		if p == "/ctx" && !strings.HasSuffix(got, "\r\n\r\n<nil>") {
			t.Errorf("%s: answered %q, want the context live in the handler (<nil>)", p, got)
		}
		if !errors.Is(ctx.Err(), context.Canceled) {
			t.Errorf("%s: after the answer the request's context says %v, want context.Canceled", p, ctx.Err())
		}
	}
}
