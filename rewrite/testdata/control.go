package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func val(x int) (int, error) {
	runtime.Await(runtime.Sleep(0))
	return x, nil
}

// async
func ifElse(x int) (string, error) {
	if v, _ := runtime.Await(valAsync(x)); v > 10 {
		runtime.Await(runtime.Sleep(0))
		return "big", nil
	} else if v > 5 {
		return "medium", nil
	} else {
		w, _ := runtime.Await(valAsync(v * 2))
		return fmt.Sprint("small ", w), nil
	}
}

// async
func loops() (string, error) {
	out := ""
	// await in init, cond and post
	for i, _ := runtime.Await(valAsync(0)); i < must(runtime.Await(valAsync(3))); i += must(runtime.Await(valAsync(1))) {
		out += fmt.Sprint(i)
	}
	out += "|"
	n := 0
	for n < 3 {
		runtime.Await(runtime.Sleep(0))
		n++
	}
	out += fmt.Sprint(n, "|")
	for {
		v, _ := runtime.Await(valAsync(n))
		if v > 5 {
			break
		}
		n++
		if n%2 == 0 {
			continue
		}
		out += fmt.Sprint(v)
	}
	return out, nil
}

func must(v int, err error) int {
	if err != nil {
		panic(err)
	}
	return v
}

// async
func labeled() (string, error) {
	out := ""
outer:
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			runtime.Await(runtime.Sleep(0))
			if j == 2 {
				continue outer
			}
			if i == 3 {
				break outer
			}
			out += fmt.Sprint(i, j, " ")
		}
	}
	// goto, backwards and forwards
	k := 0
again:
	k++
	runtime.Await(runtime.Sleep(0))
	if k < 3 {
		goto again
	}
	if k == 3 {
		goto done
	}
	out += "never"
done:
	return fmt.Sprint(out, k), nil
}

// async
func switches(x any) (string, error) {
	out := ""
	switch v, _ := runtime.Await(valAsync(2)); v {
	case 1:
		out += "one"
	case 2:
		runtime.Await(runtime.Sleep(0))
		out += "two"
		fallthrough
	case 3:
		out += "+three"
	default:
		out += "default"
	}
	// case expressions that await, evaluated in order until one matches
	switch 5 {
	case must(runtime.Await(valAsync(4))):
		out += " four"
	case must(runtime.Await(valAsync(5))):
		out += " five"
	case must(runtime.Await(valAsync(panicky()))):
		out += " unreachable"
	}
	switch t := x.(type) {
	case int:
		w, _ := runtime.Await(valAsync(t + 1))
		out += fmt.Sprint(" int ", w)
	case string, error:
		runtime.Await(runtime.Sleep(0))
		out += fmt.Sprint(" other ", t)
	case nil:
		runtime.Await(runtime.Sleep(0))
		out += " nil"
	}
	// break inside a switch inside a loop
	for i := 0; i < 3; i++ {
		switch i {
		case 1:
			runtime.Await(runtime.Sleep(0))
			break
		default:
			out += fmt.Sprint(" ", i)
		}
	}
	return out, nil
}

func panicky() int { panic("case evaluated after a match") }

// async
func shadow() (string, error) {
	x := 1
	out := fmt.Sprint(x)
	{
		x := 2
		runtime.Await(runtime.Sleep(0))
		out += fmt.Sprint(x)
		if x := 3; x > 0 {
			runtime.Await(runtime.Sleep(0))
			out += fmt.Sprint(x)
		}
		out += fmt.Sprint(x)
	}
	out += fmt.Sprint(x)
	err := errors.New("e1")
	if true {
		err := errors.New("e2")
		runtime.Await(runtime.Sleep(0))
		out += err.Error()
	}
	return out + err.Error(), nil
}

// A for without a condition is a terminating statement unless a break
// refers to it: a labeled break of an inner loop does not (code after the
// outer loop would be unreachable, which go vet reports), one naming the
// outer loop from the inner does.
//
// async
func innerBreak(n int) int {
	runtime.Await(runtime.Sleep(0))
	for {
	inner:
		for {
			if n > 0 {
				break inner
			}
			n++
		}
		switch {
		case n > 5:
		sw:
			switch {
			default:
				break sw
			}
			return n
		default:
			return n * 10
		}
	}
}

// async
func outerBreak(n int) int {
	runtime.Await(runtime.Sleep(0))
outer:
	for {
		for {
			if n > 0 {
				break outer
			}
			n++
		}
	}
	return n + 100
}

// async
func run() error {
	s, _ := runtime.Await(ifElseAsync(20))
	fmt.Println(s)
	s, _ = runtime.Await(ifElseAsync(7))
	fmt.Println(s)
	s, _ = runtime.Await(ifElseAsync(2))
	fmt.Println(s)
	s, _ = runtime.Await(loopsAsync())
	fmt.Println(s)
	s, _ = runtime.Await(labeledAsync())
	fmt.Println(s)
	s, _ = runtime.Await(switchesAsync(41))
	fmt.Println(s)
	s, _ = runtime.Await(switchesAsync("str"))
	fmt.Println(s)
	s, _ = runtime.Await(switchesAsync(nil))
	fmt.Println(s)
	s, _ = runtime.Await(shadowAsync())
	fmt.Println(s)
	fmt.Println(runtime.Await(innerBreakAsync(0)))
	fmt.Println(runtime.Await(innerBreakAsync(6)))
	fmt.Println(runtime.Await(outerBreakAsync(0)))
	return nil
}

func main() {
	_, err := runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	fmt.Println(err)
}

// Output:
// big
// medium
// small 4
// 012|3|4
// 0 0 0 1 1 0 1 1 2 0 2 1 3
// two+three five int 42 0 2
// two+three five other str 0 2
// two+three five nil 0 2
// 12321e2e1
// 10 <nil>
// 6 <nil>
// 101 <nil>
// <nil>
