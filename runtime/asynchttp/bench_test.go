package asynchttp_test

// Benchmarks of the client and the server beside net/http's, in the same
// run. The server under test runs in a child process (this test binary,
// re-executed with ASYNCHTTP_BENCH_SERVER set), so that the allocations
// and CPU of one side do not count for the other:
//
//	go test ./runtime/asynchttp -run '^$' -bench . -benchmem -benchtime 3x
//
// BenchmarkClient: 10,000 GETs, 200 at a time, from a fresh client (200
// connections) against a net/http server; one op is the 10,000 requests.
// BenchmarkClientHeld: the memory each client holds per request while 200
// wait at the server.
// BenchmarkServer: a keep-alive load of 64 connections against our server
// and net/http's, each at GOMAXPROCS=1 and at the default; one op is one
// request.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	goruntime "runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
)

const benchServerEnv = "ASYNCHTTP_BENCH_SERVER"

// TestMain turns the test binary into a benchmark server when asked to.
func TestMain(m *testing.M) {
	switch os.Getenv(benchServerEnv) {
	case "":
		os.Exit(m.Run())
	case "asynchttp":
		go exitWithStdin()
		urls := make(chan string, 1)
		go func() { fmt.Println(<-urls) }()
		_, err := runtime.Run(drive.ServeAsync(&asynchttp.Server{Handler: drive.HelloAsync}, urls))
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	case "net/http":
		go exitWithStdin()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		fmt.Println("http://" + ln.Addr().String())
		var h holder
		http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if h.serve(w, r) {
				return
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			io.WriteString(w, "hello")
		}))
	}
}

// exitWithStdin ends the server when its parent closes the pipe.
func exitWithStdin() {
	io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

// benchServer starts a server child process and returns its URL and pid.
func benchServer(b *testing.B, kind string, procs int) (string, int) {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), benchServerEnv+"="+kind)
	if procs > 0 {
		cmd.Env = append(cmd.Env, "GOMAXPROCS="+strconv.Itoa(procs))
	}
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("benchmark server: %v", err)
	}
	return line[:len(line)-1], cmd.Process.Pid
}

// cpuTime is the CPU time (user and system) process pid has used; pid 0
// means this process. On a shared machine it moves less than wall time.
func cpuTime(b *testing.B, pid int) time.Duration {
	if pid == 0 {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// Fields 14 and 15 (utime, stime, in clock ticks) follow the command
	// name, which is in parentheses and may hold spaces.
	f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+2:]))
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * (time.Second / 100) // USER_HZ is 100 on Linux
}

// peakMemory samples, while it runs, the memory in use: heap objects and
// goroutine stacks. Heap in use right after a collection is what the client
// holds (connections, buffers, goroutines); between collections it is
// mostly garbage, whose ceiling GOGC sets. peakLive forces a collection at
// each sample (so it runs outside the timed loop), peakInUse does not.
type peakMemory struct {
	gc         bool
	base, peak uint64
	stop       chan struct{}
	done       sync.WaitGroup
}

func inUse(gc bool) uint64 {
	if gc {
		goruntime.GC()
	}
	var ms goruntime.MemStats
	goruntime.ReadMemStats(&ms)
	if gc {
		return ms.HeapAlloc + ms.StackInuse
	}
	return ms.HeapInuse + ms.StackInuse
}

func startPeak(gc bool) *peakMemory {
	goruntime.GC()
	p := &peakMemory{gc: gc, base: inUse(gc), stop: make(chan struct{})}
	p.done.Go(func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.peak = max(p.peak, inUse(p.gc))
			}
		}
	})
	return p
}

// end returns the peak above the level at start, in MiB.
func (p *peakMemory) end() float64 {
	close(p.stop)
	p.done.Wait()
	if p.peak < p.base {
		return 0
	}
	return float64(p.peak-p.base) / (1 << 20)
}

const (
	clientRequests    = 10000
	clientConcurrency = 200
)

// loadOurs gets url n times, clientConcurrency at a time, from a fresh
// asynchttp client on a loop of its own.
func loadOurs(b *testing.B, url string, n int) {
	c := &asynchttp.Client{MaxConnsPerHost: clientConcurrency}
	ok, err := runtime.Run(drive.LoadAsync(c, url, n, clientConcurrency))
	if err != nil || ok != n {
		b.Fatalf("%d of %d requests: %v", ok, n, err)
	}
}

// loadTheirs does the same from a fresh net/http client, one goroutine per
// request in flight.
func loadTheirs(b *testing.B, url string, n int) {
	tr := &http.Transport{MaxIdleConnsPerHost: clientConcurrency, MaxConnsPerHost: clientConcurrency}
	c := &http.Client{Transport: tr}
	var next, ok atomic.Int64
	var wg sync.WaitGroup
	for range clientConcurrency {
		wg.Go(func() {
			for next.Add(1) <= int64(n) {
				resp, err := c.Get(url)
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					ok.Add(1)
				}
			}
		})
	}
	wg.Wait()
	tr.CloseIdleConnections()
	if ok.Load() != int64(n) {
		b.Fatalf("%d of %d requests", ok.Load(), n)
	}
}

var clientSides = []struct {
	name string
	load func(b *testing.B, url string, n int)
}{{"asynchttp", loadOurs}, {"net-http", loadTheirs}}

func BenchmarkClient(b *testing.B) {
	url, _ := benchServer(b, "net/http", 0)
	url += "/"
	for _, side := range clientSides {
		b.Run(side.name, func(b *testing.B) {
			b.ReportAllocs()
			var peak float64
			cpu0 := cpuTime(b, 0)
			for b.Loop() {
				p := startPeak(false)
				side.load(b, url, clientRequests)
				peak = max(peak, p.end())
			}
			b.StopTimer()
			b.ReportMetric(float64((cpuTime(b, 0)-cpu0).Microseconds())/float64(b.N*clientRequests), "cpu-µs/req")
			b.ReportMetric(float64(b.N*clientRequests)/b.Elapsed().Seconds(), "req/s")
			b.ReportMetric(peak, "peak-inuse-MiB")
			p := startPeak(true)
			side.load(b, url, clientRequests)
			b.ReportMetric(p.end(), "peak-live-MiB")
		})
	}
}

// BenchmarkClientHeld measures the memory each client holds per request
// in flight: 200 GETs of /hold, which the server answers only once all
// 200 have arrived and the memory was read. held-B/req is the heap live
// after two forced collections, plus goroutine stacks, above the level
// before the client was made, divided by 200: connections, buffers, tasks
// or goroutines, requests. Nothing allocates while it is read, so unlike
// peak-live it does not count garbage made during a collection, and it
// does not move with the machine's load.
func BenchmarkClientHeld(b *testing.B) {
	url, _ := benchServer(b, "net/http", 0)
	addr := strings.TrimPrefix(url, "http://")
	for _, side := range clientSides {
		b.Run(side.name, func(b *testing.B) {
			var held uint64
			for b.Loop() {
				base := settled()
				measured := make(chan uint64, 1)
				go func() {
					for control(b, addr, "/held") != strconv.Itoa(clientConcurrency) {
						time.Sleep(time.Millisecond)
					}
					time.Sleep(20 * time.Millisecond) // the client parks its last reads
					measured <- settled()
					control(b, addr, "/release")
				}()
				side.load(b, url+"/hold", clientConcurrency)
				if m := <-measured; m > base {
					held = max(held, m-base)
				}
			}
			b.ReportMetric(float64(held)/clientConcurrency, "held-B/req")
		})
	}
}

// settled is the heap live after two forced collections (the second frees
// what finalizers of the first released) plus goroutine stacks.
func settled() uint64 {
	goruntime.GC()
	goruntime.GC()
	var ms goruntime.MemStats
	goruntime.ReadMemStats(&ms)
	return ms.HeapAlloc + ms.StackInuse
}

// control gets path from the benchmark server on a connection of its own,
// outside the client under test, and returns the body.
func control(b *testing.B, addr, path string) string {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		b.Error(err)
		return ""
	}
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n", path)
	resp, err := io.ReadAll(c)
	if err != nil {
		b.Error(err)
	}
	_, body, _ := bytes.Cut(resp, []byte("\r\n\r\n"))
	return string(body)
}

// holder serves the paths of BenchmarkClientHeld in the net/http server:
// /hold answers only after the next /release, /held is the number of
// requests /hold keeps waiting.
type holder struct {
	mu      sync.Mutex
	n       int
	release chan struct{}
}

func (h *holder) serve(w http.ResponseWriter, r *http.Request) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch r.URL.Path {
	case "/hold":
		if h.release == nil {
			h.release = make(chan struct{})
		}
		ch := h.release
		h.n++
		h.mu.Unlock()
		<-ch
		h.mu.Lock()
		io.WriteString(w, "hello")
	case "/held":
		io.WriteString(w, strconv.Itoa(h.n))
	case "/release":
		if h.release != nil {
			close(h.release)
		}
		h.release, h.n = nil, 0
	default:
		return false
	}
	return true
}

// BenchmarkPeakFloor is the floor of peak-inuse: the same sampler around
// a loop that allocates, over about as long as a client run, what the
// asynchttp client allocates for its 10,000 requests (2.5 KB in 28 objects
// each) and keeps none of it. The collector lets the heap reach 4 MiB
// (GOGC=100) before it starts a cycle, so any run that allocates more than
// that shows about this much peak in use whatever it keeps alive.
//
// peak-live, sampled the same way, is not zero either: a collection counts
// as live what is allocated while it marks, and the sampler's forced
// collections compete for the CPU with the allocating loop.
func BenchmarkPeakFloor(b *testing.B) {
	run := func() {
		for i := range clientRequests {
			for range 28 {
				garbage = make([]byte, 88)
			}
			if i%32 == 0 {
				time.Sleep(time.Millisecond)
			}
		}
	}
	var peak float64
	for b.Loop() {
		p := startPeak(false)
		run()
		peak = max(peak, p.end())
	}
	b.ReportMetric(peak, "peak-inuse-MiB")
	p := startPeak(true)
	run()
	b.ReportMetric(p.end(), "peak-live-MiB")
}

var garbage []byte

// loadConns is the number of keep-alive connections of the server load.
const loadConns = 64

func BenchmarkServer(b *testing.B) {
	for _, procs := range []int{1, 0} {
		for _, kind := range []string{"asynchttp", "net/http"} {
			name := fmt.Sprintf("%s/GOMAXPROCS=%d", map[string]string{"asynchttp": "asynchttp", "net/http": "net-http"}[kind], procs)
			if procs == 0 {
				name = fmt.Sprintf("%s/GOMAXPROCS=default(%d)", map[string]string{"asynchttp": "asynchttp", "net/http": "net-http"}[kind], goruntime.NumCPU())
			}
			b.Run(name, func(b *testing.B) {
				url, pid := benchServer(b, kind, procs)
				cpu0 := cpuTime(b, pid)
				load(b, url[len("http://"):])
				b.StopTimer()
				b.ReportMetric(float64((cpuTime(b, pid)-cpu0).Microseconds())/float64(b.N), "server-cpu-µs/req")
			})
		}
	}
}

// load sends b.N keep-alive GETs over loadConns connections, each waiting
// for its answer before the next, and reports requests per second.
func load(b *testing.B, addr string) {
	req := []byte("GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
	conns := make([]net.Conn, loadConns)
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		conns[i] = c
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for _, c := range conns {
		wg.Go(func() {
			br := bufio.NewReader(c)
			for next.Add(1) <= int64(b.N) {
				if _, err := c.Write(req); err != nil {
					b.Error(err)
					return
				}
				if err := readResponse(br); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// readResponse reads one response with a Content-Length body, cheaply: the
// load generator must cost little beside the servers it measures.
func readResponse(br *bufio.Reader) error {
	n := -1
	status := false
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		if !status {
			if !bytes.HasPrefix(line, []byte("HTTP/1.1 200 ")) {
				return fmt.Errorf("status line %q", line)
			}
			status = true
			continue
		}
		if len(line) <= 2 {
			break
		}
		if v, ok := bytes.CutPrefix(line, []byte("Content-Length: ")); ok {
			n, _ = strconv.Atoi(string(bytes.TrimSpace(v)))
		}
	}
	if n < 0 {
		return fmt.Errorf("no Content-Length")
	}
	_, err := br.Discard(n)
	return err
}
