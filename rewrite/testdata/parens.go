package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

var calls []string

func note[T any](s string, v T) T { calls = append(calls, s); return v }

// async
func val(x int) (int, error) {
	calls = append(calls, fmt.Sprint("await ", x))
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

// the operands of a parenthesized target are evaluated before the await on
// the right, as without parentheses
//
// async
func parenTargets() (string, error) {
	xs := make([]int, 3)
	(xs[note("index 0", 0)]) = must(runtime.Await(valAsync(1)))
	(xs[note("index 1", 1)]) += must(runtime.Await(valAsync(2)))
	ps := []pt{{}, {}}
	(ps[note("index ps", 1)]).x = must(runtime.Await(valAsync(3)))
	p := &pt{}
	(*note("ptr y", p)).y = must(runtime.Await(valAsync(4)))
	(note("ptr x", p).x) = must(runtime.Await(valAsync(5)))
	n := new(int)
	(*note("ptr n", n)) = must(runtime.Await(valAsync(6)))
	var v int
	(v), _ = runtime.Await(valAsync(7))
	return fmt.Sprint(xs, ps, *p, *n, v), nil
}

// parenthesized awaits are awaits
//
// async
func parenAwaits() (int, error) {
	x, err := (runtime.Await(valAsync(8)))
	(runtime.Await(valAsync(9)))
	var y, _ = (runtime.Await(valAsync(10)))
	z := must((runtime.Await(valAsync(11))))
	calls = append(calls, fmt.Sprint(x, err, y, z))
	return (runtime.Await(valAsync(12)))
}

// async
func run() error {
	fmt.Println(runtime.Await(parenTargetsAsync()))
	fmt.Println(runtime.Await(parenAwaitsAsync()))
	// a parenthesized coroutine is spawned with the helper, as without
	// parentheses
	fmt.Println(runtime.Await(runtime.Spawn((valAsync(13)))))
	for _, c := range calls {
		fmt.Println(c)
	}
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// [1 2 0] [{0 0} {3 0}] {5 4} 6 7 <nil>
// 12 <nil>
// 13 <nil>
// index 0
// await 1
// index 1
// await 2
// index ps
// await 3
// ptr y
// await 4
// ptr x
// await 5
// ptr n
// await 6
// await 7
// await 8
// await 9
// await 10
// await 11
// 8 <nil> 10 11
// await 12
// await 13
