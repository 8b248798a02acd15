package asynchttp_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
	"github.com/google/go-cmp/cmp"
)

// upstream is a net/http server with the routes the client tests use.
func upstream(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var conns atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Proto", r.Proto)
		io.WriteString(w, "hello")
	})
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := range 5 {
			fmt.Fprintf(w, "part%d;", i)
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		io.WriteString(w, strings.Repeat("0123456789", 10000))
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %d %s", r.Method, len(b), b)
	})
	mux.HandleFunc("/redirect/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/redirect/"), "%d", &n)
		if n <= 0 {
			fmt.Fprintf(w, "landed %s", r.Method)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/redirect/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/307", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/echo", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/close", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		io.WriteString(w, "closing")
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

func TestClientAgainstNetHTTP(t *testing.T) {
	srv, _ := upstream(t)
	post := func(method, path, body string) *http.Request {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	tests := []struct {
		name string
		run  runtime.Coro[drive.Result]
		want drive.Result
	}{
		{"content-length", drive.FetchAsync(&asynchttp.Client{}, srv.URL+"/hello"), drive.Result{Status: 200, Body: "hello"}},
		{"chunked", drive.FetchAsync(&asynchttp.Client{}, srv.URL+"/chunked"), drive.Result{Status: 200, Body: "part0;part1;part2;part3;part4;"}},
		{"chunked-read", drive.FetchReadAsync(&asynchttp.Client{}, srv.URL+"/chunked", 3), drive.Result{Status: 200, Body: "part0;part1;part2;part3;part4;"}},
		{"big-read", drive.FetchReadAsync(&asynchttp.Client{}, srv.URL+"/big", 1000), drive.Result{Status: 200, Body: strings.Repeat("0123456789", 10000)}},
		{"big", drive.FetchAsync(&asynchttp.Client{}, srv.URL+"/big"), drive.Result{Status: 200, Body: strings.Repeat("0123456789", 10000)}},
		{"no-content", drive.FetchAsync(&asynchttp.Client{}, srv.URL+"/empty"), drive.Result{Status: 204}},
		{"not-found", drive.FetchAsync(&asynchttp.Client{}, srv.URL+"/nowhere"), drive.Result{Status: 404, Body: "404 page not found\n"}},
		{"post", drive.SendAsync(&asynchttp.Client{}, post("POST", "/echo", "payload")), drive.Result{Status: 200, Body: "POST 7 payload"}},
		{"redirects", drive.FetchAsync(&asynchttp.Client{}, srv.URL+"/redirect/3"), drive.Result{Status: 200, Body: "landed GET"}},
		{"post-302-becomes-get", drive.SendAsync(&asynchttp.Client{}, post("POST", "/redirect/1", "x")), drive.Result{Status: 200, Body: "landed GET"}},
		{"post-307-keeps-body", drive.SendAsync(&asynchttp.Client{}, post("POST", "/307", "again")), drive.Result{Status: 200, Body: "POST 5 again"}},
		{"server-closes", drive.FetchAsync(&asynchttp.Client{}, srv.URL+"/close"), drive.Result{Status: 200, Body: "closing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runtime.Run(tt.run)
			if err != nil {
				t.Fatal(err)
			}
			got.Header = nil
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestClientHead(t *testing.T) {
	srv, _ := upstream(t)
	req, _ := http.NewRequest(http.MethodHead, srv.URL+"/big", nil)
	c := &asynchttp.Client{}
	// Twice on one loop: the first HEAD must leave the connection usable.
	got, err := runtime.Run(drive.SendAllAsync(c, []*http.Request{req, req.Clone(context.Background())}))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if r.Status != 200 || r.Body != "" || r.Header.Get("Content-Length") != "100000" {
			t.Errorf("HEAD = %d %q, Content-Length %q; want 200, empty body, 100000", r.Status, r.Body, r.Header.Get("Content-Length"))
		}
	}
}

func TestClientKeepAlive(t *testing.T) {
	srv, conns := upstream(t)
	urls := make([]string, 20)
	for i := range urls {
		urls[i] = srv.URL + []string{"/hello", "/chunked", "/big", "/empty"}[i%4]
	}
	res, err := runtime.Run(drive.FetchSeqAsync(&asynchttp.Client{}, urls))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 20 {
		t.Fatalf("got %d results, want 20", len(res))
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("20 sequential requests used %d connections, want 1", n)
	}
}

func TestClientConnLimit(t *testing.T) {
	srv, conns := upstream(t)
	urls := make([]string, 50)
	for i := range urls {
		urls[i] = srv.URL + "/hello"
	}
	res, err := runtime.Run(drive.FetchAllAsync(&asynchttp.Client{MaxConnsPerHost: 3}, urls))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Body != "hello" {
			t.Fatalf("body %q, want hello", r.Body)
		}
	}
	if n := conns.Load(); n > 3 {
		t.Errorf("50 concurrent requests with MaxConnsPerHost 3 opened %d connections", n)
	}
}

func TestClientRetriesClosedIdleConnection(t *testing.T) {
	srv, conns := upstream(t)
	c := &asynchttp.Client{}
	// The server drops the idle connection between the two requests; the
	// second request notices on the reused connection and tries a new one.
	_, err := runtime.Run(drive.FetchThenAsync(c, srv.URL+"/hello", func() { srv.CloseClientConnections() }, srv.URL+"/hello"))
	if err != nil {
		t.Fatal(err)
	}
	if n := conns.Load(); n != 2 {
		t.Errorf("used %d connections, want 2", n)
	}
}

func TestClientTooManyRedirects(t *testing.T) {
	srv, _ := upstream(t)
	_, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{}, srv.URL+"/redirect/20"))
	if !errors.Is(err, asynchttp.ErrTooManyRedirects) {
		t.Errorf("err = %v, want ErrTooManyRedirects", err)
	}
	c := &asynchttp.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	got, err := runtime.Run(drive.FetchAsync(c, srv.URL+"/redirect/2"))
	if err != nil || got.Status != http.StatusFound {
		t.Errorf("with ErrUseLastResponse: %d, %v; want 302", got.Status, err)
	}
}

func TestClientRedirectVia(t *testing.T) {
	srv, _ := upstream(t)
	var seen [][]string
	c := &asynchttp.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		var paths []string
		for _, r := range via {
			paths = append(paths, r.URL.Path)
		}
		seen = append(seen, paths)
		if req.Response == nil || req.Response.StatusCode != http.StatusFound || req.Response.Request != via[len(via)-1] {
			t.Errorf("request for %s: Response does not hold the redirect from %s", req.URL.Path, via[len(via)-1].URL.Path)
		}
		return nil
	}}
	// The first request comes from an earlier redirect, as a response's
	// Request may: what led to it is not part of this chain.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/redirect/2", nil)
	req.Response = &http.Response{StatusCode: http.StatusFound, Request: httptest.NewRequest(http.MethodGet, "/elsewhere", nil)}
	got, err := runtime.Run(drive.SendAsync(c, req))
	if err != nil || got.Body != "landed GET" {
		t.Fatalf("got %q, %v; want landed GET", got.Body, err)
	}
	want := [][]string{{"/redirect/2"}, {"/redirect/2", "/redirect/1"}}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("via (-want +got):\n%s", diff)
	}
}

func TestClientReadsShortBodyInPieces(t *testing.T) {
	srv, conns := upstream(t)
	c := &asynchttp.Client{}
	// A short body comes with its header section; read a few bytes at a
	// time, all of it arrives, and the connection serves the next request.
	got, err := runtime.Run(drive.FetchSeqReadAsync(c, []string{srv.URL + "/hello", srv.URL + "/close", srv.URL + "/hello"}, 2))
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, r := range got {
		bodies = append(bodies, r.Body)
	}
	if diff := cmp.Diff([]string{"hello", "closing", "hello"}, bodies); diff != "" {
		t.Errorf("bodies (-want +got):\n%s", diff)
	}
	if n := conns.Load(); n != 2 {
		t.Errorf("used %d connections, want 2 (one closed by the server)", n)
	}
}

func TestClientTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)
	_, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{Timeout: 50 * time.Millisecond}, srv.URL))
	if !errors.Is(err, runtime.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want runtime.ErrTimeout", err)
	}
	// The Timeout covers the body too: here the headers come at once and
	// the body never ends.
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done(): // the client gave up and closed the connection
		}
	}))
	defer stall.Close()
	_, err = runtime.Run(drive.FetchAsync(&asynchttp.Client{Timeout: 50 * time.Millisecond}, stall.URL))
	if !errors.Is(err, runtime.ErrTimeout) {
		t.Errorf("body: err = %v, want runtime.ErrTimeout", err)
	}
	// WaitFor around a request works the same way.
	_, err = runtime.Run(drive.FetchWithinAsync(&asynchttp.Client{}, srv.URL, 50*time.Millisecond))
	if !errors.Is(err, runtime.ErrTimeout) {
		t.Errorf("WaitFor: err = %v, want runtime.ErrTimeout", err)
	}
}

func TestClientMalformedResponses(t *testing.T) {
	tests := []struct {
		name  string
		reply string
		want  error
		text  string
	}{
		{"not-http", "SSH-2.0-OpenSSH\r\n\r\n", asynchttp.ErrMalformedResponse, "malformed HTTP response"},
		{"bad-status", "HTTP/1.1 abc OK\r\n\r\n", asynchttp.ErrMalformedResponse, "malformed HTTP status code"},
		{"bad-header", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", asynchttp.ErrMalformedResponse, "malformed MIME header"},
		{"bad-length", "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", asynchttp.ErrMalformedResponse, "Content-Length"},
		{"two-lengths", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", asynchttp.ErrMalformedResponse, "Content-Length"},
		{"closed-at-once", "", asynchttp.ErrMalformedResponse, "connection closed before any response"},
		{"cut-header", "HTTP/1.1 200 OK\r\nContent-", asynchttp.ErrMalformedResponse, "inside the header section"},
		{"short-body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", io.ErrUnexpectedEOF, ""},
		{"bad-chunk-size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", asynchttp.ErrMalformedChunk, "bad chunk size"},
		{"chunk-no-crlf", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", asynchttp.ErrMalformedChunk, "CRLF"},
		{"chunk-ext-bare-lf", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext\nabc\r\n0\r\n\r\n", asynchttp.ErrMalformedChunk, "bare LF"},
		{"chunk-padding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + strings.Repeat("1;"+strings.Repeat("x", 1000)+"\r\nX\r\n", 20) + "0\r\n\r\n", asynchttp.ErrMalformedChunk, "too much non-data"},
		{"chunk-ext-cr", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;a=\rb\r\nabc\r\n0\r\n\r\n", asynchttp.ErrMalformedChunk, "CR inside"},
		{"cut-chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", io.ErrUnexpectedEOF, ""},
		{"header-too-large", "HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("a", 70<<10) + "\r\n\r\n", asynchttp.ErrHeaderTooLarge, ""},
		{"signed-chunk-size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n", asynchttp.ErrMalformedChunk, "bad chunk size"},
		{"negative-zero-chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-0\r\n\r\n", asynchttp.ErrMalformedChunk, "bad chunk size"},
		{"trailer-too-long", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + strings.Repeat("X-T: "+strings.Repeat("a", 1000)+"\r\n", 70) + "\r\n", asynchttp.ErrMalformedChunk, "trailer section over"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := rawServer(t, tt.reply)
			_, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{}, u))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("err = %q, want it to mention %q", err, tt.text)
			}
		})
	}
}

func TestClientBadURLs(t *testing.T) {
	for _, u := range []string{"ftp://127.0.0.1/x", "http:///nohost", "http://127.0.0.1:1/"} {
		if _, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{}, u)); err == nil {
			t.Errorf("Get(%q) succeeded", u)
		}
	}
}

func TestClientThousandConcurrent(t *testing.T) {
	srv, _ := upstream(t)
	srv.Config.SetKeepAlivesEnabled(true)
	ok, err := runtime.Run(drive.LoadAsync(&asynchttp.Client{MaxConnsPerHost: 1000}, srv.URL+"/hello", 1000, 1000))
	if err != nil {
		t.Fatal(err)
	}
	if ok != 1000 {
		t.Errorf("%d of 1000 requests succeeded", ok)
	}
}

func TestClientUnusualButValidResponses(t *testing.T) {
	tests := []struct {
		name, reply, want string
	}{
		{"read-until-close", "HTTP/1.0 200 OK\r\n\r\nuntil the end", "until the end"},
		{"chunk-extensions-and-trailers", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n1\r\n!\r\n0\r\nX-Trailer: t\r\n\r\n", "hello!"},
		{"interim-100", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "ok"},
		{"uppercase-chunk-size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n", "0123456789"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := rawServer(t, tt.reply)
			for _, read := range []func() runtime.Coro[drive.Result]{
				func() runtime.Coro[drive.Result] { return drive.FetchAsync(&asynchttp.Client{}, u) },
				func() runtime.Coro[drive.Result] { return drive.FetchReadAsync(&asynchttp.Client{}, u, 4) },
			} {
				got, err := runtime.Run(read())
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != 200 || got.Body != tt.want {
					t.Errorf("got %d %q, want 200 %q", got.Status, got.Body, tt.want)
				}
			}
		})
	}
}

func TestClientMaxResponseBytes(t *testing.T) {
	srv, _ := upstream(t)
	// /hello's five bytes come with its header section: they are over a
	// limit of three all the same.
	for _, tt := range []struct {
		path  string
		limit int64
	}{{"/big", 10}, {"/chunked", 10}, {"/hello", 3}} {
		path, c := tt.path, &asynchttp.Client{MaxResponseBytes: tt.limit}
		if _, err := runtime.Run(drive.FetchAsync(c, srv.URL+path)); !errors.Is(err, asynchttp.ErrBodyTooLarge) {
			t.Errorf("ReadAll of %s: err = %v, want ErrBodyTooLarge", path, err)
		}
		if _, err := runtime.Run(drive.FetchReadAsync(c, srv.URL+path, 4)); !errors.Is(err, asynchttp.ErrBodyTooLarge) {
			t.Errorf("Read of %s: err = %v, want ErrBodyTooLarge", path, err)
		}
	}
}

func TestClientCancelledPoolWait(t *testing.T) {
	srv, conns := upstream(t)
	srv.Config.Handler.(*http.ServeMux).HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(100 * time.Millisecond)
		io.WriteString(w, "slow")
	})
	c := &asynchttp.Client{MaxConnsPerHost: 1}
	got, err := runtime.Run(drive.CancelWaiterAsync(c, srv.URL+"/slow", srv.URL+"/hello", 10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if got.Body != "hello" {
		t.Errorf("body %q, want hello", got.Body)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("used %d connections, want 1", n)
	}
}

// A Timeout that passes while the client reads the body of a redirect ends
// the request, as net/http's Client.Timeout does; it is not lost on the
// way to the next hop.
func TestClientTimeoutDuringRedirect(t *testing.T) {
	stall := make(chan struct{})
	defer close(stall)
	url, _ := scriptedServer(t, func(n int, c net.Conn) {
		c.Read(make([]byte, 4096))
		if n == 0 {
			io.WriteString(c, "HTTP/1.1 302 Found\r\nLocation: /b\r\nContent-Length: 100\r\n\r\n0123456789")
			<-stall
			return
		}
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") // the hop the timeout must prevent
	})
	got, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{Timeout: 50 * time.Millisecond}, url+"/a"))
	if !errors.Is(err, runtime.ErrTimeout) {
		t.Errorf("got %d %q, %v; want runtime.ErrTimeout", got.Status, got.Body, err)
	}
}

// A POST the server read and then dropped without an answer is not sent
// again on a new connection, as net/http's client does not resend what is
// not replayable; a GET is.
func TestClientDoesNotResendPost(t *testing.T) {
	var posts atomic.Int64
	url, _ := scriptedServer(t, func(n int, c net.Conn) {
		buf := make([]byte, 4096)
		for {
			k, err := c.Read(buf)
			if err != nil {
				return
			}
			if strings.HasPrefix(string(buf[:k]), "POST") {
				posts.Add(1)
				return // read, acted on, and dropped without an answer
			}
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		}
	})
	first, _ := http.NewRequest(http.MethodGet, url+"/1", nil)
	post, _ := http.NewRequest(http.MethodPost, url+"/2", strings.NewReader("pay=1"))
	_, err := runtime.Run(drive.SendAllAsync(&asynchttp.Client{}, []*http.Request{first, post}))
	if err == nil || posts.Load() != 1 {
		t.Errorf("err = %v, the server saw %d POSTs; want an error and 1 POST", err, posts.Load())
	}
}

// Redirects treat the sensitive headers and the Referer as net/http does:
// a port is not another host, credentials in the URL are sent as Basic
// authorization but never as a referer, and a caller's own Referer stays.
func TestClientRedirectHeaders(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pw, _ := r.BasicAuth()
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, fmt.Sprintf("%s auth=%s:%s cookie2=%q referer=%q", r.URL.Path, user, pw, r.Header.Get("Cookie2"), r.Header.Get("Referer")))
		if r.URL.Path == "/from" {
			http.Redirect(w, r, "/to", http.StatusFound)
		}
	}))
	defer other.Close()
	u := strings.Replace(other.URL, "http://", "http://bob:secret@", 1) + "/from"
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Cookie2", "c=1")
	if _, err := runtime.Run(drive.SendAsync(&asynchttp.Client{}, req)); err != nil {
		t.Fatal(err)
	}
	own, _ := http.NewRequest(http.MethodGet, other.URL+"/from", nil)
	own.Header.Set("Referer", "https://example.com/mine")
	if _, err := runtime.Run(drive.SendAsync(&asynchttp.Client{}, own)); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`/from auth=bob:secret cookie2="c=1" referer=""`,
		// The same host: the headers stay; the referer has no credentials.
		`/to auth=bob:secret cookie2="c=1" referer="` + other.URL + `/from"`,
		`/from auth=: cookie2="" referer="https://example.com/mine"`,
		`/to auth=: cookie2="" referer="https://example.com/mine"`,
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("requests the server saw (-want +got):\n%s", diff)
	}
	if req.Header.Get("Authorization") != "" {
		t.Error("the caller's request was changed")
	}
}

// A body cut short keeps what arrived: ReadAll returns it with
// io.ErrUnexpectedEOF, as io.ReadAll of a net/http body does.
func TestClientTruncatedBody(t *testing.T) {
	for _, tt := range []struct{ reply, want string }{
		{"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345", "12345"},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\nab", "helloab"},
	} {
		url, _ := scriptedServer(t, func(_ int, c net.Conn) {
			c.Read(make([]byte, 4096))
			io.WriteString(c, tt.reply)
		})
		got, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{}, url))
		if got.Body != tt.want || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%q: body %q, %v; want %q, io.ErrUnexpectedEOF", tt.reply, got.Body, err, tt.want)
		}
	}
}

// A header value with a line break is refused, as net/http's client
// refuses it, rather than sent mangled.
func TestClientRefusesBadHeaders(t *testing.T) {
	srv, _ := upstream(t)
	for _, h := range []http.Header{{"X-A": {"a\r\nX-Injected: 1"}}, {"Bad Name": {"v"}}} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/hello", nil)
		req.Header = h
		_, err := runtime.Run(drive.SendAsync(&asynchttp.Client{}, req))
		if err == nil || !strings.Contains(err.Error(), "invalid header field") {
			t.Errorf("%v: err = %v, want an invalid header field error", h, err)
		}
	}
}

// A chunked body's trailer fields reach Response.Trailer once the body is
// read, as with net/http.
func TestClientTrailers(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Trailer", "X-Sum")
		io.WriteString(w, "hello")
		w.(http.Flusher).Flush()
		w.Header().Set("X-Sum", "42")
	}))
	defer srv.Close()
	got, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{}, srv.URL))
	if err != nil || got.Body != "hello" || got.Trailer.Get("X-Sum") != "42" {
		t.Errorf("got %q, trailer %v, %v; want hello, X-Sum: 42", got.Body, got.Trailer, err)
	}
}

// Across hosts, sensitive headers follow a redirect only to the same host
// name or a subdomain of it, whatever the port, as net/http's client has
// them: another port of 127.0.0.1 keeps them, localhost drops them. Keys
// set in the map by hand, not in canonical form, are dropped as well.
func TestClientRedirectHeadersAcrossHosts(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	var b *httptest.Server
	b = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, fmt.Sprintf("%s authorization=%q cookie=%q proxy=%q", r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Cookie"), r.Header.Get("Proxy-Authorization")))
		mu.Unlock()
		if r.URL.Path == "/port" {
			http.Redirect(w, r, strings.Replace(b.URL, "127.0.0.1", "localhost", 1)+"/host", http.StatusFound)
		}
	}))
	defer b.Close()
	a := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, b.URL+"/port", http.StatusFound)
	}))
	defer a.Close()
	for _, canonical := range []bool{true, false} {
		newReq := func() *http.Request {
			req, _ := http.NewRequest(http.MethodGet, a.URL+"/start", nil)
			for k, v := range map[string]string{"Authorization": "Bearer x", "Cookie": "c=1", "Proxy-Authorization": "Basic c2VjcmV0"} {
				if !canonical {
					k = strings.ToLower(k)
				}
				req.Header[k] = []string{v}
			}
			return req
		}
		resp, err := http.DefaultClient.Do(newReq())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		mu.Lock()
		netHTTP := seen
		seen = nil
		mu.Unlock()
		if _, err := runtime.Run(drive.SendAsync(&asynchttp.Client{}, newReq())); err != nil {
			t.Fatal(err)
		}
		want := []string{
			`/port authorization="Bearer x" cookie="c=1" proxy="Basic c2VjcmV0"`,
			`/host authorization="" cookie="" proxy=""`,
		}
		mu.Lock()
		if diff := cmp.Diff(want, netHTTP); diff != "" {
			t.Errorf("canonical keys %v: net/http's client (-want +got):\n%s", canonical, diff)
		}
		if diff := cmp.Diff(want, seen); diff != "" {
			t.Errorf("canonical keys %v: asynchttp's client (-want +got):\n%s", canonical, diff)
		}
		seen = nil
		mu.Unlock()
	}
}

// A request, even a POST, which is not sent again, does not go out on an
// idle connection the server has closed: the client sees the close first,
// as net/http's does, drops the connection and dials. Two connections
// idle and closed cost two dials, not a failure.
func TestClientSkipsIdleConnectionsClosedByServer(t *testing.T) {
	srv, conns := upstream(t)
	post := func(body string) *http.Request {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/echo", strings.NewReader(body))
		return req
	}
	c := &asynchttp.Client{}
	got, err := runtime.Run(drive.SendAllThenAsync(c, []*http.Request{post("a"), post("b")}, srv.CloseClientConnections, post("c")))
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, r := range got {
		bodies = append(bodies, r.Body)
	}
	if diff := cmp.Diff([]string{"POST 1 a", "POST 1 b", "POST 1 c"}, bodies); diff != "" {
		t.Errorf("bodies (-want +got):\n%s", diff)
	}
	if n := conns.Load(); n != 3 {
		t.Errorf("used %d connections, want 3", n)
	}
}

// An idle connection the server reset (RST rather than FIN) is as dead as
// one it closed: a POST, which is not sent again, does not go out on it.
func TestClientSkipsIdleConnectionResetByServer(t *testing.T) {
	for _, reset := range []bool{true, false} {
		closeNow := make(chan struct{})
		closed := make(chan struct{})
		url, conns := scriptedServer(t, func(n int, c net.Conn) {
			br := bufio.NewReader(c)
			for {
				req, err := http.ReadRequest(br)
				if err != nil {
					return
				}
				io.Copy(io.Discard, req.Body)
				io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ngood")
				if n == 0 {
					<-closeNow
					if reset {
						c.(*net.TCPConn).SetLinger(0)
					}
					c.Close()
					close(closed)
					return
				}
			}
		})
		post := func(body string) *http.Request {
			req, _ := http.NewRequest(http.MethodPost, url+"/", io.NopCloser(strings.NewReader(body)))
			return req
		}
		got, err := runtime.Run(drive.SendAllThenAsync(&asynchttp.Client{}, []*http.Request{post("a")}, func() { close(closeNow); <-closed }, post("b")))
		if err != nil || len(got) != 2 || got[1].Body != "good" || conns.Load() != 2 {
			t.Errorf("reset %v: POST after the server dropped the idle connection: %+v, %v on %d connections; want it answered on a new one", reset, got, err, conns.Load())
		}
	}
}

// Bytes a server sends past the end of a response (a body on a 204, more
// than the Content-Length) are not the next request's response: the
// connection is dropped, as net/http drops one with an "unsolicited
// response".
func TestClientDropsConnectionWithUnsolicitedBytes(t *testing.T) {
	for _, first := range []string{
		"HTTP/1.1 204 No Content\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
	} {
		url, conns := scriptedServer(t, func(n int, c net.Conn) {
			br := bufio.NewReader(c)
			for i := 0; ; i++ {
				req, err := http.ReadRequest(br)
				if err != nil {
					return
				}
				io.Copy(io.Discard, req.Body)
				if n == 0 && i == 0 {
					io.WriteString(c, first+"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nEVIL!")
				} else {
					io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ngood")
				}
			}
		})
		got, err := runtime.Run(drive.FetchSeqAsync(&asynchttp.Client{}, []string{url, url}))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[1].Status != http.StatusOK || got[1].Body != "good" || conns.Load() != 2 {
			t.Errorf("after %q and extra bytes: %+v on %d connections; want the second answered \"good\" on a new connection", first, got, conns.Load())
		}
	}
}

// MaxResponseBytes bounds a body that ends with the connection as it
// arrives: the client stops reading at the limit.
func TestClientMaxResponseBytesOfBodyToTheEnd(t *testing.T) {
	const total = 64 << 20
	var written atomic.Int64
	done := make(chan struct{})
	url, _ := connServer(t, func(c net.Conn) {
		defer close(done)
		if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
			return
		}
		io.WriteString(c, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
		chunk := make([]byte, 64<<10)
		for written.Load() < total {
			n, err := c.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	c := &asynchttp.Client{MaxResponseBytes: 1 << 20}
	_, err := runtime.Run(drive.FetchAsync(c, url))
	if !errors.Is(err, asynchttp.ErrBodyTooLarge) {
		t.Errorf("err = %v, want ErrBodyTooLarge", err)
	}
	<-done
	if n := written.Load(); n >= total/2 {
		t.Errorf("the server could send %d bytes of a body over the 1 MiB limit; want the client to stop reading at it", n)
	}
}

// A Host set on the request goes on through a relative redirect, as with
// net/http (Go issue 22233).
func TestClientRedirectKeepsHost(t *testing.T) {
	var mu sync.Mutex
	var hosts []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hosts = append(hosts, r.Host)
		mu.Unlock()
		if r.URL.Path == "/a" {
			http.Redirect(w, r, "/b", http.StatusFound)
			return
		}
		io.WriteString(w, "b")
	}))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/a", nil)
	req.Host = "vhost.example"
	if _, err := runtime.Run(drive.SendAsync(&asynchttp.Client{}, req)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff([]string{"vhost.example", "vhost.example"}, hosts); diff != "" {
		t.Errorf("Host of the request and of its redirect (-want +got):\n%s", diff)
	}
}

// A 101 Switching Protocols ends its connection for HTTP: the next request
// goes out on a new one, not into the protocol the server switched to, as
// with net/http's client.
func TestClientSwitchingProtocolsNotReused(t *testing.T) {
	u, conns := scriptedServer(t, func(n int, c net.Conn) {
		c.SetDeadline(time.Now().Add(5 * time.Second))
		br := bufio.NewReader(c)
		for {
			req, err := http.ReadRequest(br)
			if err != nil {
				return
			}
			if req.URL.Path == "/upgrade" {
				io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: foo\r\nConnection: Upgrade\r\n\r\n")
				// The other protocol answers whatever comes.
				buf := make([]byte, 4096)
				for {
					if _, err := c.Read(buf); err != nil {
						return
					}
					io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nspoofed!")
				}
			}
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		}
	})
	up, _ := http.NewRequest(http.MethodGet, u+"/upgrade", nil)
	up.Header.Set("Connection", "Upgrade")
	up.Header.Set("Upgrade", "foo")
	next, _ := http.NewRequest(http.MethodGet, u+"/next", nil)
	res, err := runtime.Run(drive.SendAllAsync(&asynchttp.Client{}, []*http.Request{up, next}))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].Status != 101 || res[1].Status != 200 || res[1].Body != "ok" || conns.Load() != 2 {
		t.Errorf("results %+v over %d connections; want 101, then 200 \"ok\" on a second connection", res, conns.Load())
	}
}

// Interim 1xx responses count against the header limit together with the
// final one, as in net/http: a server that sends them without end is given
// up on, not waited for.
func TestClientEndlessInterimResponses(t *testing.T) {
	u, _ := scriptedServer(t, func(n int, c net.Conn) {
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
			return
		}
		for {
			if _, err := io.WriteString(c, "HTTP/1.1 102 Processing\r\nX-Pad: "+strings.Repeat("p", 100)+"\r\n\r\n"); err != nil {
				return
			}
		}
	})
	_, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{MaxHeaderBytes: 64 << 10}, u))
	if err == nil || !strings.Contains(err.Error(), "exceeded") {
		t.Errorf("err = %v, want the header limit exceeded", err)
	}
}

// A redirect that turns a POST into a GET drops the headers that describe
// the body, all of them, as net/http's client does.
func TestClientRedirectDropsBodyHeaders(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, fmt.Sprintf("%s %s type=%q encoding=%q language=%q", r.Method, r.URL.Path,
			r.Header.Get("Content-Type"), r.Header.Get("Content-Encoding"), r.Header.Get("Content-Language")))
		mu.Unlock()
		if r.URL.Path == "/post" {
			http.Redirect(w, r, "/get", http.StatusFound)
		}
	}))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/post", strings.NewReader("x"))
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("Content-Encoding", "identity")
	req.Header["content-language"] = []string{"en"} // set by hand, not canonical
	if _, err := runtime.Run(drive.SendAsync(&asynchttp.Client{}, req)); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`POST /post type="text/plain" encoding="identity" language="en"`,
		`GET /get type="" encoding="" language=""`,
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("requests the server saw (-want +got):\n%s", diff)
	}
}

// A client reads trailers as net/http's does: a folded line continues the
// field before it, a space before the colon is dropped, and a line that is
// no field is skipped.
func TestClientLenientTrailers(t *testing.T) {
	u := rawServer(t, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n"+
		"X-Folded: v\r\n w\r\nX-Space : s\r\nno colon\r\n\r\n")
	res, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{}, u))
	if err != nil {
		t.Fatal(err)
	}
	want := http.Header{"X-Folded": {"v w"}, "X-Space": {"s"}}
	if res.Body != "abc" || !cmp.Equal(res.Trailer, want) {
		t.Errorf("body %q, trailer %v; want \"abc\", %v", res.Body, res.Trailer, want)
	}
}
