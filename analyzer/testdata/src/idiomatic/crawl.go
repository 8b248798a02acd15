// Package idiomatic is async code written as intended: every rule runs over
// it and none may report anything.
package idiomatic

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// async
func fetch(id int) (string, error) {
	if _, err := runtime.Await(runtime.Sleep(time.Duration(id) * 100 * time.Millisecond)); err != nil {
		return "", err
	}
	return fmt.Sprint("page ", id), nil
}

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

// async
func worker(q *runtime.Queue[int], results chan<- int, stats *stats) error {
	for {
		n, err := runtime.Await(q.Get())
		if err != nil {
			return err
		}
		stats.add(n) // a sync.Mutex held briefly, never across an await
		select {
		case results <- n:
		default: // the reader is slow: drop it
		}
		q.TaskDone()
	}
}

// async
func readFile(name string) ([]byte, error) {
	return runtime.Await(runtime.ToThread(func() ([]byte, error) {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		time.Sleep(time.Millisecond) // on the executor: blocking is fine
		return io.ReadAll(f)
	}))
}

// async
func guarded(lock *runtime.Lock, shared *int) error {
	if _, err := runtime.Await(lock.Acquire()); err != nil {
		return err
	}
	defer lock.Release()
	*shared++
	_, err := runtime.Await(runtime.Sleep(0)) // an asyncio lock may be held across awaits
	return err
}

// async
func withTimeout() (string, error) {
	s, err := runtime.Await(runtime.WaitFor(fetchAsync(5), time.Second))
	if errors.Is(err, runtime.ErrTimeout) {
		return "", nil
	}
	return s, err
}

type stats struct {
	mu sync.Mutex
	n  int
}

func (s *stats) add(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n += n
}

// serve runs a loop on its own goroutine and talks to it the thread-safe way.
func serve(done chan struct{}) {
	l := runtime.NewLoop()
	go func() {
		defer close(done)
		_ = l.RunForever()
	}()
	go func() {
		_ = l.CallSoonThreadsafe(func() { l.Stop() })
	}()
	<-done
	_ = l.Close()
}

func main() {
	pages, err := runtime.Run(crawlAllAsync())
	fmt.Println(pages, err)
	go func() {
		n, err := runtime.Run(readFileAsync("x")) // a loop of its own
		fmt.Println(len(n), err)
	}()
}
