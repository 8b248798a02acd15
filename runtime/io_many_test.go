//go:build linux

package runtime

import (
	"os"
	"strings"
	"testing"
)

// openSockets counts the process's open sockets. (Other descriptors come
// and go with the garbage collector's finalizers, e.g. of loops other tests
// did not close.)
func openSockets(t testing.TB) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	n := 0
	for _, e := range ents {
		if link, err := os.Readlink("/proc/self/fd/" + e.Name()); err == nil && strings.HasPrefix(link, "socket:") {
			n++
		}
	}
	return n
}

// TestManyConnections opens and closes 10,000 connections, in waves of 500
// at a time, and checks that every descriptor came back.
func TestManyConnections(t *testing.T) {
	const total, wave = 10000, 500
	l := NewLoop()
	defer l.Close()
	before := openSockets(t)
	srv := startServer(t, l, "tcp", "127.0.0.1:0", echo)
	client := func() Coro[struct{}] {
		var c *Stream
		return prog(
			dialStep(t, srv, &c),
			call(func() { c.Write([]byte{'!'}) }),
			wait(func() Awaitable[[]byte] { return c.ReadExactly(1) }, func(b []byte, err error) {
				if err != nil || string(b) != "!" {
					t.Errorf("echo = %q, %v", b, err)
				}
				c.Close()
			}),
		)
	}
	var tasks []*Task[struct{}]
	i, done := 0, 0
	run(t, l,
		call(func() {
			tasks = tasks[:0]
			for range wave {
				tasks = append(tasks, SpawnOn(l, client()))
			}
			i = 0
		}),
		wait(func() Awaitable[struct{}] { return tasks[i] }, nil),
		call(func() { i++ }),
		jumpIf(func() bool { return i < len(tasks) }, 1),
		call(func() { done += wave }),
		jumpIf(func() bool { return done < total }, 0),
		// Let the server's handlers see the ends and close their sides.
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil),
		jumpIf(func() bool { return l.tasks.len() > 1 }, 6),
		call(func() { srv.Close() }),
	)
	if after := openSockets(t); after != before {
		t.Errorf("open sockets: %d before, %d after %d connections", before, after, total)
	}
}
