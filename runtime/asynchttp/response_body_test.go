package asynchttp_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
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

// async
func emptyReadThenAll(c *asynchttp.Client, url string) (string, error) {
	resp, err := runtime.Await(c.Get(url))
	if err != nil {
		return "", err
	}
	defer resp.Close()
	_, rerr := runtime.Await(resp.Read(nil))
	b, err := runtime.Await(resp.ReadAll())
	if err != nil {
		return "", err
	}
	return string(b), rerr
}

// A read into an empty buffer of a body not yet read is 0, nil, as
// net/http's body gives, also when the body came with the header and was
// read ahead.
func TestClientEmptyReadBeforeBody(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello") }))
	defer ts.Close()
	resp, err := http.Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, theirs := resp.Body.Read(nil)
	resp.Body.Close()
	body, ours := runtime.Run(emptyReadThenAllAsync(&asynchttp.Client{}, ts.URL))
	if ours != nil || theirs != nil || body != "hello" {
		t.Errorf("Read(nil) = %v (net/http's: %v), then the body %q; want nil, and hello", ours, theirs, body)
	}
}

// A body sent a byte a chunk, with an extension on each as long as
// net/http's allowance of 16 bytes a chunk and twice its data takes, is
// read whole, as net/http reads it; padding the chunks with longer
// extensions is refused (TestClientMalformedResponses).
func TestClientChunkOverheadAllowed(t *testing.T) {
	want := strings.Repeat("X", 17000)
	u := rawServer(t, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"+
		strings.Repeat("1;abcdefghijklm\r\nX\r\n", len(want))+"0\r\n\r\n")
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || string(theirs) != want {
		t.Fatalf("net/http's client: %d bytes, %v", len(theirs), err)
	}
	res, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{}, u))
	if err != nil || res.Body != want {
		t.Errorf("asynchttp's client: %d bytes, %v; want %d", len(res.Body), err, len(want))
	}
}
