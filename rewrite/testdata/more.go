package main

import (
	"fmt"
	"iter"
	"sync"

	"github.com/asyncgen/asyncgen/runtime"
)

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

// async
func goAndDefer() (string, error) {
	var wg sync.WaitGroup
	got := make(chan int, 1)
	wg.Add(1)
	go func(v int) { got <- v; wg.Done() }(must(runtime.Await(valAsync(7))))
	wg.Wait()
	defer fmt.Println("deferred", must(runtime.Await(valAsync(8))))
	return fmt.Sprint(<-got), nil
}

// async
func typeSwitchDefault(x any) (string, error) {
	switch v := x.(type) {
	case int, string:
		runtime.Await(runtime.Sleep(0))
		return fmt.Sprintf("int or string %v", v), nil
	case fmt.Stringer:
		return "stringer " + v.String(), nil
	default:
		runtime.Await(runtime.Sleep(0))
		return fmt.Sprintf("default %T", v), nil
	}
}

type name string

func (n name) String() string { return string(n) }

var stops []string

func seq(tag string, n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer func() { stops = append(stops, tag) }()
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// async
func nestedIterators() (string, error) {
	out := ""
outer:
	for a := range seq("outer", 3) {
		for b := range seq(fmt.Sprint("inner", a), 3) {
			runtime.Await(runtime.Sleep(0))
			if b == 1 && a == 1 {
				break outer
			}
			if b == 1 {
				continue outer
			}
			out += fmt.Sprint(a, b, " ")
		}
	}
	return out, nil
}

// async
func switchInit() (string, error) {
	switch x := must(runtime.Await(valAsync(3))); {
	case x > 2:
		runtime.Await(runtime.Sleep(0))
		return "big", nil
	default:
		return "small", nil
	}
}

// async
func run() error {
	fmt.Println(runtime.Await(goAndDeferAsync()))
	fmt.Println(runtime.Await(typeSwitchDefaultAsync(1)))
	fmt.Println(runtime.Await(typeSwitchDefaultAsync(name("n"))))
	fmt.Println(runtime.Await(typeSwitchDefaultAsync(1.5)))
	fmt.Println(runtime.Await(nestedIteratorsAsync()))
	fmt.Println(stops)
	fmt.Println(runtime.Await(switchInitAsync()))
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// deferred 8
// 7 <nil>
// int or string 1 <nil>
// stringer n <nil>
// default float64 <nil>
// 0 0 1 0  <nil>
// [inner0 inner1 outer]
// big <nil>
