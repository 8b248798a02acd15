package outsideasync

import (
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

// go test calls these: marking them //async would change their signatures.

func TestFetch(t *testing.T) {
	if _, err := runtime.Await(fetchAsync(1)); err != nil { // want `runtime.Await outside an //async function: move this code into an //async function and run it with runtime.Run`
		t.Fatal(err)
	}
}

func BenchmarkFetch(b *testing.B) {
	runtime.Spawn(fetchAsync(1)) // want `runtime.Spawn outside an //async function: move this code into an //async function`
}

func FuzzFetch(f *testing.F) {
	runtime.Await(fetchAsync(1)) // want `runtime.Await outside an //async function: move this code into an //async function`
}

func Example() {
	runtime.Await(fetchAsync(1)) // want `runtime.Await outside an //async function: move this code into an //async function`
}

func TestMain(m *testing.M) {
	runtime.Await(fetchAsync(1)) // want `runtime.Await outside an //async function: move this code into an //async function`
}

// Not called by go test: it can be marked //async.
func testable() {
	runtime.Await(fetchAsync(1)) // want `runtime.Await outside an //async function: mark testable //async`
}

func Testify() {
	runtime.Await(fetchAsync(1)) // want `runtime.Await outside an //async function: mark Testify //async`
}
