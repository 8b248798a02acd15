//go:build linux

package runtime

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"testing"
	"time"
)

// testTLSConfigs makes a self-signed certificate for 127.0.0.1 and the
// configurations of a server using it and of a client trusting it.
func testTLSConfigs(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "asyncgen test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	client = &tls.Config{RootCAs: pool}
	return server, client
}

func TestTLSEcho(t *testing.T) {
	scfg, ccfg := testTLSConfigs(t)
	l := NewLoop()
	defer l.Close()
	srv := startServer(t, l, "tcp", "127.0.0.1:0", echo, WithTLS(scfg))
	var c *Stream
	var lines []string
	i := 0
	run(t, l,
		dialStep(t, srv, &c, WithTLS(ccfg)),
		call(func() { c.Write([]byte("secret line\n")) }),
		wait(func() Awaitable[[]byte] { return c.ReadLine() }, func(b []byte, err error) {
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, string(b))
			i++
		}),
		jumpIf(func() bool { return i < 20 }, 1),
		call(func() { c.CloseWrite() }),
		wait(func() Awaitable[[]byte] { return c.ReadAll() }, func(b []byte, err error) {
			if err != nil || len(b) != 0 {
				t.Errorf("ReadAll after CloseWrite = %q, %v; want the end", b, err)
			}
		}),
		call(func() { c.Close(); srv.Close() }),
	)
	if len(lines) != 20 || lines[19] != "secret line\n" {
		t.Errorf("lines = %q", lines)
	}
}

func TestTLSBadCertificate(t *testing.T) {
	scfg, _ := testTLSConfigs(t)
	l := NewLoop()
	defer l.Close()
	srv := startServer(t, l, "tcp", "127.0.0.1:0", echo, WithTLS(scfg))
	var err error
	run(t, l,
		wait(func() Awaitable[*Stream] {
			return OpenConnection("tcp", srv.Addr().String(), WithTLS(&tls.Config{}))
		}, func(s *Stream, e error) { err = e }),
		call(func() { srv.Close() }),
	)
	if err == nil {
		t.Errorf("OpenConnection with an untrusted certificate succeeded")
	}
}

// A TLS dial cancelled after its handshake finished, before its task ran
// again, closes the connection it made.
func TestTLSDialCancelledAfterHandshake(t *testing.T) {
	scfg, ccfg := testTLSConfigs(t)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", scfg)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	readErr := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			_, err = c.Read(make([]byte, 1))
			c.Close()
		}
		readErr <- err
	}()
	conn, err := tls.Dial("tcp", ln.Addr().String(), ccfg)
	if err != nil {
		t.Fatal(err)
	}
	l := NewLoop()
	defer l.Close()
	f := NewFuture[*tls.Conn]()
	op := &dialOp{network: "tcp", address: ln.Addr().String(), cf: newStreamConfig([]StreamOption{WithTLS(ccfg)}), tlsConn: f}
	var dialer *Task[struct{}]
	var dialErr error
	run(t, l,
		call(func() {
			dialer = SpawnOn(l, prog(wait(func() Awaitable[*Stream] { return op }, func(_ *Stream, err error) { dialErr = err })))
		}),
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil), // the dialer waits for the handshake
		call(func() {
			f.SetResult(conn) // the handshake's goroutine is done...
			dialer.Cancel()   // ...and the dialer is cancelled before it runs
		}),
		wait(func() Awaitable[struct{}] { return dialer }, nil),
	)
	if !errors.Is(dialErr, ErrCancelled) {
		t.Errorf("cancelled dial = %v, want ErrCancelled", dialErr)
	}
	select {
	case err := <-readErr:
		if err == nil {
			t.Errorf("the server read a byte; want the end of the connection")
		}
	case <-time.After(10 * time.Second):
		t.Errorf("the connection the cancelled dial made is still open after 10 s")
	}
}

// A TLS server's handler that half-closes first, before anything made the
// handshake happen, sends its close_notify all the same: the client reads
// io.EOF, as from a plain connection's CloseWrite, and Drain is clean.
func TestTLSServerCloseWriteFirst(t *testing.T) {
	scfg, ccfg := testTLSConfigs(t)
	l := NewLoop()
	defer l.Close()
	var drainErr, readErr error
	var got []byte
	ended := NewEvent()
	srv := startServer(t, l, "tcp", "127.0.0.1:0", func(s *Stream) Coro[struct{}] {
		return prog(
			call(func() { s.CloseWrite() }),
			wait(func() Awaitable[[]byte] { return s.ReadExactly(4) }, func(b []byte, err error) { got, readErr = b, err }),
			wait(func() Awaitable[struct{}] { return s.Drain() }, func(_ struct{}, err error) { drainErr = err }),
			wait(func() Awaitable[[]byte] { return s.ReadAll() }, nil), // until the client closes
			call(ended.Set),
		)
	}, WithTLS(scfg))
	defer srv.Close()
	var c *Stream
	var cliErr error
	run(t, l,
		dialStep(t, srv, &c, WithTLS(ccfg)),
		call(func() { c.Write([]byte("ping")) }),
		wait(func() Awaitable[int] {
			return WaitFor[int](c.Read(make([]byte, 10)), 10*time.Second) // a bound, should EOF never come
		}, func(_ int, err error) { cliErr = err }),
		call(func() { c.Close() }),
		wait(func() Awaitable[struct{}] { return ended.Wait() }, nil),
	)
	if string(got) != "ping" || readErr != nil || drainErr != nil {
		t.Errorf("server: read %q, %v, then Drain %v; want ping, and nil errors", got, readErr, drainErr)
	}
	if !errors.Is(cliErr, io.EOF) {
		t.Errorf("client read after the server's CloseWrite = %v, want io.EOF", cliErr)
	}
}

// TLSState gives a TLS stream's connection state: a dialled stream's at
// once, a server's once it has read (the handshake is done then); a plain
// stream has none.
func TestTLSState(t *testing.T) {
	scfg, ccfg := testTLSConfigs(t)
	l := NewLoop()
	defer l.Close()
	var served []*Stream
	keep := func(s *Stream) Coro[struct{}] { served = append(served, s); return echo(s) }
	srv := startServer(t, l, "tcp", "127.0.0.1:0", keep, WithTLS(scfg))
	plainSrv := startServer(t, l, "tcp", "127.0.0.1:0", keep)
	var c, plain *Stream
	var dialled *tls.ConnectionState
	run(t, l,
		dialStep(t, srv, &c, WithTLS(ccfg)),
		call(func() { dialled = c.TLSState(); c.Write([]byte("hello\n")) }),
		wait(func() Awaitable[[]byte] { return c.ReadLine() }, nil),
		dialStep(t, plainSrv, &plain),
		call(func() { plain.Write([]byte("hello\n")) }),
		wait(func() Awaitable[[]byte] { return plain.ReadLine() }, nil),
		// The echoes end at the end of what they read.
		call(func() { c.CloseWrite(); plain.CloseWrite() }),
		wait(func() Awaitable[[]byte] { return c.ReadAll() }, nil),
		wait(func() Awaitable[[]byte] { return plain.ReadAll() }, nil),
		call(func() { c.Close(); plain.Close(); srv.Close(); plainSrv.Close() }),
	)
	if dialled == nil || !dialled.HandshakeComplete || len(dialled.PeerCertificates) == 0 {
		t.Errorf("dialled stream's TLSState = %+v, want a completed handshake with the server's certificate", dialled)
	}
	if len(served) != 2 {
		t.Fatalf("%d connections served, want 2", len(served))
	}
	if st := served[0].TLSState(); st == nil || !st.HandshakeComplete || st.Version != dialled.Version {
		t.Errorf("server's stream TLSState after a read = %+v, want the handshake's outcome", st)
	}
	if plain.TLSState() != nil || served[1].TLSState() != nil {
		t.Errorf("plain streams have a TLSState")
	}
}

// A server that accepts the connection and never answers the handshake
// fails the dial once its handshake timeout has passed, with an error
// that wraps ErrTimeout, instead of holding the await for ever.
func TestTLSDialHandshakeTimeout(t *testing.T) {
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
	_, client := testTLSConfigs(t)
	l := NewLoop()
	defer l.Close()
	var dialErr error
	run(t, l, wait(func() Awaitable[*Stream] {
		return OpenConnection("tcp", ln.Addr().String(), WithTLS(client), WithHandshakeTimeout(100*time.Millisecond))
	}, func(_ *Stream, err error) { dialErr = err }))
	if !errors.Is(dialErr, ErrTimeout) {
		t.Errorf("dial of a silent server: %v, want an error wrapping ErrTimeout", dialErr)
	}
}
