package runtime_test

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// The examples' //async functions are compiled into example_*_async_test.go.
//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// fetch stands for a slow operation: it answers "page id" after id tenths
// of a second.
//
// async
func fetch(id int) (string, error) {
	if _, err := runtime.Await(runtime.Sleep(time.Duration(id) * 100 * time.Millisecond)); err != nil {
		return "", err
	}
	return fmt.Sprint("page ", id), nil
}

// crawlAll spawns one fetch as a task, which starts at once, gathers two
// more, then awaits the task.
//
// async
func crawlAll() ([]string, error) {
	t := runtime.Spawn(fetchAsync(3)) // starts now, runs concurrently
	pages, err := runtime.Await(runtime.Gather(fetchAsync(1), fetchAsync(2)))
	if err != nil {
		return nil, err
	}
	last, err := runtime.Await(t)
	return append(pages, last), err
}

// Run runs a coroutine on a new loop, here on a virtual clock so that the
// sleeps take no time. go generate (asyncgen) writes crawlAllAsync and
// fetchAsync from the //async functions.
func ExampleRun() {
	pages, err := runtime.Run(crawlAllAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	fmt.Println(pages, err)
	// Output:
	// [page 1 page 2 page 3] <nil>
}
