package asynchttp_test

import (
	"context"
	"errors"
	"io"
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

// getStatus gets url and returns the status of the response it was given,
// 0 for none, with the error.
//
// async
func getStatus(c *asynchttp.Client, url string) (int, error) {
	resp, err := runtime.Await(c.Get(url))
	if resp == nil {
		return 0, err
	}
	defer resp.Close()
	return resp.StatusCode, err
}

// A redirect that CheckRedirect refuses gives the redirect response (its
// body closed) with the error, which names the Location refused: net/http's
// client does so (Go issue 3795), and code written for it reads resp there.
func TestClientCheckRedirectErrorKeepsResponse(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/next", http.StatusFound)
	}))
	defer srv.Close()
	refused := errors.New("no redirects here")
	c := &asynchttp.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return refused }}
	status, err := runtime.Run(getStatusAsync(c, srv.URL+"/start"))
	if status != http.StatusFound || !errors.Is(err, refused) {
		t.Errorf("Get = %d, %v; want the 302 with the CheckRedirect error", status, err)
	}
	var ue *url.Error
	if !errors.As(err, &ue) || ue.URL != "/next" || ue.Op != "Get" {
		t.Errorf("err = %#v, want a *url.Error for Get of the Location, as net/http's", err)
	}
	// net/http agrees.
	hc := &http.Client{CheckRedirect: c.CheckRedirect}
	resp, herr := hc.Get(srv.URL + "/start")
	if resp == nil || resp.StatusCode != http.StatusFound || !errors.As(herr, &ue) || ue.URL != "/next" {
		t.Errorf("net/http: %v, %v", resp, herr)
	}
	// The default policy's error after 10 redirects is the same kind.
	status, err = runtime.Run(getStatusAsync(&asynchttp.Client{}, srv.URL+"/start"))
	if status != http.StatusFound || !errors.Is(err, asynchttp.ErrTooManyRedirects) {
		t.Errorf("endless redirects: %d, %v; want the last 302 with ErrTooManyRedirects", status, err)
	}
}

// A password in the URL stays out of the error, as net/http's client
// writes it ("user:***@"): errors end up in logs.
func TestClientErrorHidesPassword(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now: the dial is refused
	target := "http://alice:s3cret@" + addr + "/x"
	_, err = runtime.Run(drive.FetchAsync(&asynchttp.Client{}, target))
	_, herr := http.Get(target)
	if err == nil || herr == nil {
		t.Fatalf("Get of a closed port: %v; net/http: %v", err, herr)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("err = %q shows the password", err)
	}
	var ue, hue *url.Error
	if !errors.As(err, &ue) || !errors.As(herr, &hue) || ue.URL != hue.URL {
		t.Errorf("err = %v; net/http's = %v: want the same URL", err, herr)
	}
}

// readAfterCancel reads the body of url under WaitFor, which times out as
// the server holds the rest back, then reads it again.
//
// async
func readAfterCancel(c *asynchttp.Client, url string) (first, second error) {
	r, err := runtime.Await(c.Get(url))
	if err != nil {
		return err, nil
	}
	defer r.Close()
	_, first = runtime.Await(runtime.WaitFor(r.ReadAll(), 20*time.Millisecond))
	_, second = runtime.Await(r.ReadAll())
	return first, second
}

// A body read that was cancelled (here by WaitFor's timeout) ends the body
// and its connection, as with net/http; a later read fails with an error
// that says so, not with runtime.ErrCancelled, which would pass the task
// that reads for a cancelled one (TaskGroup and Gather treat it so).
func TestResponseReadAfterCancelledRead(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !chunked {
				w.Header().Set("Content-Length", "600")
			}
			io.WriteString(w, strings.Repeat("a", 300))
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		first, second := runtime.Run(readAfterCancelAsync(&asynchttp.Client{}, srv.URL))
		close(release)
		srv.Close()
		if first != runtime.ErrTimeout {
			t.Errorf("chunked %v: ReadAll under WaitFor = %v, want ErrTimeout", chunked, first)
		}
		if second == nil || errors.Is(second, runtime.ErrCancelled) {
			t.Errorf("chunked %v: ReadAll after a cancelled one = %v; want an error that is not ErrCancelled", chunked, second)
		}
	}
}
