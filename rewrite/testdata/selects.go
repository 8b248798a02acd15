package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

//async
func poll(ch chan int, done chan struct{}) (string, error) {
	out := ""
	for {
		select {
		case v, ok := <-ch:
			runtime.Await(runtime.Sleep(0))
			if !ok {
				return out + " closed", nil
			}
			out += fmt.Sprint(v)
		case <-done:
			runtime.Await(runtime.Sleep(0))
			out += " done"
			close(ch)
		default:
			runtime.Await(runtime.Sleep(0))
			out += "."
			if len(out) > 20 {
				return out, nil
			}
			break
		}
	}
}

//async
func run() error {
	ch := make(chan int, 3)
	done := make(chan struct{}, 1)
	ch <- 1
	ch <- 2
	t := runtime.Spawn(pollAsync(ch, done))
	runtime.Await(runtime.Sleep(0))
	runtime.Await(runtime.Sleep(0))
	runtime.Await(runtime.Sleep(0))
	runtime.Await(runtime.Sleep(0))
	runtime.Await(runtime.Sleep(0))
	done <- struct{}{}
	fmt.Println(runtime.Await(t))
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// 12... done closed <nil>
