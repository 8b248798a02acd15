package drive

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"syscall"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
)

// Slow is a handler: /slow sets Started, sleeps Delay, sets Done and
// answers 200 "slow" (Err holds what the sleep returned); anything else is
// 200 "hello".
type Slow struct {
	Delay   time.Duration
	Started runtime.Event
	Done    runtime.Event
	Err     error
}

// Serve is the handler.
//
// async
func (h *Slow) Serve(r *http.Request) (*http.Response, error) {
	if r.URL.Path != "/slow" {
		return asynchttp.Text(http.StatusOK, "hello"), nil
	}
	h.Started.Set()
	defer h.Done.Set()
	if _, err := runtime.Await(runtime.Sleep(h.Delay)); err != nil {
		h.Err = err
		return nil, err
	}
	return asynchttp.Text(http.StatusOK, "slow"), nil
}

// ShutdownSeen is what ShutdownGraceful saw.
type ShutdownSeen struct {
	Idle            string // what the idle connection read after Shutdown began
	IdleBeforeSlow  bool   // the idle connection ended while /slow was still running
	Refused         error  // the error of a connection attempted during Shutdown
	Begun           string // the answer to a request begun before Shutdown, finished after
	Slow            string // the answer to /slow, in progress when Shutdown began
	Silent          string // what a connection that never sent anything read
	ShutdownErr     error
	DoneBeforeSlow  bool // Shutdown returned before /slow's handler had ended
	DoneBeforeBegun bool // Shutdown returned before the begun request was answered
}

// ShutdownGraceful starts a server on the loop with four connections, then
// shuts it down: one idle after a request, one whose /slow request is in
// its handler, one that has sent part of a request, one that has sent
// nothing. It returns what each saw.
//
// async
func ShutdownGraceful() (ShutdownSeen, error) {
	var seen ShutdownSeen
	h := &Slow{Delay: time.Second}
	srv := &asynchttp.Server{Handler: h.ServeAsync}
	if _, err := runtime.Await(srv.Listen("127.0.0.1:0")); err != nil {
		return seen, err
	}
	defer srv.Close()
	addr := srv.Addr()
	idle, err := runtime.Await(runtime.OpenConnection("tcp", addr))
	if err != nil {
		return seen, err
	}
	defer idle.Close()
	idle.WriteString("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
	if _, err := runtime.Await(readResponseAsync(idle)); err != nil {
		return seen, err
	}
	slow, err := runtime.Await(runtime.OpenConnection("tcp", addr))
	if err != nil {
		return seen, err
	}
	defer slow.Close()
	slow.WriteString("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
	_, _ = runtime.Await(h.Started.Wait())
	begun, err := runtime.Await(runtime.OpenConnection("tcp", addr))
	if err != nil {
		return seen, err
	}
	defer begun.Close()
	begun.WriteString("GET /hello HTTP/1.1\r\n")
	silent, err := runtime.Await(runtime.OpenConnection("tcp", addr))
	if err != nil {
		return seen, err
	}
	defer silent.Close()
	// Let the server accept the connections and read what was sent.
	_, _ = runtime.Await(runtime.Sleep(time.Millisecond))

	done := runtime.Spawn(awaitShutdownAsync(srv))
	b, err := runtime.Await(idle.ReadAll())
	seen.Idle, seen.IdleBeforeSlow = string(b)+errText(err), !h.Done.IsSet()
	_, seen.Refused = runtime.Await(runtime.OpenConnection("tcp", addr))
	begun.WriteString("Host: x\r\n\r\n")
	b, err = runtime.Await(begun.ReadAll())
	seen.Begun, seen.DoneBeforeBegun = string(b)+errText(err), done.Done()
	b, err = runtime.Await(slow.ReadAll())
	seen.Slow, seen.DoneBeforeSlow = string(b)+errText(err), done.Done()
	b, err = runtime.Await(silent.ReadAll())
	seen.Silent = string(b) + errText(err)
	_, seen.ShutdownErr = runtime.Await(done)
	return seen, nil
}

// async
func awaitShutdown(srv *asynchttp.Server) {
	_, _ = runtime.Await(srv.Shutdown())
}

func errText(err error) string {
	if err != nil {
		return " error: " + err.Error()
	}
	return ""
}

// readResponse reads one response whose body has a Content-Length.
//
// async
func readResponse(s *runtime.Stream) (string, error) {
	hdr, err := runtime.Await(s.ReadUntil([]byte("\r\n\r\n")))
	if err != nil {
		return "", err
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(hdr)), nil)
	if err != nil {
		return "", err
	}
	if resp.ContentLength < 0 {
		return "", errors.New("response without a Content-Length")
	}
	body, err := runtime.Await(s.ReadExactly(int(resp.ContentLength)))
	return string(hdr) + string(body), err
}

// CancelSeen is what ShutdownCancelled saw.
type CancelSeen struct {
	ShutdownErr error  // the error of Shutdown under WaitFor
	Read        string // what the connection read
	HandlerErr  error  // what the handler's sleep returned
	Again       error  // the error of a second Shutdown
}

// ShutdownCancelled starts a server on the loop, sends a request whose
// handler sleeps an hour, shuts the server down under runtime.WaitFor
// with limit, then shuts it down again.
//
// async
func ShutdownCancelled(limit time.Duration) (CancelSeen, error) {
	var seen CancelSeen
	h := &Slow{Delay: time.Hour}
	srv := &asynchttp.Server{Handler: h.ServeAsync}
	s, err := runtime.Await(listenConnectAsync(srv))
	if err != nil {
		return seen, err
	}
	defer srv.Close()
	defer s.Close()
	s.WriteString("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
	_, _ = runtime.Await(h.Started.Wait())
	_, seen.ShutdownErr = runtime.Await(runtime.WaitFor(srv.Shutdown(), limit))
	b, err := runtime.Await(s.ReadAll())
	seen.Read = string(b) + errText(err)
	if _, err := runtime.Await(runtime.WaitFor(h.Done.Wait(), time.Minute)); err != nil {
		return seen, fmt.Errorf("the handler did not end: %w", err)
	}
	seen.HandlerErr = h.Err
	// The handler's end ends its connection's task in the same pass; a
	// second Shutdown then finds no connection left.
	_, _ = runtime.Await(runtime.Sleep(0))
	_, seen.Again = runtime.Await(runtime.Timeout(time.Second, srv.Shutdown()))
	return seen, nil
}

// ShutdownUnstarted shuts down a server that never listened.
//
// async
func ShutdownUnstarted() error {
	srv := &asynchttp.Server{Handler: HelloAsync}
	_, err := runtime.Await(srv.Shutdown())
	return err
}

// RacingAccept starts a server, connects to it and sends a whole request,
// then ends the server as soon as the connection is made, while the
// connection's task has been spawned by the accept but has not run:
// gracefully, with Shutdown, or with Close. It returns what the client
// read, nothing if the server closed the connection with the request
// unread.
//
// async
func RacingAccept(graceful bool) (string, error) {
	srv := &asynchttp.Server{Handler: HelloAsync}
	c, err := runtime.Await(listenConnectAsync(srv))
	if err != nil {
		return "", err
	}
	defer c.Close()
	c.WriteString("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	if !graceful {
		srv.Close()
	} else if _, err := runtime.Await(srv.Shutdown()); err != nil {
		return "", err
	}
	got, err := runtime.Await(c.ReadAll())
	if errors.Is(err, syscall.ECONNRESET) {
		err = nil // closed with the request unread
	}
	return string(got), err
}

// NewConnTimes is what ShutdownNewConnections measured, in loop time
// from the start of Shutdown.
type NewConnTimes struct {
	Silent, Stalled, Shutdown time.Duration // when each connection read its end, and when Shutdown returned
}

// ShutdownNewConnections starts a server with no header timeout and two
// new connections: one that has sent nothing for six seconds, and one,
// made just before Shutdown, that has sent part of its header section and
// stalls. It times their ends and Shutdown's.
//
// async
func ShutdownNewConnections() (NewConnTimes, error) {
	var out NewConnTimes
	srv := &asynchttp.Server{Handler: HelloAsync, ReadHeaderTimeout: -1}
	silent, err := runtime.Await(listenConnectAsync(srv))
	if err != nil {
		return out, err
	}
	defer silent.Close()
	l, _ := runtime.Await(runtime.RunningLoop())
	_, _ = runtime.Await(runtime.Sleep(6 * time.Second))
	stalled, err := runtime.Await(runtime.OpenConnection("tcp", srv.Addr()))
	if err != nil {
		return out, err
	}
	defer stalled.Close()
	stalled.WriteString("GET / HTTP/1.1\r\n")
	_, _ = runtime.Await(runtime.Sleep(0)) // the server reads it
	start := l.Now()
	ended := func(s *runtime.Stream, at *time.Duration) runtime.Coro[struct{}] {
		return readEndAsync(s, l, start, at)
	}
	a := runtime.Spawn(ended(silent, &out.Silent))
	b := runtime.Spawn(ended(stalled, &out.Stalled))
	_, err = runtime.Await(srv.Shutdown())
	out.Shutdown = l.Now() - start
	_, _ = runtime.Await(a)
	_, _ = runtime.Await(b)
	return out, err
}

// readEnd reads s to its end and sets at to the loop time since start.
//
// async
func readEnd(s *runtime.Stream, l *runtime.Loop, start time.Duration, at *time.Duration) {
	_, _ = runtime.Await(s.ReadAll())
	*at = l.Now() - start
}

// StrayCRLFSeen is what ShutdownAfterStrayCRLF saw.
type StrayCRLFSeen struct {
	Took time.Duration // the loop time Shutdown took
	Rest string        // what the connection read after the answer
}

// ShutdownAfterStrayCRLF posts on a kept-alive connection a body followed
// by the CRLF old clients add, reads the answer, then shuts the server
// down.
//
// async
func ShutdownAfterStrayCRLF() (StrayCRLFSeen, error) {
	var seen StrayCRLFSeen
	srv := &asynchttp.Server{Handler: HelloAsync}
	c, err := runtime.Await(listenConnectAsync(srv))
	if err != nil {
		return seen, err
	}
	defer c.Close()
	l, _ := runtime.Await(runtime.RunningLoop())
	c.WriteString("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc\r\n")
	if _, err := runtime.Await(c.ReadUntil([]byte("\r\n\r\nhello"))); err != nil {
		return seen, err
	}
	_, _ = runtime.Await(runtime.Sleep(0)) // the server reads the CRLF
	start := l.Now()
	if _, err := runtime.Await(srv.Shutdown()); err != nil {
		return seen, err
	}
	seen.Took = l.Now() - start
	rest, err := runtime.Await(c.ReadAll())
	seen.Rest = string(rest)
	return seen, err
}

// StallSeen is what the stall scenarios saw.
type StallSeen struct {
	Took     time.Duration // the loop time from the stalled write to the connection's end
	Shutdown time.Duration // the loop time Shutdown took, when there was one
	Got      string        // what the connection read (after the first answer unless pipelined)
}

// Stall sends, a moment after the first answer was read (or, pipelined,
// in the write of the first request itself), the start of a second
// request that then stalls, and reads the connection to its end; with
// shutdown, the server is shut down once those bytes are in.
//
// async
func Stall(pipelined, shutdown bool) (StallSeen, error) {
	var seen StallSeen
	l, _ := runtime.Await(runtime.RunningLoop())
	srv := &asynchttp.Server{Handler: HelloAsync, ReadHeaderTimeout: time.Second, IdleTimeout: time.Minute}
	c, err := runtime.Await(listenConnectAsync(srv))
	if err != nil {
		return seen, err
	}
	defer srv.Close()
	defer c.Close()
	first, stalled := "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\nHo"
	start := l.Now()
	if pipelined {
		c.WriteString(first + stalled)
	} else {
		c.WriteString(first)
		if _, err := runtime.Await(c.ReadUntil([]byte("\r\n\r\nhello"))); err != nil {
			return seen, err
		}
		_, _ = runtime.Await(runtime.Sleep(10 * time.Millisecond))
		start = l.Now()
		c.WriteString(stalled)
	}
	if shutdown {
		_, _ = runtime.Await(runtime.Sleep(0)) // the server reads it
		at := l.Now()
		if _, err := runtime.Await(srv.Shutdown()); err != nil {
			return seen, err
		}
		seen.Shutdown = l.Now() - at
	}
	got, err := runtime.Await(c.ReadAll())
	seen.Took, seen.Got = l.Now()-start, string(got)
	return seen, err
}

// CRLFThenRequestAtShutdown posts, reads the answer, then sends the
// "\r\n\r\n" an old client may add after a body together with a whole
// GET, and shuts the server down before the connection's task has read
// them. It returns what the connection read after the first answer.
//
// async
func CRLFThenRequestAtShutdown() (string, error) {
	srv := &asynchttp.Server{Handler: HelloAsync}
	c, err := runtime.Await(listenConnectAsync(srv))
	if err != nil {
		return "", err
	}
	defer c.Close()
	c.WriteString("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
	if _, err := runtime.Await(c.ReadUntil([]byte("\r\n\r\nhello"))); err != nil {
		return "", err
	}
	_, _ = runtime.Await(runtime.Sleep(10 * time.Millisecond))
	c.WriteString("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
	_, _ = runtime.Await(runtime.Sleep(0))
	if _, err := runtime.Await(srv.Shutdown()); err != nil {
		return "", err
	}
	rest, err := runtime.Await(c.ReadAll())
	return string(rest), err
}

// listenConnect starts srv on a free port and connects to it.
//
// async
func listenConnect(srv *asynchttp.Server) (*runtime.Stream, error) {
	if _, err := runtime.Await(srv.Listen("127.0.0.1:0")); err != nil {
		return nil, err
	}
	c, err := runtime.Await(runtime.OpenConnection("tcp", srv.Addr()))
	if err != nil {
		srv.Close()
		return nil, err
	}
	return c, nil
}
