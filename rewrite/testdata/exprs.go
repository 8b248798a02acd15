package main

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/asyncgen/asyncgen/runtime"
)

var trace []string

func note(s string) string { trace = append(trace, s); return s }

func noteInt(s string, v int) int { trace = append(trace, s); return v }

// async
func val(s string, v int) (int, error) {
	trace = append(trace, "await "+s)
	runtime.Await(runtime.Sleep(0))
	return v, nil
}

func must(v int, err error) int {
	if err != nil {
		panic(err)
	}
	return v
}

func pair(v int, err error) string { return fmt.Sprint(v, err) }

type point struct{ X, Y int }

// async
func order() (string, error) {
	trace = nil
	// call arguments: earlier calls run before the await, later ones after
	s := fmt.Sprint(note("a"), must(runtime.Await(valAsync("b", 2))), note("c"))
	// composite literals, binary operands, index expressions, conversions
	p := point{X: noteInt("x", 1), Y: must(runtime.Await(valAsync("y", 2)))}
	xs := []int{noteInt("e0", 10), must(runtime.Await(valAsync("e1", 20))), 30}
	sum := noteInt("left", 1) + must(runtime.Await(valAsync("right", 2)))
	m := map[string]int{"k": 5}
	idx := xs[must(runtime.Await(valAsync("index", 1)))] + m[strconv.Itoa(must(runtime.Await(valAsync("key", 0))))[:0]+"k"]
	f := float64(must(runtime.Await(valAsync("conv", 3)))) / 2
	// the multi-value form straight into a call
	pr := pair(runtime.Await(valAsync("pair", 9)))
	// assignment to an index: the index is evaluated before the await
	xs[noteInt("target", 0)] = must(runtime.Await(valAsync("value", 7)))
	return fmt.Sprint(s, p, xs, sum, idx, f, pr), nil
}

// async
func shortCircuit() (string, error) {
	trace = nil
	a := false && must(runtime.Await(valAsync("never1", 1))) > 0
	b := true || must(runtime.Await(valAsync("never2", 1))) > 0
	c := true && must(runtime.Await(valAsync("and", 1))) > 0
	d := false || must(runtime.Await(valAsync("or", 0))) > 0
	if len(trace) == 2 && must(runtime.Await(valAsync("cond", 1))) == 1 {
		note("then")
	}
	return fmt.Sprint(a, b, c, d), nil
}

// async
func direct() (int, error) {
	return runtime.Await(valAsync("direct", 42))
}

// async
func directErr() (int, error) {
	f := runtime.NewFuture[int]()
	f.SetError(errors.New("failed"))
	return runtime.Await(f)
}

// async
func run() error {
	s, err := runtime.Await(orderAsync())
	fmt.Println(s, err)
	fmt.Println(trace)
	s, err = runtime.Await(shortCircuitAsync())
	fmt.Println(s, err)
	fmt.Println(trace)
	fmt.Println(runtime.Await(directAsync()))
	fmt.Println(runtime.Await(directErrAsync()))
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// a2c{1 2} [7 20 30] 3 25 1.59 <nil> <nil>
// [a await b c x await y e0 await e1 left await right await index await key await conv await pair target await value]
// false true true false <nil>
// [await and await or await cond then]
// 42 <nil>
// 0 failed
