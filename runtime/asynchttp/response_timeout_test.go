package asynchttp_test

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
)

// A body still being read when the client's Timeout passes fails as
// net/http's does: with an error whose Timeout() is true (net.Error,
// os.IsTimeout), which errors.Is still finds to be runtime.ErrTimeout, and
// ReadAll gives what arrived with it. Read and ReadAll both.
func TestBodyReadPastClientTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "600")
		w.Write(make([]byte, 300))
		w.(http.Flusher).Flush()
		<-release
	}))
	defer srv.Close()
	defer close(release)
	c := &asynchttp.Client{Timeout: 50 * time.Millisecond}
	for _, read := range []struct {
		name string
		fn   func() (drive.Result, error)
	}{
		{"ReadAll", func() (drive.Result, error) { return runtime.Run(drive.FetchAsync(c, srv.URL)) }},
		{"Read", func() (drive.Result, error) { return runtime.Run(drive.FetchReadAsync(c, srv.URL, 100)) }},
	} {
		r, err := read.fn()
		if !errors.Is(err, runtime.ErrTimeout) {
			t.Fatalf("%s: err = %v, want runtime.ErrTimeout", read.name, err)
		}
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() || !os.IsTimeout(err) {
			t.Errorf("%s: err = %v (%T): want a net.Error whose Timeout() is true", read.name, err, err)
		}
		if read.name == "ReadAll" && r.Status != http.StatusOK {
			t.Errorf("%s: status %d, want 200 with the error", read.name, r.Status)
		}
		// As io.ReadAll of net/http's body: what had arrived comes with
		// the error.
		if read.name == "ReadAll" && len(r.Body) != 300 {
			t.Errorf("%s: %d bytes with the error, want the 300 that arrived", read.name, len(r.Body))
		}
	}
}
