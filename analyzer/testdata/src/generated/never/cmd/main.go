// Command cmd marks its main //async, which go generate refuses.
package main

import "github.com/asyncgen/asyncgen/runtime"

// async
func main() {
	runtime.Await(runtime.Sleep(0))
}
