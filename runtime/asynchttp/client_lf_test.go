package asynchttp_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
)

// TestClientBareLF reads responses whose lines end in "\n" alone, or mix
// both endings, as net/http's client does (its parser, textproto, takes
// them); net/http's client, beside it, reads each the same.
func TestClientBareLF(t *testing.T) {
	for _, tt := range []struct{ name, reply, want string }{
		{"bare", "HTTP/1.1 200 OK\nContent-Length: 2\n\nhi", "hi"},
		{"mixed-crlf-end", "HTTP/1.1 200 OK\nContent-Length: 2\n\r\nhi", "hi"},
		{"mixed-lf-end", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\nhi", "hi"},
		{"no-fields", "HTTP/1.0 200 OK\n\nuntil the end", "until the end"},
		{"chunked", "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\r\nhi\r\n0\r\n\r\n", "hi"},
		{"interim-100", "HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\nContent-Length: 2\n\nhi", "hi"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u := rawServer(t, tt.reply)
			resp, err := http.Get(u)
			if err != nil {
				t.Fatalf("net/http's client: %v", err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || string(b) != tt.want {
				t.Fatalf("net/http's client got %d %q, want 200 %q", resp.StatusCode, b, tt.want)
			}
			got, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{}, u))
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != 200 || got.Body != tt.want {
				t.Errorf("got %d %q, want 200 %q", got.Status, got.Body, tt.want)
			}
		})
	}
}

// lfServer answers every request on a connection, in turn, with the
// replies given, kept alive, and counts its connections.
func lfServer(t *testing.T, replies ...string) (string, *atomic.Int32) {
	t.Helper()
	return connServer(t, func(c net.Conn) {
		c.SetDeadline(time.Now().Add(10 * time.Second))
		br := bufio.NewReader(c)
		for _, reply := range replies {
			if _, err := http.ReadRequest(br); err != nil {
				return
			}
			io.WriteString(c, reply)
		}
	})
}

// TestClientBareLFKeepAlive reads responses one after the other on one
// kept-alive connection, whose header sections end with "\n\n" or
// "\n\r\n" in turn, one of them with "\n\n" in its body: each section
// ends at the first empty line, as net/http reads it.
func TestClientBareLFKeepAlive(t *testing.T) {
	u, conns := lfServer(t,
		"HTTP/1.1 200 OK\nContent-Length: 3\n\none",
		"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\ntwo", // other lines may end either way
		"HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\r\nthree\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\nContent-Length: 4\n\r\nab\n\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfive",
	)
	c := &asynchttp.Client{}
	got, err := runtime.Run(drive.FetchSeqAsync(c, []string{u + "/1", u + "/2", u + "/3", u + "/4", u + "/5"}))
	if err != nil || len(got) != 5 {
		t.Fatalf("got %+v, %v; want five responses", got, err)
	}
	for i, want := range []string{"one", "two", "three", "ab\n\n", "five"} {
		if got[i].Status != 200 || got[i].Body != want {
			t.Errorf("response %d: %d %q, want 200 %q", i, got[i].Status, got[i].Body, want)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
}
