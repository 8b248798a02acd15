package drive

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
)

// Result is what a fetch saw.
type Result struct {
	Status  int
	Header  http.Header
	Trailer http.Header
	Body    string
	TLS     *tls.ConnectionState
}

// Fetch gets url and reads its body with ReadAll; a body cut short gives
// what arrived with the error.
//
// async
func Fetch(c *asynchttp.Client, url string) (Result, error) {
	resp, err := runtime.Await(c.Get(url))
	if err != nil {
		return Result{}, err
	}
	defer resp.Close()
	b, err := runtime.Await(resp.ReadAll())
	return Result{Status: resp.StatusCode, Header: resp.Header, Trailer: resp.Trailer, Body: string(b), TLS: resp.TLS}, err
}

// Send does req and reads its body with ReadAll.
//
// async
func Send(c *asynchttp.Client, req *http.Request) (Result, error) {
	resp, err := runtime.Await(c.Do(req))
	if err != nil {
		return Result{}, err
	}
	defer resp.Close()
	b, err := runtime.Await(resp.ReadAll())
	if err != nil {
		return Result{}, err
	}
	return Result{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}, nil
}

// FetchRead gets url and reads its body with Read, size bytes at a time.
//
// async
func FetchRead(c *asynchttp.Client, url string, size int) (Result, error) {
	resp, err := runtime.Await(c.Get(url))
	if err != nil {
		return Result{}, err
	}
	defer resp.Close()
	var out []byte
	buf := make([]byte, size)
	for {
		n, err := runtime.Await(resp.Read(buf))
		out = append(out, buf[:n]...)
		if err == io.EOF {
			break
		}
		if err != nil {
			return Result{}, err
		}
	}
	return Result{Status: resp.StatusCode, Header: resp.Header, Body: string(out)}, nil
}

// FetchSeq gets each url in turn, on one task.
//
// async
func FetchSeq(c *asynchttp.Client, urls []string) ([]Result, error) {
	var out []Result
	for _, u := range urls {
		r, err := runtime.Await(FetchAsync(c, u))
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// FetchSeqRead gets each url in turn, on one task, reading each body with
// Read, size bytes at a time.
//
// async
func FetchSeqRead(c *asynchttp.Client, urls []string, size int) ([]Result, error) {
	var out []Result
	for _, u := range urls {
		r, err := runtime.Await(FetchReadAsync(c, u, size))
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// FetchAll gets each url concurrently, one task each.
//
// async
func FetchAll(c *asynchttp.Client, urls []string) ([]Result, error) {
	fs := make([]runtime.Awaitable[Result], len(urls))
	for i, u := range urls {
		fs[i] = runtime.Spawn(FetchAsync(c, u))
	}
	return runtime.Await(runtime.Gather(fs...))
}

// Load gets url n times from workers tasks at once and returns the number
// of 200 responses; the body is read and dropped.
//
// async
func Load(c *asynchttp.Client, url string, n, workers int) (int, error) {
	next, ok := 0, 0
	ts := make([]runtime.Awaitable[int], workers)
	for i := range ts {
		ts[i] = runtime.Spawn(loadWorkerAsync(c, url, n, &next))
	}
	counts, err := runtime.Await(runtime.Gather(ts...))
	for _, k := range counts {
		ok += k
	}
	return ok, err
}

// async
func loadWorker(c *asynchttp.Client, url string, n int, next *int) (int, error) {
	ok := 0
	for *next < n {
		*next++
		resp, err := runtime.Await(c.Get(url))
		if err != nil {
			return ok, err
		}
		_, err = runtime.Await(resp.ReadAll())
		resp.Close()
		if err != nil {
			return ok, err
		}
		if resp.StatusCode == http.StatusOK {
			ok++
		}
	}
	return ok, nil
}

// CloseIdle closes c's idle connections on this loop.
//
// async
func CloseIdle(c *asynchttp.Client) {
	_, _ = runtime.Await(c.CloseIdleConnections())
}

// SendAll does each request in turn, on one task.
//
// async
func SendAll(c *asynchttp.Client, reqs []*http.Request) ([]Result, error) {
	var out []Result
	for _, r := range reqs {
		res, err := runtime.Await(SendAsync(c, r))
		if err != nil {
			return out, err
		}
		out = append(out, res)
	}
	return out, nil
}

// FetchThen fetches first, calls between (off the loop, on the executor,
// so that it may block), then fetches second.
//
// async
func FetchThen(c *asynchttp.Client, first string, between func(), second string) (Result, error) {
	if _, err := runtime.Await(FetchAsync(c, first)); err != nil {
		return Result{}, err
	}
	_, _ = runtime.Await(runtime.ToThread(func() (struct{}, error) { between(); return struct{}{}, nil }))
	return runtime.Await(FetchAsync(c, second))
}

// SendAllThen sends firsts concurrently, calls between (off the loop, on
// the executor, so that it may block), then sends last, and returns every
// result, last's last.
//
// async
func SendAllThen(c *asynchttp.Client, firsts []*http.Request, between func(), last *http.Request) ([]Result, error) {
	var sends []runtime.Awaitable[Result]
	for _, r := range firsts {
		sends = append(sends, SendAsync(c, r))
	}
	out, err := runtime.Await(runtime.Gather(sends...))
	if err != nil {
		return out, err
	}
	_, _ = runtime.Await(runtime.ToThread(func() (struct{}, error) { between(); return struct{}{}, nil }))
	_, _ = runtime.Await(runtime.Sleep(0)) // a pass in which the loop polls the sockets
	r, err := runtime.Await(SendAsync(c, last))
	return append(out, r), err
}

// FetchWithin fetches url under runtime.WaitFor with limit d.
//
// async
func FetchWithin(c *asynchttp.Client, url string, d time.Duration) (Result, error) {
	return runtime.Await(runtime.WaitFor(FetchAsync(c, url), d))
}

// CancelWaiter holds c's only connection to a host with a request for
// slow, gives up on a second request for fast that waits in the pool
// meanwhile (WaitFor with limit d), then, once the first is done, gets fast
// again: the pool must have come through the cancelled wait intact.
//
// async
func CancelWaiter(c *asynchttp.Client, slow, fast string, d time.Duration) (Result, error) {
	first := runtime.Spawn(FetchAsync(c, slow))
	_, waitErr := runtime.Await(runtime.WaitFor(FetchAsync(c, fast), d))
	if _, err := runtime.Await(first); err != nil {
		return Result{}, err
	}
	r, err := runtime.Await(FetchAsync(c, fast))
	if err == nil && waitErr != nil && !errors.Is(waitErr, runtime.ErrTimeout) {
		err = waitErr
	}
	return r, err
}

// EarlyAnswer starts a server on the loop that takes request bodies of up
// to 1 KiB, sends it a POST with a body of size bytes through c (the
// server answers 413 before the body is sent, and closes), then sends a
// GET through c. It returns both results.
//
// async
func EarlyAnswer(c *asynchttp.Client, size int) ([]Result, error) {
	srv := &asynchttp.Server{Handler: RoutesAsync, MaxBodyBytes: 1 << 10}
	if _, err := runtime.Await(srv.Listen("127.0.0.1:0")); err != nil {
		return nil, err
	}
	defer srv.Close()
	post, err := http.NewRequest(http.MethodPost, srv.URL()+"/echo", bytes.NewReader(make([]byte, size)))
	if err != nil {
		return nil, err
	}
	get, err := http.NewRequest(http.MethodGet, srv.URL()+"/hello", nil)
	if err != nil {
		return nil, err
	}
	return runtime.Await(SendAllAsync(c, []*http.Request{post, get}))
}

// FetchAfter fetches url once after each pause in pauses, sleeping the
// pause first, and returns the results.
//
// async
func FetchAfter(c *asynchttp.Client, url string, pauses []time.Duration) ([]Result, error) {
	var out []Result
	for _, d := range pauses {
		_, _ = runtime.Await(runtime.Sleep(d))
		r, err := runtime.Await(FetchAsync(c, url))
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// WaiterTurn spawns a task fetching url n times in turn; once that task
// holds a connection, it fetches url itself, and returns how many of the
// task's fetches had ended when its own did.
//
// async
func WaiterTurn(c *asynchttp.Client, url string, n int) (int, error) {
	done := 0
	t := runtime.Spawn(fetchCountingAsync(c, url, n, &done))
	_, _ = runtime.Await(runtime.Sleep(0)) // the task starts, and dials
	if _, err := runtime.Await(FetchAsync(c, url)); err != nil {
		return done, err
	}
	at := done
	_, err := runtime.Await(t)
	return at, err
}

// fetchCounting fetches url n times in turn, counting them in done.
//
// async
func fetchCounting(c *asynchttp.Client, url string, n int, done *int) error {
	for range n {
		if _, err := runtime.Await(FetchAsync(c, url)); err != nil {
			return err
		}
		*done++
	}
	return nil
}

// SendEach sends each request in turn, going on after errors, and returns
// each one's error.
//
// async
func SendEach(c *asynchttp.Client, reqs []*http.Request) []error {
	var errs []error
	for _, r := range reqs {
		_, err := runtime.Await(SendAsync(c, r))
		errs = append(errs, err)
	}
	return errs
}
