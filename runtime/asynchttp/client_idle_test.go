package asynchttp_test

import (
	"testing"
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
