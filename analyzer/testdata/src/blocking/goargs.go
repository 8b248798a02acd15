package blocking

import (
	"fmt"
	"io"
	"net"

	"github.com/asyncgen/asyncgen/runtime"
)

func consume(v int) {}

func pick(v int) func(int) { return func(int) {} }

// The function value and the arguments of a go statement are evaluated by
// the goroutine that runs it, here the event loop's; only the call runs on
// the new goroutine.
//
// async
func dispatch(jobs chan int, conn net.Conn) error {
	go consume(<-jobs)                    // want `^channel receive blocks the event loop: no await can go in a go statement: evaluate the argument into a variable before it, then use a runtime.Queue`
	go fmt.Println(io.ReadAll(conn))      // want `^io.ReadAll blocks the event loop: no await can go in a go statement`
	go pick(<-jobs)(1)                    // want `^channel receive blocks the event loop: no await can go in a go statement`
	go func() { consume(<-jobs) }()       // runs on the new goroutine
	go func(v int) { consume(v) }(<-jobs) // want `^channel receive blocks the event loop: no await can go in a go statement`
	go consume(len(jobs))
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
