package asynchttp_test

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
)

// earlySize is a request body far larger than the socket buffers of a
// loopback connection whose reader does not read: its sending is still in
// progress when the server answers, and fails when the server closes.
const earlySize = 16 << 20

// TestClientEarlyResponse sends a body the server refuses before reading
// it (413, then the connection closed): the client returns that answer,
// as net/http's client does, rather than the error of the write that the
// close cut short, and does not use the connection again. Client and
// server share one loop on a virtual clock.
func TestClientEarlyResponse(t *testing.T) {
	c := &asynchttp.Client{}
	got, err := runtime.Run(drive.EarlyAnswerAsync(c, earlySize), runtime.WithClock(runtime.NewVirtualClock()))
	if err != nil {
		t.Fatalf("POST of %d bytes to a server that refuses them: %v, want its 413", earlySize, err)
	}
	if len(got) != 2 || got[0].Status != http.StatusRequestEntityTooLarge || !strings.Contains(got[0].Body, "too large") {
		t.Fatalf("POST answered %+v, want 413", got)
	}
	if got[1].Status != http.StatusOK || got[1].Body != "hello" {
		t.Errorf("GET after it answered %+v, want 200 hello on a fresh connection", got[1])
	}
}

// TestClientEarlyResponseNetHTTP is the same against net/http's server,
// whose handler answers 413 without reading the body; net/http's own
// client, beside it, gets the 413 too.
func TestClientEarlyResponseNetHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		io.WriteString(w, "hello")
	}))
	defer srv.Close()
	u := srv.URL
	body := make([]byte, earlySize)
	resp, err := http.Post(u+"/echo", "application/octet-stream", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("net/http's client: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("net/http's client got %d, want 413", resp.StatusCode)
	}
	post, _ := http.NewRequest(http.MethodPost, u+"/echo", bytes.NewReader(body))
	get, _ := http.NewRequest(http.MethodGet, u+"/hello", nil)
	got, err := runtime.Run(drive.SendAllAsync(&asynchttp.Client{}, []*http.Request{post, get}))
	if err != nil {
		t.Fatalf("asynchttp's client: %v, want the 413", err)
	}
	if got[0].Status != http.StatusRequestEntityTooLarge || got[1].Status != http.StatusOK || got[1].Body != "hello" {
		t.Errorf("asynchttp's client got %+v, want 413 then 200 hello", got)
	}
}

// TestClientEarlyResponseNotReused has a server answer a POST early
// without closing the connection or reading the body: the connection,
// its request half sent, is not used for the next request (which would
// queue behind the rest of the body and never be answered), as net/http's
// client does not use it either.
func TestClientEarlyResponseNotReused(t *testing.T) {
	hold := make(chan struct{})
	defer close(hold)
	u, conns := connServer(t, func(c net.Conn) {
		req, err := http.ReadRequest(bufio.NewReader(c))
		if err != nil {
			return
		}
		if req.Method == http.MethodPost {
			io.WriteString(c, "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 0\r\n\r\n")
			<-hold // neither read nor close
			return
		}
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
	})
	post, _ := http.NewRequest(http.MethodPost, u+"/up", bytes.NewReader(make([]byte, earlySize)))
	get, _ := http.NewRequest(http.MethodGet, u+"/hello", nil)
	c := &asynchttp.Client{MaxConnsPerHost: 1, Timeout: time.Minute}
	got, err := runtime.Run(drive.SendAllAsync(c, []*http.Request{post, get}))
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Status != http.StatusRequestEntityTooLarge || got[1].Status != http.StatusOK || got[1].Body != "hello" {
		t.Errorf("got %+v, want 413 then 200 hello", got)
	}
	if n := conns.Load(); n != 2 {
		t.Errorf("%d connections, want 2: the first one is not reused", n)
	}
}

// TestClientInterimResponseReuse sends two uploads with Expect:
// 100-continue to net/http's server, which answers 100 Continue before it
// reads the body: the body is still being sent when the 100 comes, but is
// sent in full before the final response, so the connection carries the
// second upload too, as net/http's client reuses it.
func TestClientInterimResponseReuse(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // the first read sends 100 Continue
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	var reqs []*http.Request
	for range 2 {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(make([]byte, 8<<20)))
		req.Header.Set("Expect", "100-continue")
		reqs = append(reqs, req)
	}
	got, err := runtime.Run(drive.SendAllAsync(&asynchttp.Client{}, reqs))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Status != http.StatusOK || got[1].Status != http.StatusOK {
		t.Errorf("got %+v, want two 200s", got)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections, want 1: a 100 Continue before the body was sent does not spoil the connection", n)
	}
}
