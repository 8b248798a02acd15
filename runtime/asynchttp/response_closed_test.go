package asynchttp_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
)

// closedReads is what reads of a response's body gave after Close.
type closedReads struct {
	all     string
	allErr  error
	n       int
	readErr error
}

// readAfterClose gets url, reads the first `first` bytes of its body
// (all of it when negative), closes the response, then reads again with
// ReadAll and Read.
//
// async
func readAfterClose(c *asynchttp.Client, url string, first int) (closedReads, error) {
	resp, err := runtime.Await(c.Get(url))
	if err != nil {
		return closedReads{}, err
	}
	if first < 0 {
		if _, err := runtime.Await(resp.ReadAll()); err != nil {
			resp.Close()
			return closedReads{}, err
		}
	} else if first > 0 {
		if _, err := runtime.Await(resp.Read(make([]byte, first))); err != nil {
			resp.Close()
			return closedReads{}, err
		}
	}
	resp.Close()
	var got closedReads
	b, err := runtime.Await(resp.ReadAll())
	got.all, got.allErr = string(b), err
	got.n, got.readErr = runtime.Await(resp.Read(make([]byte, 16)))
	return got, nil
}

// Reads after Close fail, as net/http's do ("http: read on closed
// response body"), whether the body had come with the header section and
// been read ahead (a small one), was still on the wire (a large one), or
// had been read in part or to its end.
func TestClientReadAfterClose(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		w.Header().Set("Content-Length", strconv.Itoa(n))
		io.WriteString(w, strings.Repeat("x", n))
	}))
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/?n=100")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if b, err := io.ReadAll(resp.Body); err == nil || len(b) > 0 {
		t.Fatalf("net/http's client after Close: %q, %v; want an error", b, err)
	}
	c := &asynchttp.Client{}
	for _, tt := range []struct {
		name  string
		size  int
		first int
	}{
		{"small", 100, 0},
		{"small-part-read", 100, 10},
		{"small-read", 100, -1},
		{"large", 200 << 10, 0},
		{"large-part-read", 200 << 10, 10},
		{"large-read", 200 << 10, -1},
		{"empty", 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runtime.Run(readAfterCloseAsync(c, ts.URL+"/?n="+strconv.Itoa(tt.size), tt.first))
			if err != nil {
				t.Fatal(err)
			}
			if got.all != "" || got.allErr == nil || !strings.Contains(got.allErr.Error(), "closed body") {
				t.Errorf("ReadAll after Close = %d bytes, %v; want none, and the closed body's error", len(got.all), got.allErr)
			}
			if got.n != 0 || got.readErr == nil || !strings.Contains(got.readErr.Error(), "closed body") {
				t.Errorf("Read after Close = %d, %v; want 0, and the closed body's error", got.n, got.readErr)
			}
		})
	}
}
