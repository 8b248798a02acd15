package directcall

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"

	"cases/lib"
)

// async
func fetch(id int) (string, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return "page", err
}

// async
func load() (string, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return "data", err
}

// async
func count() int {
	runtime.Await(runtime.Sleep(0))
	return 1
}

type crawler struct{}

// async
func (c *crawler) visit(url string) (int, error) {
	return runtime.Await(lib.GetAsync(len(url)))
}

// async
func first[T any](xs []T) (T, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return xs[0], err
}

// async
func caller(c *crawler) error {
	s, err := fetch(1) // want `call of async function fetch runs its body as plain Go, where runtime.Await panics: await fetchAsync\(...\) instead`
	if err != nil {
		return err
	}
	fetch(2)                     // want `call of async function fetch runs its body as plain Go, where runtime.Await panics`
	n := count()                 // want `call of async function count runs its body as plain Go, where runtime.Await panics: await countAsync`
	m, _ := c.visit(s)           // want `call of async function crawler.visit runs its body as plain Go, where runtime.Await panics: await visitAsync`
	x, _ := first([]int{n, m})   // want `call of async function first runs its body as plain Go, where runtime.Await panics`
	y, _ := first[int]([]int{x}) // want `call of async function first runs its body as plain Go, where runtime.Await panics`
	_, err = lib.Get(y)          // want `call of async function Get runs its body as plain Go, where runtime.Await panics: await lib\.GetAsync\(\.\.\.\) instead$`
	var st lib.Store
	_, err = st.Load("k") // want `call of async function Store.Load runs its body as plain Go, where runtime.Await panics: await LoadAsync`
	go func() {
		fetch(3) // want `call of async function fetch in a func literal, which is not async: make the literal a named //async function, or spawn fetchAsync\(...\) from the enclosing function`
	}()
	func() {
		func() {
			_, _ = fetch(8) // want `call of async function fetch in a func literal`
		}()
	}()
	defer fetch(9)               // want `deferred call of async function fetch runs its body as plain Go, where runtime.Await panics: await fetchAsync\(...\) before each return instead`
	go fetch(10)                 // want `go statement of async function fetch runs its body as plain Go, where runtime.Await panics: spawn it, t := runtime.Spawn\(fetchAsync\(...\)\), and await t`
	defer fmt.Println(fetch(11)) // want `call of async function fetch runs its body as plain Go, where runtime.Await panics: await fetchAsync\(...\) in a statement of its own before the defer statement`
	_ = lib.Plain()
	_, err = runtime.Await(fetchAsync(4))
	return err
}

func plain() {
	fetch(5) // want `call of async function fetch outside an //async function`
	_, _ = runtime.Run(fetchAsync(6))
	f := fetch // want `async function fetch used as a func value: a call of it runs the source body, where runtime.Await panics; pass a func that runs fetchAsync\(...\) instead`
	_ = f
	var c crawler
	g := c.visit               // want `async function crawler.visit used as a func value`
	h := (*crawler).visit      // want `async function crawler.visit used as a func value`
	k := first[int]            // want `async function first used as a func value`
	_ = runtime.ToThread(load) // want `async function load used as a func value`
	_, _, _ = g, h, k
	_ = (fetch) // want `async function fetch used as a func value`
	(fetch)(12) // want `call of async function fetch outside an //async function`
}

type fetcher interface {
	Fetch(url string) (string, error)
}

type web struct{}

// async
func (web) Fetch(url string) (string, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return url, err
}

type plainWeb struct{}

func (plainWeb) Fetch(url string) (string, error) { return url, nil }

func useFetcher(f fetcher) {}

type holder struct{ f fetcher }

// Values whose //async method an interface would call.
func conversions() fetcher {
	var _ fetcher = web{} // want `web used as fetcher, whose method Fetch is //async: a call through the interface runs the source body, where runtime.Await panics; give the interface a method that returns the coroutine \(FetchAsync\) instead`
	var f fetcher
	f = &web{}                         // want `\*web used as fetcher`
	useFetcher(web{})                  // want `used as fetcher`
	_ = holder{f: web{}}               // want `used as fetcher`
	_ = holder{web{}}                  // want `used as fetcher`
	_ = []fetcher{web{}, plainWeb{}}   // want `used as fetcher`
	_ = map[string]fetcher{"w": web{}} // want `used as fetcher`
	_ = fetcher(web{})                 // want `used as fetcher`
	ch := make(chan fetcher, 1)
	ch <- web{}       // want `used as fetcher`
	var a any = web{} // an interface without the method: no call through it
	_ = a
	f = plainWeb{}
	useFetcher(f)
	return web{} // want `used as fetcher`
}

// A parameter named runtime hides the import: no fix.
//
// async
func shadowed(runtime string) (string, error) {
	return fetch(len(runtime)) // want `call of async function fetch runs its body as plain Go, where runtime.Await panics`
}

func pair() (web, web) { return web{}, web{} }

func useT[F fetcher](f F) { f.Fetch("x") }

// A multi-value call's results, and type arguments whose constraint has
// the //async method, reach it as a plain method too.
func generic() (fetcher, fetcher) {
	var a, b fetcher = pair() // want `web used as fetcher`
	a, b = pair()             // want `web used as fetcher`
	useT(web{})               // want `web as the type argument F of useT, whose constraint has its //async method Fetch`
	useT(plainWeb{})
	_, _ = a, b
	return pair() // want `web used as fetcher`
}

func take2(a, b fetcher) {}

func takeAll(fs ...fetcher) {}

func pairErr() (web, error) { return web{}, nil }

// Multi-value calls as arguments, and := that assigns an existing
// variable.
func moreTuples() {
	take2(pair())   // want `web used as fetcher`
	takeAll(pair()) // want `web used as fetcher`
	var a fetcher
	a, err := pairErr() // want `web used as fetcher`
	_, _ = a, err
}

// A generic alias's type arguments are checked against its own type
// parameters, whatever order the aliased type takes them in.
type two[A fetcher, B any] struct {
	a A
	b B
}

type rev[X any, Y fetcher] = two[Y, X]

var (
	_ rev[web, plainWeb]
	_ rev[plainWeb, web] // want `web as the type argument Y of rev, whose constraint has its //async method Fetch`
)
