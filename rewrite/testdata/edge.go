package main

import (
	"fmt"

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

type pt struct{ x, y int }

var calls []string

func key(k string) string { calls = append(calls, "key "+k); return k }

// async
func targets() (string, error) {
	var p pt
	p.x = must(runtime.Await(valAsync(1)))
	q := &pt{}
	q.y = must(runtime.Await(valAsync(2)))
	n := new(int)
	*n = must(runtime.Await(valAsync(3)))
	m := map[string]int{"a": 10}
	m[key("a")] += must(runtime.Await(valAsync(4)))
	arr := []int{0, 0}
	arr[len(calls)-1] = must(runtime.Await(valAsync(5)))
	return fmt.Sprint(p, *q, *n, m, arr, calls), nil
}

// async
func rangeClosures() (string, error) {
	var fs []func() int
	for i := range 3 {
		fs = append(fs, func() int { return i * 10 })
		runtime.Await(runtime.Sleep(0))
	}
	for _, v := range []int{7, 8} {
		runtime.Await(runtime.Sleep(0))
		fs = append(fs, func() int { return v })
	}
	out := ""
	for _, f := range fs {
		out += fmt.Sprint(f(), " ")
	}
	return out, nil
}

// async
func labeledBlock() (int, error) {
	n := 0
L:
	{
		n++
		runtime.Await(runtime.Sleep(0))
		if n < 3 {
			goto L
		}
	}
	return n, nil
}

// async
func run() error {
	fmt.Println(runtime.Await(targetsAsync()))
	fmt.Println(runtime.Await(rangeClosuresAsync()))
	fmt.Println(runtime.Await(labeledBlockAsync()))
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// {1 0} {0 2} 3 map[a:14] [5 0] [key a] <nil>
// 0 10 20 7 8  <nil>
// 3 <nil>
