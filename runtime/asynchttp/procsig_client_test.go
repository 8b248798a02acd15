package asynchttp_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
)

// Client.Timeout fails the request as net/http's does: a *url.Error that
// names the method and URL and whose Timeout() is true (net.Error,
// os.IsTimeout), while errors.Is still finds runtime.ErrTimeout.
func TestClientTimeoutErrorNamesURL(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)
	target := srv.URL + "/slow"
	_, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{Timeout: 20 * time.Millisecond}, target))
	if !errors.Is(err, runtime.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want runtime.ErrTimeout", err)
	}
	var ue *url.Error
	if !errors.As(err, &ue) || ue.URL != target || ue.Op != "Get" {
		t.Errorf("err = %v (%T), want a *url.Error for Get %q", err, err, target)
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !os.IsTimeout(err) {
		t.Errorf("err = %v: want a net.Error whose Timeout() is true", err)
	}
	if !strings.Contains(err.Error(), target) {
		t.Errorf("err = %q, want the URL in it", err)
	}
}
