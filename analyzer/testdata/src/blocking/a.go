package blocking

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"sync"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func handle(r io.Reader, ch chan int, mu *sync.Mutex, rw *sync.RWMutex, wg *sync.WaitGroup, cond *sync.Cond) error {
	time.Sleep(10 * time.Millisecond) // want `time.Sleep blocks the event loop: await runtime.Sleep\(d\)`
	mu.Lock()                         // want `sync.Mutex.Lock blocks the event loop: use runtime.NewLock\(\) and await lock.Acquire\(\)`
	mu.Unlock()
	rw.RLock() // want `sync.RWMutex.RLock blocks the event loop`
	rw.RUnlock()
	wg.Wait()           // want `sync.WaitGroup.Wait blocks the event loop: await the tasks \(runtime.Gather\), or wrap it in runtime.ToThread`
	cond.Wait()         // want `sync.Cond.Wait blocks the event loop: use runtime.NewCondition`
	ch <- 1             // want `channel send blocks the event loop: use a runtime.Queue`
	v := <-ch           // want `channel receive blocks the event loop`
	for x := range ch { // want `range over a channel blocks the event loop`
		v += x
	}
	select { // want `select without default blocks the event loop`
	case ch <- v:
	case <-ch:
	}
	select {
	case ch <- v:
	case w := <-ch:
		v = w
	default:
	}
	b, err := io.ReadAll(r) // want `io.ReadAll blocks the event loop: wrap it in runtime.ToThread`
	if err != nil {
		return err
	}
	conn, err := net.Dial("tcp", string(b)) // want `net.Dial blocks the event loop: await runtime.OpenConnection, or wrap it in runtime.ToThread`
	if err != nil {
		return err
	}
	defer conn.Close()
	var d net.Dialer
	_, _ = d.Dial("tcp", "x")                    // want `net.Dialer.Dial blocks the event loop`
	resp, err := http.Get("http://example.com/") // want `http.Get blocks the event loop: wrap it in runtime.ToThread`
	if err != nil {
		return err
	}
	resp.Body.Close()
	_, _ = http.DefaultClient.Do(nil) // want `http.Client.Do blocks the event loop`
	cmd := exec.Command("true")
	cmd.Run()                          // want `exec.Cmd.Run blocks the event loop: use runtime.Exec, or wrap it in runtime.ToThread`
	if err := cmd.Wait(); err != nil { // want `exec.Cmd.Wait blocks the event loop`
		return err
	}
	out, err := exec.Command("ls").Output() // want `exec.Cmd.Output blocks the event loop`
	_ = out
	func() {
		time.Sleep(time.Millisecond) // want `time.Sleep blocks the event loop`
		wg.Wait()                    // want `sync.WaitGroup.Wait blocks the event loop`
	}()
	defer func() {
		time.Sleep(time.Millisecond) // want `time.Sleep blocks the event loop`
	}()
	defer time.Sleep(time.Millisecond)            // want `time.Sleep blocks the event loop: no await can go in a deferred call: make the call before returning instead, then await runtime.Sleep`
	defer wg.Wait()                               // want `sync.WaitGroup.Wait blocks the event loop`
	defer fmt.Println(exec.Command("x").Output()) // want `exec.Cmd.Output blocks the event loop: no await can go in a defer statement: evaluate the argument into a variable before it, then use runtime.Exec`
	select {
	case <-ch:
	default:
		func() {
			time.Sleep(time.Millisecond) // want `time.Sleep blocks the event loop`
		}()
	}
	// An await in the arguments stays out of the thread.
	_, _ = http.Get(url(runtime.Await(runtime.Sleep(0)))) // want `http.Get blocks the event loop`
	_, _ = io.ReadAll(reader(runtime.Spawn(napAsync())))  // want `io.ReadAll blocks the event loop`
	_, err = runtime.Await(runtime.ToThread(func() ([]byte, error) {
		time.Sleep(time.Millisecond) // on the executor: fine
		mu.Lock()
		defer mu.Unlock()
		return io.ReadAll(r)
	}))
	go func() {
		time.Sleep(time.Millisecond) // another goroutine: fine
		ch <- 2
	}()
	later := func() { time.Sleep(time.Millisecond) } // not called here
	_ = later
	return err
}

func plain(ch chan int) {
	time.Sleep(time.Millisecond)
	<-ch
}

func url(struct{}, error) string { return "http://example.com/" }

func reader(*runtime.Task[struct{}]) io.Reader { return nil }

// A parameter named runtime hides the import: no fix.
//
// async
func shadowed(runtime int) {
	time.Sleep(time.Duration(runtime)) // want `time.Sleep blocks the event loop`
}

// A channel of a type parameter blocks as any other.
//
// async
func sumOf[C ~chan int](c C) (int, error) {
	runtime.Await(runtime.Sleep(0))
	n := 0
	for v := range c { // want `range over a channel blocks the event loop`
		n += v
	}
	return n, nil
}

type chanOfInts interface{ ~chan int }

// Channels through a named constraint, or of either direction that
// receives, block as well.
//
// async
func sumNamed[C interface{ chanOfInts }, R ~chan int | ~<-chan int](c C, r R) (int, error) {
	runtime.Await(runtime.Sleep(0))
	n := 0
	for v := range c { // want `range over a channel blocks the event loop`
		n += v
	}
	for v := range r { // want `range over a channel blocks the event loop`
		n += v
	}
	return n, nil
}
