//go:build linux

package runtime

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	stdruntime "runtime"
	"runtime/debug"
	"testing"
	"time"
)

// lateByteClient is the child process of TestToThreadWhileIOBusy: it
// connects to addr, waits, sends one byte, then reads until the end.
func lateByteClient(addr string) int {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dial:", err)
		return 1
	}
	time.Sleep(200 * time.Millisecond)
	c.Write([]byte{1})
	io.Copy(io.Discard, c)
	return 0
}

// TestToThreadWhileIOBusy checks that a loop kept busy by I/O still lets
// other goroutines run at GOMAXPROCS=1. The loop's reads and writes do not
// go through the scheduler (rawRead), so nothing but the loop's own
// occasional visible system call (poller.poll) wakes the runtime's monitor
// once it has gone to sleep, and only the monitor preempts a goroutine that
// does not block. Here the loop idles, with no timer pending and the
// garbage collector off, until a byte from a child process sets off a
// ping-pong between a connection and the loop's own echo server, which
// keeps an event always ready so that the loop never parks; the worker of
// a ToThread call started then must still get the one P, and the call
// complete. A regression hangs.
func TestToThreadWhileIOBusy(t *testing.T) {
	defer stdruntime.GOMAXPROCS(stdruntime.GOMAXPROCS(1))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	l := NewLoop()
	defer l.Close()
	echoSrv := startServer(t, l, "tcp", "127.0.0.1:0", echo)
	var c *Stream
	run(t, l, dialStep(t, echoSrv, &c))

	msg := []byte("ping")
	done := false
	rounds := 0
	var perr error
	pinger := prog(
		call(func() { c.Write(msg) }),
		wait(func() Awaitable[[]byte] { return c.ReadExactly(len(msg)) }, func(_ []byte, err error) {
			perr = err
			rounds++
		}),
		exitIf(func() bool { return done || perr != nil }),
		jump(0),
	)
	fin := NewFuture[string]()
	trigger := func(s *Stream) Coro[struct{}] {
		b := make([]byte, 1)
		var task *Task[struct{}]
		var got string
		return prog(
			wait(func() Awaitable[int] { return s.Read(b) }, nil),
			call(func() { task = SpawnOn(l, pinger) }),
			wait(func() Awaitable[string] {
				return ToThread(func() (string, error) { return "worker ran", nil })
			}, func(v string, err error) {
				got = fmt.Sprint(v, err)
				done = true
			}),
			wait(func() Awaitable[struct{}] { return task }, nil),
			call(func() {
				s.Close()
				fin.SetResult(got)
			}),
		)
	}
	trigSrv := startServer(t, l, "tcp", "127.0.0.1:0", trigger)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "ASYNCGEN_LATE_BYTE="+trigSrv.Addr().String())
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var got string
	run(t, l, wait(func() Awaitable[string] { return fin }, func(v string, err error) { got = v }))
	if err := cmd.Wait(); err != nil {
		t.Error(err)
	}
	if got != "worker ran<nil>" || perr != nil {
		t.Fatalf("ToThread = %q, pinger error %v", got, perr)
	}
	t.Logf("%d round trips while the worker waited", rounds)
	c.Close()
	echoSrv.Close()
	trigSrv.Close()
}
