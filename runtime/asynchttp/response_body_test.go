package asynchttp_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/asyncgen/asyncgen/runtime/asynchttp"
)

// async
func brokenBody(r *http.Request) (*http.Response, error) {
	body := io.MultiReader(strings.NewReader("partial"), iotest.ErrReader(errors.New("disk read failed")))
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"X-Kept": {"no"}}, Body: io.NopCloser(body)}, nil
}

// A response body that fails while the server reads it is answered as a
// handler's error is, with 500, and logged: not cut short into a complete,
// empty 200 the client cannot tell from the resource.
func TestServerResponseBodyReadError(t *testing.T) {
	log, logs := testLogger()
	addr := strings.TrimPrefix(startServer(t, &asynchttp.Server{Handler: brokenBodyAsync, Logger: log}), "http://")
	got := exchange(t, addr, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	if !strings.HasPrefix(got, "HTTP/1.1 500 Internal Server Error\r\n") || strings.Contains(got, "partial") || strings.Contains(got, "X-Kept") {
		t.Errorf("answer %q; want a 500 without the handler's headers or partial body", got)
	}
	if l := logs.String(); !strings.Contains(l, "response body failed") || !strings.Contains(l, "disk read failed") {
		t.Errorf("logged %q; want the body's error", l)
	}
}
