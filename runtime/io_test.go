//go:build linux

package runtime

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

// echo serves a connection by sending back what it reads, until the end.
func echo(s *Stream) Coro[struct{}] {
	buf := make([]byte, 4096)
	var n int
	var err error
	return prog(
		wait(func() Awaitable[int] { return s.Read(buf) }, func(v int, e error) { n, err = v, e }),
		exitIf(func() bool { return err != nil }),
		call(func() { s.Write(buf[:n]) }),
		wait(func() Awaitable[struct{}] { return s.Drain() }, func(_ struct{}, e error) { err = e }),
		exitIf(func() bool { return err != nil }),
		jump(0),
	)
}

// run runs steps as a coroutine on l and fails the test on error.
func run(t testing.TB, l *Loop, steps ...pstep) {
	t.Helper()
	if _, err := RunUntilComplete(l, prog(steps...)); err != nil {
		t.Fatal(err)
	}
}

func startServer(t testing.TB, l *Loop, network, address string, h func(*Stream) Coro[struct{}], opts ...StreamOption) *Server {
	t.Helper()
	var srv *Server
	run(t, l, wait(func() Awaitable[*Server] { return StartServer(network, address, h, opts...) },
		func(s *Server, err error) {
			if err != nil {
				t.Fatalf("StartServer(%q, %q): %v", network, address, err)
			}
			srv = s
		}))
	return srv
}

// dialStep connects to srv and stores the stream in *c.
func dialStep(t testing.TB, srv *Server, c **Stream, opts ...StreamOption) pstep {
	return wait(func() Awaitable[*Stream] {
		return OpenConnection(srv.Addr().Network(), srv.Addr().String(), opts...)
	}, func(s *Stream, err error) {
		if err != nil {
			t.Fatalf("OpenConnection(%v): %v", srv.Addr(), err)
		}
		*c = s
	})
}

func TestEchoRoundTrips(t *testing.T) {
	for _, network := range []string{"tcp", "tcp4", "unix"} {
		t.Run(network, func(t *testing.T) {
			l := NewLoop()
			defer l.Close()
			addr := listenAddr(t, network)
			srv := startServer(t, l, network, addr, echo)
			var c *Stream
			var got []string
			i := 0
			run(t, l,
				dialStep(t, srv, &c),
				call(func() { c.Write([]byte(fmt.Sprintf("line %d\n", i))) }),
				wait(func() Awaitable[[]byte] { return c.ReadLine() }, func(b []byte, err error) {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, string(b))
				}),
				call(func() { i++ }),
				jumpIf(func() bool { return i < 100 }, 1),
				call(func() { c.Close(); srv.Close() }),
			)
			if len(got) != 100 || got[99] != "line 99\n" {
				t.Errorf("got %d lines, last %q", len(got), got[len(got)-1])
			}
			if network == "unix" {
				if _, err := os.Stat(addr); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("socket file after Close: %v", err)
				}
			}
		})
	}
}

func TestStreamAddrs(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var serverSide net.Addr
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		serverSide = s.RemoteAddr()
		return echo(s)
	})
	var c *Stream
	run(t, l,
		dialStep(t, srv, &c),
		call(func() { c.Write([]byte("x")) }),
		wait(func() Awaitable[[]byte] { return c.ReadExactly(1) }, nil),
	)
	if c.RemoteAddr().String() != srv.Addr().String() {
		t.Errorf("RemoteAddr = %v, want %v", c.RemoteAddr(), srv.Addr())
	}
	if serverSide.String() != c.LocalAddr().String() {
		t.Errorf("server sees %v, client is %v", serverSide, c.LocalAddr())
	}
	c.Close()
	srv.Close()
}

func TestHalfClose(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	// The server reads to the end, then answers with what it read, reversed
	// in order of lines, and closes.
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		return prog(wait(func() Awaitable[[]byte] { return s.ReadAll() }, func(b []byte, err error) {
			if err != nil {
				t.Errorf("server ReadAll: %v", err)
			}
			s.Write([]byte(strings.ToUpper(string(b))))
		}))
	})
	var c *Stream
	var got []byte
	var again, late error
	run(t, l,
		dialStep(t, srv, &c),
		call(func() { c.Write([]byte("one\ntwo\n")); c.CloseWrite(); c.Write([]byte("late\n")) }),
		wait(func() Awaitable[struct{}] { return c.Drain() }, func(_ struct{}, err error) { late = err }),
		wait(func() Awaitable[[]byte] { return c.ReadAll() }, func(b []byte, err error) {
			if err != nil {
				t.Fatal(err)
			}
			got = b
		}),
		wait(func() Awaitable[int] { return c.Read(make([]byte, 10)) }, func(_ int, err error) { again = err }),
	)
	if string(got) != "ONE\nTWO\n" {
		t.Errorf("reply = %q", got)
	}
	if !errors.Is(late, errWriteAfterEOF) {
		t.Errorf("Drain after a Write after CloseWrite = %v, want %v", late, errWriteAfterEOF)
	}
	if again != io.EOF || !c.AtEOF() {
		t.Errorf("Read after the end = %v, AtEOF %v; want io.EOF, true", again, c.AtEOF())
	}
	c.Close()
	srv.Close()
}

// A socket file that a server which is gone left behind does not stop a new
// server at its path, as with asyncio's start_unix_server; another file
// there is not removed.
func TestUnixServerReplacesStaleSocket(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "stale.sock")
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: stale}); err != nil {
		t.Fatal(err)
	}
	unix.Close(fd) // the file stays
	plain := filepath.Join(dir, "plain")
	if err := os.WriteFile(plain, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := NewLoop()
	defer l.Close()
	var staleErr, plainErr error
	run(t, l,
		wait(func() Awaitable[*Server] { return StartServer("unix", stale, echo) }, func(s *Server, err error) {
			staleErr = err
			if s != nil {
				s.Close()
			}
		}),
		wait(func() Awaitable[*Server] { return StartServer("unix", plain, echo) }, func(s *Server, err error) {
			plainErr = err
			if s != nil {
				s.Close()
			}
		}),
	)
	if staleErr != nil {
		t.Errorf("StartServer on a stale socket file: %v", staleErr)
	}
	if b, err := os.ReadFile(plain); plainErr == nil || string(b) != "keep" {
		t.Errorf("StartServer on a regular file: %v; the file holds %q, %v", plainErr, b, err)
	}
}

func TestPeerReset(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var readErr, drainErr error
	var srv *Server
	srv = startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		return prog(
			wait(func() Awaitable[int] { return s.Read(make([]byte, 10)) }, func(_ int, err error) { readErr = err }),
			call(func() { s.Write(make([]byte, 1<<20)) }),
			wait(func() Awaitable[struct{}] { return s.Drain() }, func(_ struct{}, err error) { drainErr = err }),
			call(func() { srv.Close() }),
		)
	})
	go func() {
		c, err := net.Dial("tcp", srv.Addr().String())
		if err != nil {
			t.Error(err)
			return
		}
		c.(*net.TCPConn).SetLinger(0)
		c.Close() // RST
	}()
	run(t, l, wait(func() Awaitable[struct{}] { return srv.Serve() }, nil))
	if !errors.Is(readErr, syscall.ECONNRESET) {
		t.Errorf("Read after peer reset: %v, want ECONNRESET", readErr)
	}
	if drainErr == nil {
		t.Errorf("Drain after peer reset: no error")
	}
}

func TestSlowReaderBoundedByDrain(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	const chunk, total = 16 << 10, 8 << 20
	paused := NewFuture[struct{}]()
	maxBuffered, pauses := 0, 0
	sent := 0
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		data := bytes.Repeat([]byte{'z'}, chunk)
		return prog(
			call(func() {
				s.Write(data)
				sent += chunk
				maxBuffered = max(maxBuffered, s.WriteBuffered())
				if s.paused {
					pauses++
					if !paused.Done() {
						paused.SetResult(struct{}{})
					}
				}
			}),
			wait(func() Awaitable[struct{}] { return s.Drain() }, func(_ struct{}, err error) {
				if err != nil {
					t.Error(err)
				}
			}),
			jumpIf(func() bool { return sent < total }, 0),
		)
	})
	var c *Stream
	got := 0
	run(t, l,
		dialStep(t, srv, &c),
		// Read nothing until the writer had to wait in Drain.
		wait(func() Awaitable[struct{}] { return paused }, nil),
		wait(func() Awaitable[[]byte] { return c.ReadExactly(chunk) }, func(b []byte, err error) {
			if err != nil {
				t.Fatal(err)
			}
			got += len(b)
		}),
		jumpIf(func() bool { return got < total }, 2),
	)
	if got != total {
		t.Errorf("read %d bytes, want %d", got, total)
	}
	if limit := defaultHighWater + chunk; maxBuffered > limit {
		t.Errorf("write buffer reached %d bytes, above high water + one write (%d)", maxBuffered, limit)
	}
	if pauses == 0 {
		t.Errorf("the writer never waited in Drain")
	}
	c.Close()
	srv.Close()
}

func TestLineLimit(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	long := strings.Repeat("x", 40)
	msg := "short\n" + long + "\nafter\n" + long + "|end"
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		return prog(call(func() { s.Write([]byte(msg)) }))
	}, WithLimit(16))
	var c *Stream
	var got []string
	var errs []error
	line := func() pstep {
		return wait(func() Awaitable[[]byte] { return c.ReadLine() }, func(b []byte, err error) {
			got = append(got, string(b))
			errs = append(errs, err)
		})
	}
	var untilErr error
	run(t, l,
		dialStep(t, srv, &c, WithLimit(16)),
		// Take the whole message and put it back, so that the limit errors
		// do not depend on how the bytes were split on the way.
		wait(func() Awaitable[[]byte] { return c.ReadExactly(len(msg)) }, func(b []byte, err error) {
			if err != nil {
				t.Fatal(err)
			}
			unread(c, b)
		}),
		line(), line(), line(),
		wait(func() Awaitable[[]byte] { return c.ReadUntil([]byte("|")) }, func(_ []byte, err error) { untilErr = err }),
		wait(func() Awaitable[[]byte] { return c.ReadExactly(len(long) + 4) }, func(b []byte, err error) {
			if string(b) != long+"|end" || err != nil {
				t.Errorf("after ReadUntil overrun the data should stay buffered: %q, %v", b, err)
			}
		}),
	)
	if diff := cmp.Diff([]string{"short\n", "", "after\n"}, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	var le *LimitOverrunError
	if errs[0] != nil || !errors.As(errs[1], &le) || errs[2] != nil {
		t.Errorf("errors = %v", errs)
	}
	if !errors.As(untilErr, &le) {
		t.Errorf("ReadUntil past the limit: %v", untilErr)
	}
	c.Close()
	srv.Close()
}

func TestReadExactlyEOF(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		return prog(call(func() { s.Write([]byte("12345")) }))
	})
	var c *Stream
	var err error
	var lineErr error
	run(t, l,
		dialStep(t, srv, &c),
		wait(func() Awaitable[[]byte] { return c.ReadExactly(10) }, func(_ []byte, e error) { err = e }),
		wait(func() Awaitable[[]byte] { return c.ReadLine() }, func(_ []byte, e error) { lineErr = e }),
	)
	var ie *IncompleteReadError
	if !errors.As(err, &ie) || string(ie.Partial) != "12345" || ie.Expected != 10 {
		t.Fatalf("ReadExactly(10) of 5 bytes: %v", err)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("errors.Is(%v, io.ErrUnexpectedEOF) = false", err)
	}
	if lineErr != io.EOF {
		t.Errorf("ReadLine at the end = %v, want io.EOF", lineErr)
	}
	c.Close()
	srv.Close()
}

func TestCancelPendingRead(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	srv := startServer(t, l, "tcp", "127.0.0.1:0", echo)
	var c *Stream
	var reader *Task[struct{}]
	var readErr error
	var line []byte
	run(t, l,
		dialStep(t, srv, &c),
		call(func() {
			c.Write([]byte("par"))
			reader = SpawnOn(l, prog(wait(func() Awaitable[[]byte] { return c.ReadLine() }, func(_ []byte, err error) { readErr = err })))
		}),
		// Wait until the echo is buffered by the pending ReadLine.
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil),
		jumpIf(func() bool { return c.Buffered() < 3 }, 2),
		call(func() { reader.Cancel() }),
		wait(func() Awaitable[struct{}] { return reader }, nil),
		call(func() { c.Write([]byte("tial\n")) }),
		wait(func() Awaitable[[]byte] { return c.ReadLine() }, func(b []byte, err error) {
			if err != nil {
				t.Fatal(err)
			}
			line = b
		}),
	)
	if !errors.Is(readErr, ErrCancelled) {
		t.Errorf("cancelled ReadLine = %v, want ErrCancelled", readErr)
	}
	if string(line) != "partial\n" {
		t.Errorf("ReadLine after the cancelled one = %q, want %q", line, "partial\n")
	}
	c.Close()
	srv.Close()
}

func TestConcurrentReadRefused(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	srv := startServer(t, l, "tcp", "127.0.0.1:0", echo)
	var c *Stream
	var second error
	var first *Task[struct{}]
	run(t, l,
		dialStep(t, srv, &c),
		call(func() {
			first = SpawnOn(l, prog(wait(func() Awaitable[[]byte] { return c.ReadLine() }, nil)))
		}),
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil),
		wait(func() Awaitable[[]byte] { return c.ReadLine() }, func(_ []byte, err error) { second = err }),
		call(func() { c.Close() }),
		wait(func() Awaitable[struct{}] { return first }, nil),
	)
	if second != errReadBusy {
		t.Errorf("second concurrent read = %v, want %v", second, errReadBusy)
	}
	srv.Close()
}

// unread puts b back in front of the stream's buffer.
func unread(s *Stream, b []byte) {
	s.evict()
	s.rbuf = append(append([]byte(nil), b...), s.rbuf[s.roff:]...)
	s.roff = 0
}

func TestOpenConnectionErrors(t *testing.T) {
	// A port nobody listens on: bind one, note it, close it.
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	free := ln.Addr().String()
	ln.Close()
	tests := []struct {
		network, address string
		is               error
	}{
		{"tcp", free, syscall.ECONNREFUSED},
		{"unix", filepath.Join(t.TempDir(), "none.sock"), syscall.ENOENT},
		{"tcp4", "[::1]:80", nil},
		{"udp", "127.0.0.1:80", net.UnknownNetworkError("udp")},
		{"tcp", "127.0.0.1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.network+" "+tt.address, func(t *testing.T) {
			l := NewLoop()
			defer l.Close()
			var got error
			run(t, l, wait(func() Awaitable[*Stream] { return OpenConnection(tt.network, tt.address) }, func(s *Stream, err error) {
				if s != nil {
					s.Close()
				}
				got = err
			}))
			if got == nil || tt.is != nil && !errors.Is(got, tt.is) {
				t.Errorf("OpenConnection(%q, %q) = %v, want an error (%v)", tt.network, tt.address, got, tt.is)
			}
		})
	}
}

// An address or network that cannot be used fails as in Go's net: a
// *net.OpError of Op "dial" or "listen", with the same text as net.Dial,
// net.Listen and net.ListenPacket give.
func TestAddressErrorsAsGoNet(t *testing.T) {
	type opener struct {
		name     string
		ours     func(address string) Coro[struct{}]
		goNet    func(address string) error
		mismatch string // an address of the other IP family, if any
	}
	none := func(*Stream) Coro[struct{}] { return prog() }
	closing := func(c io.Closer, err error) error {
		if c != nil {
			c.Close()
		}
		return err
	}
	openers := []opener{
		{"OpenConnection",
			func(a string) Coro[struct{}] { return Into(nil, OpenConnection("tcp", a)) },
			func(a string) error { return closing(net.Dial("tcp", a)) }, ""},
		{"StartServer",
			func(a string) Coro[struct{}] { return Into(nil, StartServer("tcp", a, none)) },
			func(a string) error { return closing(net.Listen("tcp", a)) }, ""},
		{"ListenDatagram",
			func(a string) Coro[struct{}] { return Into(nil, ListenDatagram("udp", a)) },
			func(a string) error { return closing(net.ListenPacket("udp", a)) }, ""},
		{"DialDatagram",
			func(a string) Coro[struct{}] { return Into(nil, DialDatagram("udp", a)) },
			func(a string) error { return closing(net.Dial("udp", a)) }, ""},
		{"OpenConnection tcp4",
			func(a string) Coro[struct{}] { return Into(nil, OpenConnection("tcp4", a)) },
			func(a string) error { return closing(net.Dial("tcp4", a)) }, "[::1]:80"},
		{"ListenDatagram udp6",
			func(a string) Coro[struct{}] { return Into(nil, ListenDatagram("udp6", a)) },
			func(a string) error { return closing(net.ListenPacket("udp6", a)) }, "127.0.0.1:80"},
	}
	addresses := []string{"127.0.0.1", "127.0.0.1:nosuchport", "127.0.0.1:99999", "127.0.0.1:-1", "[::1", "[::1]:80x"}
	for _, o := range openers {
		for _, a := range append(addresses, o.mismatch) {
			if a == "" {
				continue
			}
			want := o.goNet(a)
			if want == nil {
				continue // an address Go's net takes
			}
			l := NewLoop()
			var got error
			run(t, l, wait(func() Awaitable[struct{}] { return o.ours(a) }, func(_ struct{}, err error) { got = err }))
			l.Close()
			var op *net.OpError
			if !errors.As(got, &op) || got.Error() != want.Error() {
				t.Errorf("%s(%q) = %T %v; Go's net gives %T %v", o.name, a, got, got, want, want)
			}
		}
	}
	for _, tt := range []struct{ name, want string }{{"OpenConnection", "dial"}, {"StartServer", "listen"}} {
		l := NewLoop()
		var got error
		run(t, l, wait(func() Awaitable[struct{}] {
			if tt.name == "StartServer" {
				return Into(nil, StartServer("foo", "127.0.0.1:0", none))
			}
			return Into(nil, OpenConnection("foo", "127.0.0.1:0"))
		}, func(_ struct{}, err error) { got = err }))
		l.Close()
		if want := tt.want + " foo: unknown network foo"; got == nil || got.Error() != want {
			t.Errorf("%s of network foo = %v, want %s", tt.name, got, want)
		}
	}
}

// TestResolveOnExecutor connects by host name: "localhost" over tcp4
// resolves to 127.0.0.1 on the executor.
func TestResolveOnExecutor(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	srv := startServer(t, l, "tcp4", "localhost:0", echo)
	if got := srv.Addr().String(); !strings.HasPrefix(got, "127.0.0.1:") {
		t.Fatalf("server on %s, want 127.0.0.1", got)
	}
	_, port, _ := net.SplitHostPort(srv.Addr().String())
	var c *Stream
	var line []byte
	run(t, l,
		wait(func() Awaitable[*Stream] { return OpenConnection("tcp4", "localhost:"+port) }, func(s *Stream, err error) {
			if err != nil {
				t.Fatal(err)
			}
			c = s
		}),
		call(func() { c.Write([]byte("by name\n")) }),
		wait(func() Awaitable[[]byte] { return c.ReadLine() }, func(b []byte, err error) { line = b }),
	)
	if string(line) != "by name\n" {
		t.Errorf("echo = %q", line)
	}
	c.Close()
	srv.Close()
}

// TestCloseFlushesAbortDrops checks that Close sends what is buffered
// before closing, as asyncio's transport does, and that Abort does not.
func TestCloseFlushesAbortDrops(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB: more than the socket takes at once
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		return prog(call(func() { s.Write(big); s.Close() }))
	})
	var c *Stream
	var got []byte
	run(t, l,
		dialStep(t, srv, &c),
		wait(func() Awaitable[[]byte] { return c.ReadAll() }, func(b []byte, err error) {
			if err != nil {
				t.Fatal(err)
			}
			got = b
		}),
	)
	if !bytes.Equal(got, big) {
		t.Errorf("read %d bytes after the peer's Close, want %d", len(got), len(big))
	}
	c.Abort()
	if !c.released {
		t.Errorf("Abort left the descriptor open")
	}
	srv.Close()
}

// TestCancelOpenConnection cancels a connect waiting for its name to
// resolve on the executor.
func TestCancelOpenConnection(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var dialer *Task[struct{}]
	var got error
	run(t, l,
		call(func() {
			dialer = SpawnOn(l, prog(wait(func() Awaitable[*Stream] { return OpenConnection("tcp4", "localhost:1") }, func(s *Stream, err error) {
				if s != nil {
					s.Close()
				}
				got = err
			})))
		}),
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil), // the dialer starts resolving
		call(func() { dialer.Cancel() }),
		wait(func() Awaitable[struct{}] { return dialer }, nil),
	)
	if !errors.Is(got, ErrCancelled) {
		t.Errorf("cancelled OpenConnection = %v, want ErrCancelled", got)
	}
}

// ReadUntilAny reads through the separator that ends first (asyncio
// 3.13's readuntil with a tuple), also when one arrives split across
// reads, and keeps ReadUntil's limit and end-of-stream errors.
func TestReadUntilAny(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	seps := [][]byte{[]byte("\n\r\n"), []byte("\n\n")}
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		return prog(
			call(func() { s.Write([]byte("a: 1\r\nb: 2\n\nc: 3\r\n\r\nd: 4\n\r")) }),
			wait(func() Awaitable[struct{}] { return Sleep(20 * time.Millisecond) }, nil),
			call(func() { s.Write([]byte("\ne: 5\n")); s.Close() }),
		)
	}, WithLimit(32))
	var c *Stream
	var got []string
	var errs []error
	read := func() pstep {
		return wait(func() Awaitable[[]byte] { return c.ReadUntilAny(seps...) }, func(b []byte, err error) {
			got = append(got, string(b))
			errs = append(errs, err)
		})
	}
	var overrun, empty error
	run(t, l,
		dialStep(t, srv, &c, WithLimit(32)),
		read(), read(), read(), read(),
		call(func() { unread(c, []byte(strings.Repeat("x", 40)+"\n\n")) }),
		wait(func() Awaitable[[]byte] { return c.ReadUntilAny(seps...) }, func(_ []byte, err error) { overrun = err }),
		wait(func() Awaitable[[]byte] { return c.ReadUntilAny([]byte("\n"), nil) }, func(_ []byte, err error) { empty = err }),
	)
	want := []string{"a: 1\r\nb: 2\n\n", "c: 3\r\n\r\n", "d: 4\n\r\n", ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
	var inc *IncompleteReadError
	if errs[0] != nil || errs[1] != nil || errs[2] != nil || !errors.As(errs[3], &inc) || string(inc.Partial) != "e: 5\n" {
		t.Errorf("errors = %v; want nil, nil, nil, *IncompleteReadError holding \"e: 5\\n\"", errs)
	}
	var le *LimitOverrunError
	if !errors.As(overrun, &le) || !le.Found || le.Consumed != 40 {
		t.Errorf("a separator past the limit: %v (%+v), want *LimitOverrunError found at 40", overrun, le)
	}
	if empty == nil {
		t.Error("an empty separator was accepted")
	}
	c.Close()
	srv.Close()
}

// Whether ReadUntilAny overruns its limit does not depend on how the data
// arrives: a longer separator that starts at the limit and completes in a
// later read is still found, as in one read (CPython measures a pending
// search with the longest separator).
func TestReadUntilAnyLimitSplit(t *testing.T) {
	const limit = 16
	body := strings.Repeat("x", limit) // the longer separator starts at the limit
	for _, split := range []int{0, 1, 2} {
		l := NewLoop()
		msg := body + "\n\r\n"
		srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
			return prog(
				call(func() { s.Write([]byte(msg[:len(msg)-split])) }),
				wait(func() Awaitable[struct{}] { return Sleep(20 * time.Millisecond) }, nil),
				call(func() { s.Write([]byte(msg[len(msg)-split:])); s.Close() }),
			)
		}, WithLimit(limit))
		var c *Stream
		var got []byte
		var err error
		run(t, l,
			dialStep(t, srv, &c, WithLimit(limit)),
			wait(func() Awaitable[[]byte] { return c.ReadUntilAny([]byte("\n\r\n"), []byte("\n\n")) }, func(b []byte, e error) { got, err = b, e }),
		)
		if err != nil || string(got) != msg {
			t.Errorf("last %d bytes apart: %q, %v; want the whole message", split, got, err)
		}
		c.Close()
		srv.Close()
		l.Close()
	}
}

// Of separators that end together, ReadUntilAny matches the shortest, in
// whatever order they are given: its start is what the limit is measured
// against (CPython 3.13 sorts them by length, "the shortest possible
// separator is considered to be the one that matched").
func TestReadUntilAnyTieGoesToShortest(t *testing.T) {
	const limit = 4
	msg := strings.Repeat("x", limit) + "ab" // "ab" starts at the limit, "b" past it
	for _, seps := range [][]string{{"ab", "b"}, {"b", "ab"}} {
		l := NewLoop()
		srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
			return prog(call(func() { s.Write([]byte(msg)); s.Close() }))
		})
		var c *Stream
		var err error
		run(t, l,
			dialStep(t, srv, &c, WithLimit(limit)),
			wait(func() Awaitable[[]byte] { return c.ReadUntilAny([]byte(seps[0]), []byte(seps[1])) }, func(_ []byte, e error) { err = e }),
		)
		var le *LimitOverrunError
		if !errors.As(err, &le) || !le.Found || le.Consumed != limit+1 {
			t.Errorf("ReadUntilAny(%q, %q) of %q with limit %d: %v; want *LimitOverrunError found at %d", seps[0], seps[1], msg, limit, err, limit+1)
		}
		c.Close()
		srv.Close()
		l.Close()
	}
}

// Fill waits until enough bytes are buffered, consuming none; at the end
// of the stream it gives what is left with io.EOF.
func TestStreamFill(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		return prog(
			call(func() { s.Write([]byte("he")) }),
			wait(func() Awaitable[struct{}] { return Sleep(20 * time.Millisecond) }, nil),
			call(func() { s.Write([]byte("llo")); s.Close() }),
		)
	})
	var c *Stream
	var none, four, two, rest, all string
	var errNone, errFour, errRest error
	run(t, l,
		dialStep(t, srv, &c),
		wait(func() Awaitable[[]byte] { return c.Fill(0) }, func(b []byte, e error) { none, errNone = string(b), e }),
		wait(func() Awaitable[[]byte] { return c.Fill(4) }, func(b []byte, e error) { four, errFour = string(b), e }),
		wait(func() Awaitable[[]byte] { return c.ReadExactly(2) }, func(b []byte, _ error) { two = string(b) }),
		wait(func() Awaitable[[]byte] { return c.Fill(10) }, func(b []byte, e error) { rest, errRest = string(b), e }),
		wait(func() Awaitable[[]byte] { return c.ReadAll() }, func(b []byte, _ error) { all = string(b) }),
	)
	if none != "" || errNone != nil {
		t.Errorf("Fill(0) = %q, %v; want nothing at once", none, errNone)
	}
	if four != "hell" || errFour != nil || two != "he" {
		t.Errorf("Fill(4) = %q, %v, then ReadExactly(2) = %q; want \"hell\" across the two writes, and nothing consumed", four, errFour, two)
	}
	if rest != "llo" || !errors.Is(errRest, io.EOF) || all != "llo" {
		t.Errorf("Fill(10) at the end = %q, %v, then ReadAll = %q; want \"llo\" with io.EOF, still unread", rest, errRest, all)
	}
	c.Close()
	srv.Close()
}

// Peek shows buffered bytes without consuming them and never waits.
func TestStreamPeek(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		return prog(call(func() { s.Write([]byte("hello")); s.Close() }))
	})
	var c *Stream
	var before, peeked, after string
	run(t, l,
		dialStep(t, srv, &c),
		call(func() { before = string(c.Peek(10)) }), // nothing read yet
		wait(func() Awaitable[[]byte] { return c.ReadExactly(1) }, nil),
		wait(func() Awaitable[struct{}] { return Sleep(10 * time.Millisecond) }, nil),
		call(func() { peeked = string(c.Peek(2)) + "|" + string(c.Peek(-1)) + "|" + string(c.Peek(100)) }),
		wait(func() Awaitable[[]byte] { return c.ReadAll() }, func(b []byte, _ error) { after = string(b) }),
	)
	if before != "" {
		t.Errorf("Peek before any read: %q, want nothing (it does not read)", before)
	}
	if peeked != "el||ello" || after != "ello" {
		t.Errorf("peeked %q then read %q; want \"el||ello\" then \"ello\"", peeked, after)
	}
	c.Close()
	srv.Close()
}

// peers starts a server on l whose handler keeps each connection's stream,
// keyed by the client's address, for the test to write from.
func peers(t *testing.T, l *Loop) (*Server, map[string]*Stream) {
	streams := map[string]*Stream{}
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		streams[s.RemoteAddr().String()] = s
		return prog(wait(func() Awaitable[[]byte] { return s.ReadAll() }, nil))
	})
	return srv, streams
}

// closePeers closes the server's ends and lets their handlers finish.
func closePeers(streams map[string]*Stream) []pstep {
	return []pstep{
		call(func() {
			for _, s := range streams {
				s.Close()
			}
		}),
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil),
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil),
	}
}

// waitPeer waits until the server of peers has accepted c's connection.
func waitPeer(c **Stream, streams map[string]*Stream) []pstep {
	return []pstep{
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil),
		func(f *progFrame) progAwait {
			if streams[(*c).LocalAddr().String()] == nil {
				f.State -= 2 // once more
			}
			return nil
		},
	}
}

// What Fill returns stays as it was until the stream's next read, even
// when another stream's read needs the loop's scratch buffer, where the
// bytes were.
func TestFillSurvivesOtherStreamsReads(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	srv, streams := peers(t, l)
	var c1, c2 *Stream
	var filled []byte
	var before, line string
	var spare bool
	steps := []pstep{dialStep(t, srv, &c1), dialStep(t, srv, &c2)}
	steps = append(steps, waitPeer(&c1, streams)...)
	steps = append(steps, waitPeer(&c2, streams)...)
	steps = append(steps,
		call(func() { streams[c1.LocalAddr().String()].Write([]byte("hello")) }),
		wait(func() Awaitable[[]byte] { return c1.Fill(5) }, func(b []byte, err error) {
			if err != nil {
				t.Fatal(err)
			}
			filled, before = b, string(b)
			streams[c2.LocalAddr().String()].Write([]byte("XXXXX\n"))
		}),
		wait(func() Awaitable[[]byte] { return c2.ReadLine() }, func(b []byte, _ error) { line = string(b) }),
		// Reading what Fill lent ends the loan: the scratch buffer the
		// stream was given is the loop's spare again.
		wait(func() Awaitable[[]byte] { return c1.ReadExactly(5) }, nil),
		call(func() { spare = l.scratch.spare != nil }),
	)
	steps = append(steps, closePeers(streams)...)
	run(t, l, steps...)
	if before != "hello" || string(filled) != "hello" || line != "XXXXX\n" {
		t.Errorf("Fill(5) on one stream gave %q, %q after a ReadLine of %q on another; want \"hello\" both times", before, filled, line)
	}
	if !spare {
		t.Errorf("the scratch buffer given to the stream with a loan did not come back once read")
	}
	c1.Close()
	c2.Close()
	srv.Close()
}

// What Fill lent stays valid when its stream closes: Close is not a read.
func TestFillSurvivesClose(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	srv, streams := peers(t, l)
	var c1, c2 *Stream
	var filled []byte
	var line string
	steps := []pstep{dialStep(t, srv, &c1), dialStep(t, srv, &c2)}
	steps = append(steps, waitPeer(&c1, streams)...)
	steps = append(steps, waitPeer(&c2, streams)...)
	steps = append(steps,
		call(func() { streams[c1.LocalAddr().String()].Write([]byte("hello")) }),
		wait(func() Awaitable[[]byte] { return c1.Fill(5) }, func(b []byte, err error) {
			if err != nil {
				t.Fatal(err)
			}
			filled = b
			c1.Close()
			streams[c2.LocalAddr().String()].Write([]byte("XXXXX\n"))
		}),
		wait(func() Awaitable[[]byte] { return c2.ReadLine() }, func(b []byte, _ error) { line = string(b) }),
	)
	steps = append(steps, closePeers(streams)...)
	run(t, l, steps...)
	if string(filled) != "hello" || line != "XXXXX\n" {
		t.Errorf("Fill(5) gave %q after its stream closed and another read %q; want \"hello\"", filled, line)
	}
	c2.Close()
	srv.Close()
}

// A cancelled ReadAll leaves what it read buffered, as every read does.
func TestCancelledReadAllLosesNothing(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	srv, streams := peers(t, l)
	var c *Stream
	var reader *Task[struct{}]
	var readErr, allErr error
	var all string
	steps := []pstep{dialStep(t, srv, &c)}
	steps = append(steps, waitPeer(&c, streams)...)
	steps = append(steps,
		call(func() { streams[c.LocalAddr().String()].Write([]byte("hello")) }),
		wait(func() Awaitable[[]byte] { return c.Fill(5) }, nil),
		call(func() {
			reader = SpawnOn(l, prog(wait(func() Awaitable[[]byte] { return c.ReadAll() }, func(_ []byte, err error) { readErr = err })))
		}),
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil), // the reader takes what is buffered and waits
		call(func() { reader.Cancel() }),
		wait(func() Awaitable[struct{}] { return reader }, nil),
		call(func() {
			p := streams[c.LocalAddr().String()]
			p.Write([]byte(" world"))
			p.Close()
		}),
		wait(func() Awaitable[[]byte] { return c.ReadAll() }, func(b []byte, err error) { all, allErr = string(b), err }),
	)
	steps = append(steps, closePeers(streams)...)
	run(t, l, steps...)
	if !errors.Is(readErr, ErrCancelled) {
		t.Errorf("cancelled ReadAll = %v, want ErrCancelled", readErr)
	}
	if all != "hello world" || allErr != nil {
		t.Errorf("ReadAll after a cancelled one = %q, %v; want \"hello world\"", all, allErr)
	}
	c.Close()
	srv.Close()
}

// A server on an abstract Unix address has no file to remove when it
// closes: a file of that name in the working directory stays.
func TestAbstractUnixServerRemovesNoFile(t *testing.T) {
	t.Chdir(t.TempDir())
	name := fmt.Sprintf("@asyncgen-test-%d", os.Getpid())
	if err := os.WriteFile(name, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := NewLoop()
	defer l.Close()
	srv := startServer(t, l, "unix", name, echo)
	srv.Close()
	if b, err := os.ReadFile(name); err != nil || string(b) != "keep" {
		t.Errorf("after the server on %q closed, the file of that name holds %q, %v; want it untouched", name, b, err)
	}
}

// Closing a Unix server removes its socket file only if the file is still
// its own: a server bound at the same path since keeps its file, as with
// Python 3.13's start_unix_server.
func TestUnixServerCloseKeepsAnotherServersFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.sock")
	l := NewLoop()
	defer l.Close()
	a := startServer(t, l, "unix", path, echo)
	b := startServer(t, l, "unix", path, echo) // replaces a's file, as asyncio does
	a.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("after the first server closed, the second's socket file: %v", err)
	}
	b.Close()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("after the second server closed, its socket file: %v; want it removed", err)
	}
}

// acceptChildEnv runs TestAcceptFailureLoggedOnce's server in a child
// process, whose descriptor limit it lowers.
const acceptChildEnv = "ASYNCGEN_ACCEPT_EMFILE_CHILD"

// A server out of descriptors pauses and retries, as asyncio does, and logs
// the failure once, not at every retry; it logs again when it accepts.
func TestAcceptFailureLoggedOnce(t *testing.T) {
	if os.Getenv(acceptChildEnv) != "" {
		acceptOutOfDescriptors(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestAcceptFailureLoggedOnce$", "-test.v")
	cmd.Env = append(os.Environ(), acceptChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if n := bytes.Count(out, []byte("accept failed")); n != 1 {
		t.Errorf("the child logged %d accept failures over 5 retries, want 1:\n%s", n, out)
	}
	if !bytes.Contains(out, []byte("accepting again")) || !bytes.Contains(out, []byte("echoed")) {
		t.Errorf("the child did not log that it accepts again, or did not serve the connection:\n%s", out)
	}
}

// acceptOutOfDescriptors is the child of TestAcceptFailureLoggedOnce.
func acceptOutOfDescriptors(t *testing.T) {
	l := NewLoop(WithLogger(slog.New(slog.NewTextHandler(os.Stdout, nil))))
	defer l.Close()
	srv := startServer(t, l, "tcp", "127.0.0.1:0", echo)
	defer srv.Close()
	c, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// The lowest free descriptor becomes the limit: accept has none left.
	free, err := unix.Dup(0)
	if err != nil {
		t.Fatal(err)
	}
	unix.Close(free)
	var old unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &old); err != nil {
		t.Fatal(err)
	}
	low := old
	low.Cur = uint64(free)
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &low); err != nil {
		t.Fatal(err)
	}
	l.CallLater(550*time.Millisecond, l.Stop) // about 5 retries
	l.RunForever()
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &old); err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("x"))
	var got [1]byte
	done := make(chan error, 1)
	go func() {
		_, err := io.ReadFull(c, got[:])
		done <- err
		l.CallSoonThreadsafe(func() {}) // the pass below returns
	}()
	timedOut := false
	l.CallLater(5*time.Second, func() { timedOut = true })
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			fmt.Println("echoed", string(got[:]))
			return
		default:
		}
		if timedOut {
			t.Fatal("the server did not serve the connection within 5s after the limit was raised")
		}
		l.runPasses(1)
	}
}

// A reader whose peer has sent more than it reads takes at most readShare
// bytes from the descriptor in a pass, then yields to the loop's other
// tasks, as asyncio's transport reads once a pass: a fast peer cannot keep
// the loop to itself.
func TestFloodedReaderYieldsEachPass(t *testing.T) {
	const total = 2 << 20
	l := NewLoop()
	defer l.Close()
	s := queuedStream(t, l, total, false)
	ticks, done := 0, false
	ticker := SpawnOn(l, prog(
		call(func() { ticks++ }),
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil),
		jumpIf(func() bool { return !done }, 0),
	))
	var during int
	run(t, l,
		wait(func() Awaitable[[]byte] { return s.ReadExactly(total) }, func(b []byte, err error) {
			if err != nil || len(b) != total {
				t.Fatalf("ReadExactly = %d bytes, %v", len(b), err)
			}
			during, done = ticks, true
		}),
		wait(func() Awaitable[struct{}] { return ticker }, nil),
	)
	// A pass for each readShare (256 KiB) of the 2 MiB: 8; without the
	// share the read takes one step.
	if want := total / (512 << 10); during < want {
		t.Errorf("another task ran %d passes while %d bytes were read, want at least %d: the reader kept the loop", during, total, want)
	}
}

// AtEOF sees the end even in a pass whose read share is spent: its look is
// a one-byte read outside the share.
func TestAtEOFAfterTheReadShare(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	s := queuedStream(t, l, readShare, true)
	atEOF := false
	run(t, l, wait(func() Awaitable[[]byte] { return s.ReadExactly(readShare) }, func(b []byte, err error) {
		if err != nil {
			t.Fatal(err)
		}
		atEOF = s.AtEOF() // in the pass that read the whole share
	}))
	if !atEOF {
		t.Error("AtEOF after reading all a closed peer sent, in the pass that spent the share, = false")
	}
}

// queuedStream connects l to a peer that sends n bytes and then, with
// close, closes its side; it returns once all n bytes wait in the
// kernel's receive queue of the stream, which has room for them.
func queuedStream(t *testing.T, l *Loop, n int, close bool) *Stream {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	written := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			written <- err
			return
		}
		defer c.Close()
		_, err = c.Write(bytes.Repeat([]byte{'x'}, n))
		if close {
			c.Close() // before saying it is written: the end follows the bytes
		}
		written <- err
		if !close {
			io.Copy(io.Discard, c) // until the test closes its side
		}
	}()
	var s *Stream
	run(t, l, wait(func() Awaitable[*Stream] { return OpenConnection("tcp", ln.Addr().String()) }, func(v *Stream, err error) {
		if err != nil {
			t.Fatal(err)
		}
		s = v
		unix.SetsockoptInt(s.fdt.pfd.fd, unix.SOL_SOCKET, unix.SO_RCVBUF, 2*n)
	}))
	t.Cleanup(s.Close)
	if err := <-written; err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		queued, _ := unix.IoctlGetInt(s.fdt.pfd.fd, unix.SIOCINQ)
		if queued >= n {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d bytes arrived", queued, n)
		}
	}
}

// listenAddr is an address to listen on for network, "tcp" or "unix": a
// free loopback port, or a socket file in the test's directory.
func listenAddr(t *testing.T, network string) string {
	if network == "unix" {
		return filepath.Join(t.TempDir(), "s.sock")
	}
	return "127.0.0.1:0"
}

// After AtEOF's look of one byte, a Read gets all that has arrived, as
// asyncio's read gets what its transport read ahead, not that byte alone.
func TestReadAfterAtEOFLook(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		return prog(call(func() { s.Write([]byte("abcdef")) }))
	})
	var c *Stream
	var looked bool
	var got []string
	var last error
	polls := 0
	var buf []byte
	read := func(n int) pstep {
		return wait(func() Awaitable[int] { buf = make([]byte, n); return c.Read(buf) }, func(k int, err error) {
			got, last = append(got, string(buf[:k])), err
		})
	}
	run(t, l,
		dialStep(t, srv, &c),
		// Until the bytes and the end have come, unread.
		wait(func() Awaitable[struct{}] { return Sleep(time.Millisecond) }, nil),
		jumpIf(func() bool { polls++; return !c.fdt.pfd.readable && polls < 10000 }, 1),
		call(func() { looked = c.AtEOF() }),
		read(4),
		read(10),
	)
	if looked || !slices.Equal(got, []string{"abcd", "ef"}) || last != nil || !c.AtEOF() {
		t.Errorf("AtEOF %v, then reads %q (last error %v), then AtEOF %v; want false, [abcd ef], nil, true", looked, got, last, c.AtEOF())
	}
	c.Close()
	srv.Close()
}

// A stream closed with bytes from its peer that no read consumed still
// sends all it was given, then its end: the kernel would reset a socket
// closed with unread bytes and drop what it had yet to send, after
// WaitClosed had reported it sent. asyncio's transport, which read those
// bytes as they came, closes cleanly.
func TestCloseWithUnreadBytesSendsAll(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	const size = 4 << 20
	extraSent := NewEvent()
	var closeErr error
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		return prog(
			wait(func() Awaitable[[]byte] { return s.ReadLine() }, nil),
			call(func() { s.Write([]byte("ok\n")) }),
			// The client's next bytes are in the kernel, unread.
			wait(func() Awaitable[struct{}] { return extraSent.Wait() }, nil),
			call(func() { s.Write(bytes.Repeat([]byte("r"), size)); s.Close() }),
			wait(func() Awaitable[struct{}] { return s.WaitClosed() }, func(_ struct{}, err error) { closeErr = err }),
		)
	})
	var c *Stream
	var got []byte
	var readErr error
	run(t, l,
		dialStep(t, srv, &c),
		call(func() { c.Write([]byte("request\n")) }),
		wait(func() Awaitable[[]byte] { return c.ReadLine() }, nil),
		call(func() { c.Write([]byte("extra body nobody reads")); extraSent.Set() }),
		wait(func() Awaitable[[]byte] { return c.ReadAll() }, func(b []byte, err error) { got, readErr = b, err }),
	)
	if len(got) != size || readErr != nil || closeErr != nil {
		t.Errorf("the client read %d bytes, then %v (the server's WaitClosed: %v); want %d, then the end", len(got), readErr, closeErr, size)
	}
	c.Close()
	srv.Close()
}
