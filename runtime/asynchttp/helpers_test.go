package asynchttp_test

import (
	"bytes"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
)

// startServer runs srv on a loop of its own, on a goroutine, and returns
// its URL; the server and its loop stop when the test ends.
func startServer(tb testing.TB, srv *asynchttp.Server) string {
	tb.Helper()
	l := runtime.NewLoop()
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		_, err := runtime.RunUntilComplete(l, drive.ServeAsync(srv, urls))
		l.Close()
		done <- err
	}()
	u, ok := <-urls
	if !ok {
		tb.Fatalf("server did not start: %v", <-done)
	}
	tb.Cleanup(func() {
		l.CallSoonThreadsafe(srv.Close)
		if err := <-done; err != nil {
			tb.Errorf("server: %v", err)
		}
	})
	return u
}

// syncBuffer is a log destination written on the loop and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testLogger() (*slog.Logger, *syncBuffer) {
	var b syncBuffer
	return slog.New(slog.NewTextHandler(&b, nil)), &b
}

// rawServer listens on 127.0.0.1 and answers each connection by reading
// its request header section and writing reply, then closing.
func rawServer(tb testing.TB, reply string) string {
	tb.Helper()
	u, _ := connServer(tb, func(c net.Conn) {
		c.SetDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 0, 4096)
		tmp := make([]byte, 4096)
		for !bytes.Contains(buf, []byte("\r\n\r\n")) {
			n, err := c.Read(tmp)
			if err != nil {
				return
			}
			buf = append(buf, tmp[:n]...)
		}
		c.Write([]byte(reply))
	})
	return u
}

// connServer listens on 127.0.0.1 and serves each connection with serve,
// on a goroutine of its own, closing it after; it returns its URL and
// counts its connections.
func connServer(tb testing.TB, serve func(net.Conn)) (string, *atomic.Int32) {
	tb.Helper()
	return scriptedServer(tb, func(_ int, c net.Conn) { serve(c) })
}

// scriptedServer is connServer handing serve each connection's index too,
// in the order they were accepted.
func scriptedServer(tb testing.TB, serve func(n int, c net.Conn)) (string, *atomic.Int32) {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ln.Close() })
	var conns atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n := int(conns.Add(1)) - 1
			go func() {
				defer c.Close()
				serve(n, c)
			}()
		}
	}()
	return "http://" + ln.Addr().String(), &conns
}

// exchange sends raw bytes to addr and returns everything read back until
// the server closes the connection.
func exchange(tb testing.TB, addr, raw string) string {
	tb.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Write([]byte(raw)); err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	out.ReadFrom(c)
	return out.String()
}
