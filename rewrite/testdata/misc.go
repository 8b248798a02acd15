package main

import (
	"fmt"
	"strings"

	"github.com/asyncgen/asyncgen/runtime"
)

func yield() runtime.Awaitable[struct{}] { return runtime.Sleep(0) }

// async
func verbatimJumps() (string, error) {
	out := ""
outer:
	for i := 0; i < 3; i++ {
		runtime.Await(yield())
		for j := 0; j < 3; j++ { // no await: ordinary Go inside one state
			if j == 1 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			out += fmt.Sprint(i, j, ";")
		}
	}
	n := 0
loop:
	for k := range 5 {
		switch {
		case k == 3:
			goto after
		case k%2 == 0:
			runtime.Await(yield())
			n += k
			continue loop
		}
		n += 100
	}
after:
	return fmt.Sprint(out, n), nil
}

// async
func returnsInLoops(xs []int) (int, error) {
	for _, x := range xs {
		runtime.Await(yield())
		for y := range x {
			if y == 2 {
				return x * 10, nil
			}
		}
	}
	return -1, nil
}

type acc struct{ n int }

func (a *acc) add(d int) { a.n += d }

// async
func valueInFrame(_ int, unused string, xs ...int) (string, error) {
	var a acc // addressable value in the frame: methods with pointer receivers work
	for _, x := range xs {
		a.add(x)
		runtime.Await(yield())
	}
	defer func() {}()
	for i := range 2 {
		defer fmt.Println("deferred in a plain loop", i)
	}
	strings := strings.Repeat("ab", 2) // shadows the package after its use
	runtime.Await(yield())
	return fmt.Sprint(a.n, strings), nil
}

type named struct{}

// async
func (named) unnamedReceiver() error {
	runtime.Await(yield())
	return nil
}

// async
func selfSpawn(n int) (int, error) {
	if n == 0 {
		return 0, nil
	}
	t := runtime.Spawn(selfSpawnAsync(n - 1))
	v, err := runtime.Await(t)
	return v + n, err
}

// async
func localDecls() (string, error) {
	const retries = 3
	type result struct{ n int }
	out := ""
	for i := range retries {
		r := result{i * retries}
		out += fmt.Sprint(r.n)
		runtime.Await(yield())
		out += fmt.Sprint(retries)
	}
	const (
		a = iota * 10
		b
	)
	runtime.Await(yield())
	return fmt.Sprint(out, a, b), nil
}

// async
func run() error {
	fmt.Println(runtime.Await(verbatimJumpsAsync()))
	fmt.Println(runtime.Await(returnsInLoopsAsync([]int{1, 2, 5, 7})))
	fmt.Println(runtime.Await(valueInFrameAsync(0, "", 1, 2, 3)))
	fmt.Println(runtime.Await(named{}.unnamedReceiverAsync()))
	fmt.Println(runtime.Await(selfSpawnAsync(10)))
	fmt.Println(runtime.Await(localDeclsAsync()))
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// 0 0;1 0;102 <nil>
// 50 <nil>
// deferred in a plain loop 1
// deferred in a plain loop 0
// 6abab <nil>
// {} <nil>
// 55 <nil>
// 0333630 10 <nil>
