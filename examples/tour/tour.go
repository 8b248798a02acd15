// Tour runs every example in order, each under a heading: the asyncio
// tutorial programs, written in Go on asyncgen.
//
// Usage:
//
//	go run ./examples/tour [example ...]
//
// With no arguments it runs them all (about 5 seconds, most of it the
// examples' own sleeps); with names, only those, in the order given:
//
//	go run ./examples/tour gather timeout
//
// Each example is a package under examples/ whose Main the tour calls, and
// has a main package of its own under its cmd directory.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/asyncgen/asyncgen/examples/cancel"
	"github.com/asyncgen/asyncgen/examples/echo"
	"github.com/asyncgen/asyncgen/examples/executor"
	"github.com/asyncgen/asyncgen/examples/fetch"
	"github.com/asyncgen/asyncgen/examples/gather"
	"github.com/asyncgen/asyncgen/examples/hello"
	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/examples/locks"
	"github.com/asyncgen/asyncgen/examples/shutdown"
	"github.com/asyncgen/asyncgen/examples/subprocess"
	"github.com/asyncgen/asyncgen/examples/tasks"
	"github.com/asyncgen/asyncgen/examples/timeout"
	"github.com/asyncgen/asyncgen/examples/unawaited"
	"github.com/asyncgen/asyncgen/examples/workers"
)

// An example is one stop of the tour.
type example struct {
	name  string
	about string
	main  func(*demo.Env) error
	// realTime is set for the examples whose output depends on when
	// something outside the loop happens (a signal), and so cannot run on a
	// virtual clock.
	realTime bool
}

var examples = []example{
	{name: "hello", about: "a coroutine that sleeps in a loop", main: hello.Main},
	{name: "tasks", about: "two awaits in sequence, then the same as two concurrent tasks", main: tasks.Main},
	{name: "unawaited", about: "a task nobody awaits, cancelled by Run at exit", main: unawaited.Main},
	{name: "gather", about: "results in order, the first error, siblings that keep running", main: gather.Main},
	{name: "timeout", about: "WaitFor cancels the slow work and its defer runs", main: timeout.Main},
	{name: "workers", about: "a queue of jobs consumed by two workers", main: workers.Main},
	{name: "executor", about: "a blocking call on ToThread while a ticker keeps ticking", main: executor.Main},
	{name: "cancel", about: "cancelling a task, and shielding work from cancellation", main: cancel.Main},
	{name: "locks", about: "a lock held across an await, and an event", main: locks.Main},
	{name: "echo", about: "a TCP echo server and three concurrent clients on 127.0.0.1", main: echo.Main},
	{name: "fetch", about: "five HTTP GETs to a local server, one after the other, then concurrently", main: fetch.Main},
	{name: "subprocess", about: "two shell commands run concurrently, their output read through pipes", main: subprocess.Main},
	{name: "shutdown", about: "a graceful shutdown on SIGINT", main: shutdown.Main, realTime: true},
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("tour: ")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: tour [example ...]\n\nexamples:\n")
		for _, ex := range examples {
			fmt.Fprintf(os.Stderr, "  %-11s %s\n", ex.name, ex.about)
		}
	}
	flag.Parse()
	run := examples
	if flag.NArg() > 0 {
		run = nil
		for _, name := range flag.Args() {
			ex, ok := find(name)
			if !ok {
				log.Printf("no example %q", name)
				flag.Usage()
				os.Exit(2)
			}
			run = append(run, ex)
		}
	}
	start := time.Now()
	for i, ex := range run {
		if i > 0 {
			fmt.Println()
		}
		fmt.Printf("=== %s: %s\n", ex.name, ex.about)
		if err := ex.main(demo.Real(os.Stdout)); err != nil {
			log.Fatalf("%s: %v", ex.name, err)
		}
	}
	fmt.Printf("\n=== %d examples in %s s\n", len(run), demo.Seconds(time.Since(start)))
}

func find(name string) (example, bool) {
	for _, ex := range examples {
		if ex.name == name {
			return ex, true
		}
	}
	return example{}, false
}
