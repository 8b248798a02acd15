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
	s, err := fetch(1) // want `call of async function fetch runs nothing: await fetchAsync\(...\) instead`
	if err != nil {
		return err
	}
	fetch(2)                     // want `call of async function fetch runs nothing`
	n := count()                 // want `call of async function count runs nothing: await countAsync`
	m, _ := c.visit(s)           // want `call of async function crawler.visit runs nothing: await visitAsync`
	x, _ := first([]int{n, m})   // want `call of async function first runs nothing`
	y, _ := first[int]([]int{x}) // want `call of async function first runs nothing`
	_, err = lib.Get(y)          // want `call of async function Get runs nothing: await GetAsync`
	var st lib.Store
	_, err = st.Load("k") // want `call of async function Store.Load runs nothing: await LoadAsync`
	go func() {
		fetch(3) // want `call of async function fetch in a func literal, which is not async: make the literal a named //async function, or spawn fetchAsync\(...\) from the enclosing function`
	}()
	func() {
		func() {
			_, _ = fetch(8) // want `call of async function fetch in a func literal`
		}()
	}()
	defer fetch(9)               // want `call of async function fetch runs nothing`
	go fetch(10)                 // want `call of async function fetch runs nothing`
	defer fmt.Println(fetch(11)) // want `call of async function fetch runs nothing`
	_ = lib.Plain()
	_, err = runtime.Await(fetchAsync(4))
	return err
}

func plain() {
	fetch(5) // want `call of async function fetch outside an //async function`
	_, _ = runtime.Run(fetchAsync(6))
	f := fetch // a func value is not a call
	_ = f
}

// A parameter named runtime hides the import: no fix.
//
// async
func shadowed(runtime string) (string, error) {
	return fetch(len(runtime)) // want `call of async function fetch runs nothing`
}
