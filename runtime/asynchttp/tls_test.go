package asynchttp_test

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
)

func TestHTTPS(t *testing.T) {
	up := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "secure "+r.Proto)
	}))
	defer up.Close()
	roots := up.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs

	t.Run("client", func(t *testing.T) {
		c := &asynchttp.Client{TLSConfig: &tls.Config{RootCAs: roots}}
		got, err := runtime.Run(drive.FetchSeqAsync(c, []string{up.URL, up.URL}))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range got {
			if r.Body != "secure HTTP/1.1" {
				t.Errorf("body %q", r.Body)
			}
			// As net/http's, a response over TLS says so.
			if r.TLS == nil || !r.TLS.HandshakeComplete {
				t.Errorf("Response.TLS = %v, want the connection's state", r.TLS)
			}
		}
	})
	t.Run("client-rejects-unknown-ca", func(t *testing.T) {
		if _, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{}, up.URL)); err == nil {
			t.Error("certificate of an unknown authority accepted")
		}
	})
	t.Run("server", func(t *testing.T) {
		cert := up.TLS.Certificates[0]
		u := startServer(t, &asynchttp.Server{Handler: drive.RoutesAsync, TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}}})
		c := up.Client()
		get := func(path string) string {
			resp, err := c.Get(u + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return string(b)
		}
		for range 2 {
			if b := get("/hello"); b != "hello" {
				t.Errorf("body %q", b)
			}
		}
		// Request.TLS is set, as net/http's server sets it: handlers
		// tell HTTPS requests by it.
		if b := get("/tls"); b != "tls TLS 1.3" {
			t.Errorf("handler saw %q over HTTPS, want tls TLS 1.3", b)
		}
	})
	t.Run("plain-server", func(t *testing.T) {
		u := startServer(t, &asynchttp.Server{Handler: drive.RoutesAsync})
		if r, err := runtime.Run(drive.FetchAsync(&asynchttp.Client{}, u+"/tls")); err != nil || r.Body != "plain" {
			t.Errorf("handler saw %q, %v over HTTP, want plain", r.Body, err)
		}
	})
}

// An https server that accepts the connection and never answers the
// handshake fails the request once TLSHandshakeTimeout has passed, as
// net/http's does, instead of holding it for ever.
func TestClientTLSHandshakeTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // silent until the test ends
		}
	}()
	c := &asynchttp.Client{TLSHandshakeTimeout: 100 * time.Millisecond}
	_, err = runtime.Run(drive.FetchAsync(c, "https://"+ln.Addr().String()+"/"))
	if !errors.Is(err, runtime.ErrTimeout) {
		t.Errorf("a GET of a silent https server: %v, want an error wrapping runtime.ErrTimeout", err)
	}
}
