package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
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

// async
func val(x int) (int, error) {
	runtime.Await(runtime.Sleep(0))
	return x, nil
}

func must(v int, err error) int {
	if err != nil {
		panic(err)
	}
	return v
}

// awaits in the communications are evaluated before the select, in order
//
// async
func sendAwaited() (string, error) {
	a, b := make(chan int, 1), make(chan int, 1)
	chans := []chan int{a, b}
	select {
	case chans[must(runtime.Await(valAsync(1)))] <- must(runtime.Await(valAsync(42))):
	case <-chans[must(runtime.Await(valAsync(0)))]:
	}
	return fmt.Sprint(len(a), <-b), nil
}

// async
func run() error {
	fmt.Println(runtime.Await(sendAwaitedAsync()))
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
// 0 42 <nil>
// 12... done closed <nil>
