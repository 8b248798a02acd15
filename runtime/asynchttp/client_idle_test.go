package asynchttp_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
)

// A connection left idle in the pool longer than IdleConnTimeout (90 s
// unless set, as http.DefaultTransport's) is closed, and the next request
// dials; a negative IdleConnTimeout keeps it. The pauses are on the
// virtual clock.
func TestClientClosesIdleConnections(t *testing.T) {
	for _, tc := range []struct {
		name    string
		timeout time.Duration
		pauses  []time.Duration
		conns   int64
	}{
		{"1s", time.Second, []time.Duration{0, 500 * time.Millisecond, 2 * time.Second, 0}, 2},
		{"default", 0, []time.Duration{0, 89 * time.Second, 91 * time.Second}, 2},
		{"never", -1, []time.Duration{0, time.Hour, 24 * time.Hour}, 1},
	} {
		srv, conns := upstream(t)
		c := &asynchttp.Client{IdleConnTimeout: tc.timeout}
		got, err := runtime.Run(drive.FetchAfterAsync(c, srv.URL+"/hello", tc.pauses), runtime.WithClock(runtime.NewVirtualClock()))
		if err != nil || len(got) != len(tc.pauses) {
			t.Fatalf("%s: %d fetches, %v; want %d", tc.name, len(got), err, len(tc.pauses))
		}
		for _, r := range got {
			if r.Body != "hello" {
				t.Errorf("%s: body %q, want hello", tc.name, r.Body)
			}
		}
		if n := conns.Load(); n != tc.conns {
			t.Errorf("%s: %d connections for fetches after pauses %v, want %d", tc.name, n, tc.pauses, tc.conns)
		}
	}
}

// IdleConnTimeout at the end of the clock's range (runtime.Forever) keeps
// idle connections: the time they would close at does not wrap around.
func TestClientIdleConnTimeoutForever(t *testing.T) {
	srv, conns := upstream(t)
	c := &asynchttp.Client{IdleConnTimeout: runtime.Forever}
	pauses := []time.Duration{0, 20 * time.Millisecond, 20 * time.Millisecond}
	got, err := runtime.Run(drive.FetchAfterAsync(c, srv.URL+"/hello", pauses))
	if err != nil || len(got) != len(pauses) {
		t.Fatalf("%d fetches, %v; want %d", len(got), err, len(pauses))
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections with IdleConnTimeout = runtime.Forever, want 1", n)
	}
}

// A request waiting for a connection (MaxConnsPerHost 1) keeps its turn
// when the connection ahead of it closes (Connection: close): the place
// is handed to it, as net/http's Transport does, not taken by a request
// that came after it.
func TestClientWaiterKeepsItsTurn(t *testing.T) {
	url, _ := scriptedServer(t, func(_ int, c net.Conn) {
		req, err := http.ReadRequest(bufio.NewReader(c))
		if err != nil {
			return
		}
		io.Copy(io.Discard, req.Body)
		time.Sleep(5 * time.Millisecond) // the waiter is queued by now
		io.WriteString(c, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
	})
	const n = 10
	at, err := runtime.Run(drive.WaiterTurnAsync(&asynchttp.Client{MaxConnsPerHost: 1}, url, n))
	if err != nil {
		t.Fatal(err)
	}
	if at > 1 {
		t.Errorf("the waiting request ended after %d of the %d requests another task made after it, want 1 at most", at, n)
	}
}

// A request refused before anything of it is sent (a header field that
// would not survive the wire, a body that fails as it is read) costs
// neither the idle connection it was to go out on nor a place in line.
func TestClientRefusedRequestKeepsConnection(t *testing.T) {
	srv, conns := upstream(t)
	get := func() *http.Request {
		r, _ := http.NewRequest(http.MethodGet, srv.URL+"/hello", nil)
		return r
	}
	badHeader := get()
	badHeader.Header.Set("X-A", "a\r\nX-Injected: 1")
	badBody, _ := http.NewRequest(http.MethodPost, srv.URL+"/echo", io.MultiReader(strings.NewReader("x"), iotest.ErrReader(errors.New("disk gone"))))
	// A method with a line break would smuggle a second request, whose
	// answer the first would read (net/http refuses it too).
	badMethod := get()
	badMethod.Method = "GET /smuggled HTTP/1.1\r\nHost: evil\r\n\r\nGET"
	errs, err := runtime.Run(drive.SendEachAsync(&asynchttp.Client{}, []*http.Request{get(), badHeader, get(), badBody, get(), badMethod, get()}))
	if err != nil {
		t.Fatal(err)
	}
	if errs[0] != nil || errs[1] == nil || errs[2] != nil || errs[3] == nil || errs[4] != nil || errs[5] == nil || errs[6] != nil {
		t.Fatalf("errors %v, want the second, the fourth and the sixth only", errs)
	}
	if !strings.Contains(errs[5].Error(), "invalid method") {
		t.Errorf("the smuggling method: %v, want invalid method", errs[5])
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections for requests with three refused among them, want 1", n)
	}
}
