//go:build linux

package runtime

import (
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// Cancelling a TLS OpenConnection whose handshake waits on a peer that
// never answers (a TCP listener that does not speak TLS, a black hole
// behind a proxy) closes the connection being made: the dial's goroutine
// and its socket stayed until the peer spoke, here for ever.
func TestNetioTLSDialCancelledMidHandshake(t *testing.T) {
	_, ccfg := testTLSConfigs(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan struct{})
	peerEnd := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			peerEnd <- err
			return
		}
		defer c.Close()
		close(accepted)
		// A guard against a hang, not a measure: the dialer's end comes
		// as soon as the dial is cancelled.
		c.SetReadDeadline(time.Now().Add(20 * time.Second))
		_, err = io.Copy(io.Discard, c) // the ClientHello, then the end
		peerEnd <- err
	}()
	l := NewLoop()
	defer l.Close()
	var dialer *Task[struct{}]
	var dialErr error
	run(t, l,
		call(func() {
			dialer = SpawnOn(l, prog(wait(func() Awaitable[*Stream] { return OpenConnection("tcp", ln.Addr().String(), WithTLS(ccfg)) },
				func(s *Stream, err error) {
					if s != nil {
						s.Close()
					}
					dialErr = err
				})))
		}),
		wait(func() Awaitable[struct{}] {
			return ToThread(func() (struct{}, error) { <-accepted; return struct{}{}, nil })
		}, nil),
		call(func() { dialer.Cancel() }),
		wait(func() Awaitable[struct{}] { return dialer }, nil),
	)
	if !errors.Is(dialErr, ErrCancelled) {
		t.Errorf("cancelled TLS dial = %v, want ErrCancelled", dialErr)
	}
	if err := <-peerEnd; err != nil {
		t.Errorf("the peer of a cancelled TLS dial: %v, want the end of the stream", err)
	}
}
