package asynchttp_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
)

func routesServer(t *testing.T) (string, *syncBuffer) {
	log, buf := testLogger()
	return startServer(t, &asynchttp.Server{Handler: drive.RoutesAsync, Logger: log}), buf
}

func TestServerWithNetHTTPClient(t *testing.T) {
	u, logs := routesServer(t)
	c := &http.Client{Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	tests := []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"GET", "/hello", "", 200, "hello"},
		{"POST", "/echo", "some bytes", 200, "some bytes"},
		{"PUT", "/echo", strings.Repeat("x", 100000), 200, strings.Repeat("x", 100000)},
		{"GET", "/big", "", 200, strings.Repeat("0123456789", 10000)},
		{"GET", "/redirect/2", "", 200, "landed"},
		{"GET", "/empty", "", 204, ""},
		{"GET", "/nowhere", "", 404, "not found"},
		{"GET", "/panic", "", 500, "internal server error\n"},
		{"GET", "/fail", "", 500, "internal server error\n"},
		{"GET", "/nil", "", 500, "internal server error\n"},
		{"GET", "/sleep", "", 200, "slept"},
		{"HEAD", "/head", "", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+tt.path, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, u+tt.path, strings.NewReader(tt.body))
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status || string(b) != tt.want {
				t.Errorf("%s %s = %d %.40q, want %d %.40q", tt.method, tt.path, resp.StatusCode, b, tt.status, tt.want)
			}
		})
	}
	for _, want := range []string{"panic serving request", "handler bug", "handler failed", "handler returned no response"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

func TestServerChunkedRequest(t *testing.T) {
	u, _ := routesServer(t)
	pr, pw := io.Pipe()
	go func() {
		for i := range 10 {
			fmt.Fprintf(pw, "chunk%d", i)
		}
		pw.Close()
	}()
	req, _ := http.NewRequest(http.MethodPost, u+"/echo", pr) // unknown length: sent chunked
	req.Trailer = http.Header{"X-T": {"v"}}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if want := "chunk0chunk1chunk2chunk3chunk4chunk5chunk6chunk7chunk8chunk9"; string(b) != want {
		t.Errorf("echo = %q, want %q", b, want)
	}
	if got := resp.Header.Get("X-Trailer"); got != "v" {
		t.Errorf("the handler saw trailer X-T %q, want v", got)
	}
}

func TestServerKeepAlive(t *testing.T) {
	u, _ := routesServer(t)
	c, err := net.Dial("tcp", strings.TrimPrefix(u, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	for i := range 5 {
		fmt.Fprintf(c, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("request %d on one connection: %v", i, err)
		}
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || string(b) != "hello" || resp.Close {
			t.Fatalf("request %d: %d %q close=%v", i, resp.StatusCode, b, resp.Close)
		}
	}
	// HTTP/1.0 without keep-alive, Connection: close, and a handler's
	// Connection: close end the connection.
	for _, req := range []string{"GET /hello HTTP/1.0\r\n\r\n", "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "GET /bye HTTP/1.1\r\nHost: x\r\n\r\n"} {
		got := exchange(t, strings.TrimPrefix(u, "http://"), req)
		if !strings.Contains(got, "Connection: close\r\n") || !strings.HasSuffix(got, "hello") && !strings.HasSuffix(got, "bye") {
			t.Errorf("%q answered %q", req, got)
		}
	}
}

func TestServerMalformedRequests(t *testing.T) {
	log, _ := testLogger()
	srv := &asynchttp.Server{Handler: drive.RoutesAsync, Logger: log, MaxHeaderBytes: 4 << 10, MaxBodyBytes: 1 << 10, ReadHeaderTimeout: 100 * time.Millisecond, ReadTimeout: 100 * time.Millisecond}
	addr := strings.TrimPrefix(startServer(t, srv), "http://")
	tests := []struct {
		name, raw, status string
	}{
		{"garbage", "hello there\r\n\r\n", "400 Bad Request"},
		{"bad-method-line", "GET\r\nHost: x\r\n\r\n", "400 Bad Request"},
		{"bad-version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n", "505 HTTP Version Not Supported"},
		{"http2-version", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", "505 HTTP Version Not Supported"},
		{"malformed-version", "GET / HTTP/1\r\nHost: x\r\n\r\n", "400 Bad Request"},
		{"no-host", "GET / HTTP/1.1\r\n\r\n", "400 Bad Request"},
		{"two-hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "400 Bad Request"},
		{"bad-header", "GET / HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n", "400 Bad Request"},
		// "Content-Length " is no Content-Length: the body would be served
		// as a request of its own.
		{"space-before-colon", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length : 34\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "400 Bad Request"},
		{"bad-host", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", "400 Bad Request"},
		{"bad-host-absolute-form", "GET http://example.com/ HTTP/1.1\r\nHost: a/b\r\n\r\n", "400 Bad Request"},
		{"signed-chunk-size", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n+3\r\nabc\r\n0\r\n\r\n", "400 Bad Request"},
		{"negative-zero-chunk", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-0\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "400 Bad Request"},
		{"trailer-without-colon", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nno colon\r\n\r\n", "400 Bad Request"},
		{"trailer-control-byte", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: a\x01\r\n\r\n", "400 Bad Request"},
		{"trailer-space-before-colon", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T : v\r\n\r\n", "400 Bad Request"},
		{"trailer-folded", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: v\r\n w\r\n\r\n", "400 Bad Request"},
		{"trailer-too-long", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + strings.Repeat("X-T: "+strings.Repeat("a", 1000)+"\r\n", 70) + "\r\n", "400 Bad Request"},
		{"bad-length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", "400 Bad Request"},
		{"bad-chunk", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "400 Bad Request"},
		{"cut-header", "GET / HTTP/1.1\r\nHost: x\r\n", "408 Request Timeout"},
		{"cut-body", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc", "408 Request Timeout"},
		{"header-too-large", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 5<<10) + "\r\n\r\n", "431 Request Header Fields Too Large"},
		{"body-too-large", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" + strings.Repeat("a", 2000), "413 Request Entity Too Large"},
		{"chunked-too-large", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + strings.Repeat("a", 2048) + "\r\n0\r\n\r\n", "413 Request Entity Too Large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := exchange(t, addr, tt.raw)
			if !strings.HasPrefix(got, "HTTP/1.1 "+tt.status+"\r\n") || !strings.Contains(got, "Connection: close\r\n") {
				t.Errorf("answer %.200q, want %s with Connection: close", got, tt.status)
			}
		})
	}
	// An idle connection that sends nothing is closed without an answer.
	if got := exchange(t, addr, ""); got != "" {
		t.Errorf("idle connection answered %q", got)
	}
}

// Requests a client sends before the answers to the earlier ones
// (pipelining) are answered in turn on the same connection, which stays
// open, as net/http's server does.
func TestServerPipelining(t *testing.T) {
	u, _ := routesServer(t)
	c, err := net.Dial("tcp", strings.TrimPrefix(u, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	fmt.Fprint(c, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"+
		"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nping"+
		"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
	for i, want := range []string{"hello", "ping", "hello"} {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || string(b) != want || resp.Close {
			t.Fatalf("answer %d: %d %q close=%v; want 200 %q on a connection kept open", i, resp.StatusCode, b, resp.Close, want)
		}
	}
	// The connection serves the next request as usual.
	fmt.Fprint(c, "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("request after the pipelined ones: %v %v", resp, err)
	}
}

func TestServerExpectContinue(t *testing.T) {
	u, _ := routesServer(t)
	c := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
	defer c.CloseIdleConnections()
	req, _ := http.NewRequest("POST", u+"/echo", strings.NewReader("continued"))
	req.Header.Set("Expect", "100-continue")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if b, _ := io.ReadAll(resp.Body); string(b) != "continued" {
		t.Errorf("echo = %q", b)
	}
}

func TestServerThousandConcurrent(t *testing.T) {
	u, _ := routesServer(t)
	tr := &http.Transport{MaxIdleConnsPerHost: 1000}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for range 1000 {
		wg.Go(func() {
			resp, err := c.Get(u + "/sleep")
			if err != nil {
				errs <- err
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(b) != "slept" {
				errs <- fmt.Errorf("body %q", b)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestOurClientAgainstOurServer(t *testing.T) {
	u, _ := routesServer(t)
	c := &asynchttp.Client{MaxConnsPerHost: 50}
	ok, err := runtime.Run(drive.LoadAsync(c, u+"/hello", 2000, 200))
	if err != nil || ok != 2000 {
		t.Errorf("%d of 2000 requests: %v", ok, err)
	}
}

func TestServerCloseEndsIdleConnections(t *testing.T) {
	got, err := runtime.Run(drive.CloseWhileIdleAsync())
	if err != nil {
		t.Fatal(err)
	}
	if got != "hello" {
		t.Errorf("body %q, want hello", got)
	}
}
