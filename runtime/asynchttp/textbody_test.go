package asynchttp_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httputil"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
)

// The Body of a Text or Bytes response is an io.Reader like any other: it
// reads the body (in pieces too, as iotest.TestReader checks), then io.EOF,
// and fails once closed, as net/http's bodies do.
func TestTextBodyReads(t *testing.T) {
	const text = "hello world\n"
	for _, tt := range []struct {
		name string
		resp func() *http.Response
		want string
	}{
		{"text", func() *http.Response { return asynchttp.Text(http.StatusOK, text) }, text},
		{"bytes", func() *http.Response { return asynchttp.Bytes(http.StatusOK, "", []byte{0, 1, 2, 3}) }, "\x00\x01\x02\x03"},
		{"empty", func() *http.Response { return asynchttp.Text(http.StatusOK, "") }, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := tt.resp()
			if resp.ContentLength != int64(len(tt.want)) {
				t.Errorf("ContentLength %d, want %d", resp.ContentLength, len(tt.want))
			}
			got, err := io.ReadAll(resp.Body)
			if err != nil || string(got) != tt.want {
				t.Errorf("io.ReadAll(Body) = %q, %v; want %q, nil", got, err, tt.want)
			}
			if err := iotest.TestReader(tt.resp().Body, []byte(tt.want)); err != nil {
				t.Error(err)
			}
			body := tt.resp().Body
			if err := body.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			if n, err := body.Read(make([]byte, 16)); n != 0 || err == nil || err == io.EOF {
				t.Errorf("Read after Close = %d, %v; want 0 and an error other than io.EOF", n, err)
			}
		})
	}
	dump, err := httputil.DumpResponse(asynchttp.Text(http.StatusOK, text), true)
	if err != nil || !bytes.HasSuffix(dump, []byte("\r\n\r\n"+text)) {
		t.Errorf("httputil.DumpResponse = %q, %v; want it to end with the body", dump, err)
	}
}

// countingBody is what a logging middleware wraps a response's body in.
type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// wrappedBytes counts the bytes of the responses logged sends.
var wrappedBytes atomic.Int64

// logged is a middleware that counts the bytes of textHello's body.
//
// async
func logged(r *http.Request) (*http.Response, error) {
	resp, err := runtime.Await(textHelloAsync(r))
	if err != nil {
		return nil, err
	}
	resp.Body = countingBody{resp.Body, &wrappedBytes}
	return resp, nil
}

// async
func textHello(r *http.Request) (*http.Response, error) {
	return asynchttp.Text(http.StatusOK, "hello world\n"), nil
}

// A Text body wrapped by a middleware is sent whole, with its length, on a
// real connection: not an empty 200 with Content-Length: 0.
func TestServerWrappedTextBody(t *testing.T) {
	u := startServer(t, &asynchttp.Server{Handler: loggedAsync})
	for i := range 2 {
		resp, err := http.Get(u + "/")
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Length") != "12" || string(body) != "hello world\n" {
			t.Errorf("request %d: %d, Content-Length %q, body %q, %v; want 200, 12, \"hello world\\n\"",
				i, resp.StatusCode, resp.Header.Get("Content-Length"), body, err)
		}
	}
	if n := wrappedBytes.Load(); n != 24 {
		t.Errorf("the middleware counted %d bytes; want 24 (12 a request)", n)
	}
}

// notFound is one response that answers every request of sharedNotFound.
var notFound = asynchttp.Text(http.StatusNotFound, "no such page\n")

// async
func sharedNotFound(r *http.Request) (*http.Response, error) {
	return notFound, nil
}

// A Text response made once answers many requests whole: the server sends
// its bytes without reading or closing its body.
func TestServerSharedTextResponse(t *testing.T) {
	addr := strings.TrimPrefix(startServer(t, &asynchttp.Server{Handler: sharedNotFoundAsync}), "http://")
	got := exchange(t, addr, strings.Repeat("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 2)+"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	if n := strings.Count(got, "HTTP/1.1 404 Not Found\r\n"); n != 3 || strings.Count(got, "\r\n\r\nno such page\n") != 3 {
		t.Errorf("answers %q; want three 404s with the body", got)
	}
}
