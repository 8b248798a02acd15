package asynchttp_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
)

// TestServerShutdown checks Shutdown against net/http's: idle connections
// close at once, new ones are refused, a request in progress (in its
// handler, or begun on the wire) is answered with Connection: close, a
// connection that sends nothing is closed after a grace, and the await
// returns once all of them have ended. The server and its clients share
// one loop on a virtual clock.
func TestServerShutdown(t *testing.T) {
	seen, err := runtime.Run(drive.ShutdownGracefulAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	if err != nil {
		t.Fatal(err)
	}
	if seen.Idle != "" || !seen.IdleBeforeSlow {
		t.Errorf("idle connection read %q (before /slow ended: %v), want a clean end at once", seen.Idle, seen.IdleBeforeSlow)
	}
	if seen.Refused == nil {
		t.Error("a connection was accepted after Shutdown began")
	}
	for _, c := range []struct{ name, got, want string }{{"begun", seen.Begun, "hello"}, {"slow", seen.Slow, "slow"}} {
		if !strings.HasPrefix(c.got, "HTTP/1.1 200 OK\r\n") || !strings.Contains(c.got, "Connection: close\r\n") || !strings.HasSuffix(c.got, "\r\n\r\n"+c.want) {
			t.Errorf("%s connection read %q, want 200 %q with Connection: close, then the end", c.name, c.got, c.want)
		}
	}
	if seen.Silent != "" {
		t.Errorf("silent connection read %q, want a clean end", seen.Silent)
	}
	if seen.ShutdownErr != nil || seen.DoneBeforeBegun || seen.DoneBeforeSlow {
		t.Errorf("Shutdown = %v; returned before the begun request was answered: %v, before /slow was: %v",
			seen.ShutdownErr, seen.DoneBeforeBegun, seen.DoneBeforeSlow)
	}
}

// TestServerShutdownCancelled bounds Shutdown with runtime.WaitFor while a
// handler sleeps an hour: the await returns ErrTimeout, the connection is
// closed without an answer, the handler is cancelled, and no connection is
// left for a second Shutdown to wait for.
func TestServerShutdownCancelled(t *testing.T) {
	seen, err := runtime.Run(drive.ShutdownCancelledAsync(time.Second), runtime.WithClock(runtime.NewVirtualClock()))
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(seen.ShutdownErr, runtime.ErrTimeout) {
		t.Errorf("Shutdown under WaitFor = %v, want ErrTimeout", seen.ShutdownErr)
	}
	if strings.Contains(seen.Read, "HTTP/1.1") {
		t.Errorf("connection read %q, want no answer", seen.Read)
	}
	if !errors.Is(seen.HandlerErr, runtime.ErrCancelled) {
		t.Errorf("handler's sleep returned %v, want ErrCancelled", seen.HandlerErr)
	}
	if seen.Again != nil {
		t.Errorf("second Shutdown = %v, want nil", seen.Again)
	}
}

func TestServerShutdownUnstarted(t *testing.T) {
	if _, err := runtime.Run(drive.ShutdownUnstartedAsync()); err != nil {
		t.Errorf("Shutdown of a server that never listened = %v", err)
	}
}

// TestServerShutdownRacingAccept shuts the server down in the pass after
// it accepted a connection whose request is on its way, before the
// connection's task ran: Shutdown waits for it and the request is
// answered, with Connection: close, as net/http answers a new
// connection's first request during Shutdown.
func TestServerShutdownRacingAccept(t *testing.T) {
	for range 20 {
		got, err := runtime.Run(drive.RacingAcceptAsync(true), runtime.WithClock(runtime.NewVirtualClock()))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(got, "HTTP/1.1 200 OK\r\n") || !strings.Contains(got, "Connection: close\r\n") {
			t.Fatalf("the client read %q, want 200 with Connection: close", got)
		}
	}
}

// TestServerShutdownNewConnections: as net/http's Shutdown closes a
// connection still in StateNew five seconds after its accept, a new
// connection silent for six seconds is closed at once, and one stalled
// inside its first header section five seconds after it was made, even
// with no header timeout.
func TestServerShutdownNewConnections(t *testing.T) {
	got, err := runtime.Run(drive.ShutdownNewConnectionsAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	if err != nil {
		t.Fatal(err)
	}
	if got.Silent != 0 || got.Stalled < 4*time.Second || got.Stalled > 5*time.Second || got.Shutdown != got.Stalled {
		t.Errorf("silent connection closed after %v, stalled one after %v, Shutdown returned after %v; want 0, 5s, 5s", got.Silent, got.Stalled, got.Shutdown)
	}
}

// TestServerShutdownAfterStrayCRLF: the CRLF an old client sends after a
// POST's body is not the start of a request, so Shutdown closes the
// connection as idle, at once, as net/http's does.
func TestServerShutdownAfterStrayCRLF(t *testing.T) {
	seen, err := runtime.Run(drive.ShutdownAfterStrayCRLFAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	if err != nil {
		t.Fatal(err)
	}
	if seen.Took != 0 || seen.Rest != "" {
		t.Errorf("Shutdown took %v and the connection then read %q; want at once, and nothing more", seen.Took, seen.Rest)
	}
}

// TestServerStall: a kept-alive connection's next request has the header
// timeout once its first bytes have come, whether they came with the
// previous request (pipelined) or after its answer, as net/http starts it
// then; the idle timeout only bounds the wait for those bytes. A Shutdown
// waits for such a request, not for the idle timeout.
func TestServerStall(t *testing.T) {
	for _, tc := range []struct {
		name                string
		pipelined, shutdown bool
	}{{"pipelined", true, false}, {"after the answer", false, false}, {"at Shutdown", false, true}} {
		t.Run(tc.name, func(t *testing.T) {
			seen, err := runtime.Run(drive.StallAsync(tc.pipelined, tc.shutdown), runtime.WithClock(runtime.NewVirtualClock()))
			if err != nil {
				t.Fatal(err)
			}
			// The 408 comes after the header timeout, 1s; the server then
			// lingers half a second before it closes, as net/http does
			// after an error answer, and Shutdown waits for that.
			if !strings.Contains(seen.Got, "408 Request Timeout") || seen.Took < time.Second || seen.Took > 1500*time.Millisecond || seen.Shutdown > 1500*time.Millisecond {
				t.Errorf("after %v (Shutdown %v) the connection had read %q; want 408 after the header timeout, 1s", seen.Took, seen.Shutdown, seen.Got)
			}
		})
	}
}

// TestServerCRLFThenRequestAtShutdown: an old client's CR/LF after a POST,
// then a whole request, are read at Shutdown as the request alone would
// be: it is answered, with Connection: close.
func TestServerCRLFThenRequestAtShutdown(t *testing.T) {
	got, err := runtime.Run(drive.CRLFThenRequestAtShutdownAsync())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, "HTTP/1.1 200 OK\r\n") || !strings.Contains(got, "Connection: close\r\n") {
		t.Errorf("the request after the CR/LF was answered %q, want 200 with Connection: close", got)
	}
}

// TestServerCloseRacingAccept closes the server in the pass after it
// accepted a connection whose request is on its way, before the
// connection's task ran: the connection is closed unanswered, as
// net/http's Close closes a connection in StateNew.
func TestServerCloseRacingAccept(t *testing.T) {
	for range 20 {
		got, err := runtime.Run(drive.RacingAcceptAsync(false), runtime.WithClock(runtime.NewVirtualClock()))
		if err != nil {
			t.Fatal(err)
		}
		if got != "" {
			t.Fatalf("the client read %q, want nothing", got)
		}
	}
}
