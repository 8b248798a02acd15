// Package fetch is the web-fetching program of the asyncio tutorials,
// written with the loop's own HTTP client (runtime/asynchttp): five pages
// fetched one after the other take five times as long as one page; fetched
// concurrently with runtime.Gather, they take about as long as one. The
// example starts its own HTTP server on 127.0.0.1, whose pages each take 0.1 s
// to answer, so it needs no network.
//
// Run it with go run ./examples/fetch/cmd/fetch.
package fetch

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asynchttp"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// page is the server's handler: it answers /page/N with "page N" after 0.1 s,
// as a slow web site would.
//
// async
func page(r *http.Request) (*http.Response, error) {
	if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
		return nil, err
	}
	return asynchttp.Text(http.StatusOK, strings.ReplaceAll(strings.TrimPrefix(r.URL.Path, "/"), "/", " ")), nil
}

// fetch gets url and returns its body.
//
// async
func fetch(url string) (string, error) {
	resp, err := runtime.Await(asynchttp.Get(url))
	if err != nil {
		return "", err
	}
	defer resp.Close()
	body, err := runtime.Await(resp.ReadAll())
	return string(body), err
}

// async
func main(e *demo.Env) error {
	srv, err := runtime.Await(asynchttp.Listen("127.0.0.1:0", pageAsync))
	if err != nil {
		return err
	}
	defer srv.Close()
	var urls []string
	for i := range 5 {
		urls = append(urls, fmt.Sprintf("%s/page/%d", srv.URL(), i+1))
	}

	start := e.Now()
	for _, u := range urls {
		body, err := runtime.Await(fetchAsync(u))
		if err != nil {
			return err
		}
		e.Println("got", body)
	}
	e.Println("one after the other:", demo.Seconds(e.Since(start)), "s")

	start = e.Now()
	var fetches []runtime.Awaitable[string]
	for _, u := range urls {
		fetches = append(fetches, fetchAsync(u))
	}
	bodies, err := runtime.Await(runtime.Gather(fetches...))
	if err != nil {
		return err
	}
	e.Println("got", strings.Join(bodies, ", "))
	e.Println("concurrently:", demo.Seconds(e.Since(start)), "s")
	return nil
}

// Main runs the example on e.
func Main(e *demo.Env) error {
	_, err := runtime.Run(mainAsync(e), e.Options()...)
	return err
}
