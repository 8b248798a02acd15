//go:build linux

package runtime

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	stdruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// The echo benchmarks run the server in the benchmark process and the
// clients in a child process (this test binary again, see TestMain), so that
// GOMAXPROCS (-cpu) applies to the server alone and the client's memory is
// not counted. The same client drives the loop's server and a net
// goroutine-per-connection server.
//
//	go test -run '^$' -bench Echo -benchtime 200000x -cpu 1,2 ./runtime/
//	go test -run '^$' -bench IdleConn -benchtime 1x -cpu 1,2 ./runtime/

const echoMsg = 64
const serverBuf = 1 << 10 // read buffer per connection, both servers

func TestMain(m *testing.M) {
	if spec := os.Getenv("ASYNCGEN_ECHO_CLIENT"); spec != "" {
		os.Exit(echoClient(spec))
	}
	if addr := os.Getenv("ASYNCGEN_LATE_BYTE"); addr != "" {
		os.Exit(lateByteClient(addr))
	}
	os.Exit(m.Run())
}

// echoFrame is the state machine asyncgen would generate for
//
//	//async
//	func echoConn(s *Stream, buf []byte) {
//		for {
//			n, err := runtime.Await(s.Read(buf))
//			if err != nil {
//				return
//			}
//			s.Write(buf[:n])
//			if _, err := runtime.Await(s.Drain()); err != nil {
//				return
//			}
//		}
//	}
//
// or, with lines set, for the asyncio way, which holds no buffer of its own:
//
//	//async
//	func echoLines(s *Stream) {
//		for {
//			line, err := runtime.Await(s.ReadLine())
//			if err != nil {
//				return
//			}
//			s.Write(line)
//			if _, err := runtime.Await(s.Drain()); err != nil {
//				return
//			}
//		}
//	}
type echoFrame struct {
	asyncimpl.Base[struct{}]
	s     *Stream
	buf   []byte
	lines bool
	rd    Awaitable[int]
	rl    Awaitable[[]byte]
	dr    Awaitable[struct{}]
}

var echoFunc = &asyncimpl.Func{Name: "runtime.echoConn", File: "io_bench_test.go", Line: 1}

func echoConn(s *Stream, buf []byte) Coro[struct{}] {
	f := &echoFrame{s: s, buf: buf}
	return asyncimpl.NewCoro[struct{}](f, &f.Base, echoFunc)
}

func (f *echoFrame) Step(t *asyncimpl.Task) asyncimpl.Status {
	for {
		switch f.State {
		case 0:
			if f.lines {
				f.rl = f.s.ReadLine()
			} else {
				f.rd = f.s.Read(f.buf)
			}
			f.State = 1
		case 1:
			var p []byte
			var err error
			if t.Interrupted {
				err = t.Cancelled()
			} else if f.lines {
				if st := t.Polled(f.rl.Poll(t)); st != asyncimpl.Ready {
					return st
				}
				p, err = f.rl.Result()
			} else {
				if st := t.Polled(f.rd.Poll(t)); st != asyncimpl.Ready {
					return st
				}
				var n int
				n, err = f.rd.Result()
				p = f.buf[:n]
			}
			f.rd, f.rl = nil, nil
			if err != nil {
				return asyncimpl.Return
			}
			f.s.Write(p)
			f.dr = f.s.Drain()
			f.State = 2
		case 2:
			var err error
			if t.Interrupted {
				err = t.Cancelled()
			} else {
				if st := t.Polled(f.dr.Poll(t)); st != asyncimpl.Ready {
					return st
				}
				_, err = f.dr.Result()
			}
			f.dr = nil
			if err != nil {
				return asyncimpl.Return
			}
			f.State = 0
		}
	}
}

// echoServer is a server under test: its address, and stop, which returns
// once the server is down.
type echoServer struct {
	addr string
	// serve runs the server until done is closed; it blocks.
	serve func(done <-chan struct{})
}

// Handlers of loopServer.
const (
	ownBuf    = iota // Read into a buffer of the connection's own
	sharedBuf        // Read into one buffer shared by every connection
	lines            // ReadLine: no buffer but the stream's unconsumed bytes
)

// loopServer is StartServer with echoConn. Sharing one read buffer is safe
// on the loop: a read fills its slice only when it completes, and Write
// copies what it cannot send at once.
func loopServer(b *testing.B, handler int) echoServer {
	l := NewLoop()
	var srv *Server
	one := make([]byte, serverBuf)
	h := func(s *Stream) Coro[struct{}] {
		switch handler {
		case sharedBuf:
			return echoConn(s, one)
		case lines:
			c := echoConn(s, nil)
			c.Frame().(*echoFrame).lines = true
			return c
		}
		return echoConn(s, make([]byte, serverBuf))
	}
	run(b, l, wait(func() Awaitable[*Server] { return StartServer("tcp", "127.0.0.1:0", h) }, func(s *Server, err error) {
		if err != nil {
			b.Fatal(err)
		}
		srv = s
	}))
	return echoServer{addr: srv.Addr().String(), serve: func(done <-chan struct{}) {
		go func() {
			<-done
			l.CallSoonThreadsafe(srv.Close)
		}()
		run(b, l, wait(func() Awaitable[struct{}] { return srv.Serve() }, nil))
		l.cancelAll() // the handlers of connections still open, as Run ends them
		l.Close()
	}}
}

// netServer is the goroutine-per-connection server of package net.
func netServer(b *testing.B) echoServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go func() {
				buf := make([]byte, serverBuf)
				for {
					n, err := c.Read(buf)
					if err != nil {
						c.Close()
						return
					}
					if _, err := c.Write(buf[:n]); err != nil {
						c.Close()
						return
					}
				}
			}()
		}
	}()
	return echoServer{addr: ln.Addr().String(), serve: func(done <-chan struct{}) {
		<-done
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	}}
}

// clientResult is what the client process reports.
type clientResult struct {
	msgs    int
	elapsed time.Duration
	p50     time.Duration
	p99     time.Duration
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runClient starts the client process against addr with conns connections
// making msgs round trips each (0: connect, say "ready", wait for stdin to
// close), and calls ready once the connections are up.
func runClient(b *testing.B, addr string, conns, msgs int, ready func()) clientResult {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("ASYNCGEN_ECHO_CLIENT=%s,%d,%d", addr, conns, msgs), "GOMAXPROCS=")
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	var res clientResult
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 1 && f[0] == "ready":
			if ready != nil {
				ready()
			}
			stdin.Close()
		case len(f) == 5 && f[0] == "result":
			res.msgs, _ = strconv.Atoi(f[1])
			e, _ := strconv.ParseInt(f[2], 10, 64)
			p50, _ := strconv.ParseInt(f[3], 10, 64)
			p99, _ := strconv.ParseInt(f[4], 10, 64)
			res.elapsed, res.p50, res.p99 = time.Duration(e), time.Duration(p50), time.Duration(p99)
		}
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		b.Fatalf("echo client: %v", err)
	}
	return res
}

// echoClient is the client process: spec is addr,conns,msgs.
func echoClient(spec string) int {
	parts := strings.Split(spec, ",")
	addr := parts[0]
	conns, _ := strconv.Atoi(parts[1])
	msgs, _ := strconv.Atoi(parts[2])
	cs := make([]net.Conn, conns)
	for i := range cs {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "dial:", err)
			return 1
		}
		cs[i] = c
	}
	msg := make([]byte, echoMsg)
	msg[echoMsg-1] = '\n' // a line, for the ReadLine handler
	if msgs == 0 {
		// Idle mode: one round trip each so every handler has run, then hold.
		reply := make([]byte, echoMsg)
		for _, c := range cs {
			c.Write(msg)
			io.ReadFull(c, reply)
		}
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin)
		return 0
	}
	lats := make([][]time.Duration, conns)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reply := make([]byte, echoMsg)
			lat := make([]time.Duration, 0, msgs)
			<-start
			for range msgs {
				t0 := time.Now()
				if _, err := c.Write(msg); err != nil {
					fmt.Fprintln(os.Stderr, "write:", err)
					os.Exit(1)
				}
				if _, err := io.ReadFull(c, reply); err != nil {
					fmt.Fprintln(os.Stderr, "read:", err)
					os.Exit(1)
				}
				lat = append(lat, time.Since(t0))
			}
			lats[i] = lat
		}()
	}
	fmt.Println("ready") // the server starts counting its CPU time
	t0 := time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(t0)
	all := slices.Concat(lats...)
	slices.Sort(all)
	for _, c := range cs {
		c.Close()
	}
	fmt.Printf("result %d %d %d %d\n", len(all), elapsed.Nanoseconds(), all[len(all)/2].Nanoseconds(), all[len(all)*99/100].Nanoseconds())
	return 0
}

func BenchmarkEcho(b *testing.B) {
	// One connection is a ping-pong: the server parks after every reply,
	// so it measures the cost of going idle and waking more than the
	// cost of a message.
	for _, conns := range []int{1, 100, 10000} {
		for _, kind := range []string{"loop", "net"} {
			b.Run(fmt.Sprintf("conns=%d/%s", conns, kind), func(b *testing.B) {
				var srv echoServer
				if kind == "loop" {
					srv = loopServer(b, ownBuf)
				} else {
					srv = netServer(b)
				}
				msgs := max(1, b.N/conns)
				done := make(chan struct{})
				var res clientResult
				var cpu0, cpu1 time.Duration
				go func() {
					defer close(done)
					res = runClient(b, srv.addr, conns, msgs, func() { cpu0 = cpuTime() })
					cpu1 = cpuTime()
				}()
				srv.serve(done)
				b.ReportMetric(float64(res.msgs)/res.elapsed.Seconds(), "msgs/s")
				b.ReportMetric(float64(res.p50.Microseconds()), "p50-µs")
				b.ReportMetric(float64(res.p99.Microseconds()), "p99-µs")
				// The server's CPU time per message (this process only: the
				// client is a child) is less disturbed by a busy machine than
				// the rate.
				b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/float64(res.msgs)/1e3, "cpu-µs/msg")
			})
		}
	}
}

// BenchmarkIdleConn holds 10,000 idle connections (each has echoed one
// message) and reports the server's heap and stack growth per connection.
// It measures once whatever b.N is: run it with -benchtime 1x.
func BenchmarkIdleConn(b *testing.B) {
	const conns = 10000
	for _, kind := range []string{"loop", "loop-shared-buf", "loop-lines", "net"} {
		b.Run(kind, func(b *testing.B) {
			{
				stdruntime.GC()
				var before stdruntime.MemStats
				stdruntime.ReadMemStats(&before)
				var srv echoServer
				switch kind {
				case "loop":
					srv = loopServer(b, ownBuf)
				case "loop-shared-buf":
					srv = loopServer(b, sharedBuf)
				case "loop-lines":
					srv = loopServer(b, lines)
				default:
					srv = netServer(b)
				}
				done := make(chan struct{})
				var perConn float64
				go func() {
					defer close(done)
					runClient(b, srv.addr, conns, 0, func() {
						// Measured from another goroutine while the server
						// runs: the loop (or the goroutines) hold every
						// connection.
						stdruntime.GC()
						var after stdruntime.MemStats
						stdruntime.ReadMemStats(&after)
						used := int64(after.HeapInuse+after.StackInuse) - int64(before.HeapInuse+before.StackInuse)
						perConn = float64(used) / conns
					})
				}()
				srv.serve(done)
				b.ReportMetric(perConn, "bytes/conn")
			}
		})
	}
}
