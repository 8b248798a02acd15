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

var order []string

func chanOf(name string, c chan int) chan int { order = append(order, "chan "+name); return c }

func valueOf(name string, v int) int { order = append(order, "value "+name); return v }

// async
func noted(name string, v int) (int, error) {
	order = append(order, "await "+name)
	runtime.Await(runtime.Sleep(0))
	return v, nil
}

// the operands of every case are evaluated once, in source order, those of
// the cases before the one that awaits included
//
// async
func selectOrder() (string, error) {
	a := make(chan int, 1)
	a <- 1
	out := ""
	select {
	case v := <-chanOf("a", a):
		runtime.Await(runtime.Sleep(0))
		out = fmt.Sprint("received ", v)
	case chanOf("b", nil) <- valueOf("b", 2):
		out = "sent b"
	case chanOf("c", nil) <- must(runtime.Await(notedAsync("c", 3))):
		out = "sent c"
	case <-chanOf("d", nil):
		out = "received d"
	}
	// The same without awaits in the bodies.
	a <- 4
	select {
	case chanOf("e", nil) <- valueOf("e", 5):
		out += ", sent e"
	case v, ok := <-chanOf("f", a):
		out += fmt.Sprint(", received ", v, ok)
	case chanOf("g", nil) <- valueOf("g", must(runtime.Await(notedAsync("g", 6)))):
		out += ", sent g"
	}
	// A variable is read on entering the select too, before the await of a
	// later case, which cannot change what the select sees.
	a <- 7
	c := a
	drop := func() int { c = nil; return 8 }
	select {
	case v := <-c:
		out += fmt.Sprint(", received ", v)
	case chanOf("h", nil) <- must(runtime.Await(notedAsync("h", drop()))):
		out += ", sent h"
	default:
		out += ", default"
	}
	return fmt.Sprint(out, " ", order), nil
}

// async
func run() error {
	fmt.Println(runtime.Await(sendAwaitedAsync()))
	fmt.Println(runtime.Await(selectOrderAsync()))
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
// received 1, received 4 true, received 7 [chan a chan b value b chan c await c chan d chan e value e chan f chan g await g value g chan h await h] <nil>
// 12... done closed <nil>
