// Package ordinary is plain Go that has nothing to do with asyncgen: it
// neither imports the runtime nor runs asyncgen. Its "// async" comments
// are prose, as they are in much Go code, so every rule runs over it and
// none may report anything.
package ordinary

import (
	"fmt"
	"sync"
	"time"
)

const (
	// sync
	ModeSync = iota
	// async
	ModeAsync
)

// Client sends requests.
type Client struct {
	mu    sync.Mutex
	calls chan int
}

// async
func (c *Client) Go(server string) chan int {
	done := make(chan int, 1)
	go func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		time.Sleep(time.Millisecond)
		done <- len(server)
	}()
	return done
}

// Shutdown stops the client.
//
// async
func (c *Client) Shutdown() {
	c.calls <- -1
}

// async
func load(n int) []int {
	var out []int
	for v := range make(chan int) {
		out = append(out, v+n)
	}
	return out
}

func rollback(id string) {
	// async
	go func() {
		fmt.Println(id)
	}()
}

func loop(n int) {
	for i := range n {
		if i > 5 {
			//async
			go fmt.Println(i)
		}
	}
}

//async

func detached() {}

// Use calls them all as the plain functions they are.
func Use() {
	c := &Client{calls: make(chan int, 1)}
	<-c.Go("x")
	c.Shutdown()
	f := load
	_ = f(1)
	rollback("a")
	loop(10)
	detached()
}
