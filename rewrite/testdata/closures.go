package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

func yield() runtime.Awaitable[struct{}] { return runtime.Sleep(0) }

// async
func shared() (string, error) {
	count := 0
	inc := func() { count++ }
	inc()
	runtime.Await(yield())
	inc() // the closure and the function see one variable
	count += 10
	runtime.Await(yield())
	inc()
	p := &count
	runtime.Await(yield())
	*p += 100
	return fmt.Sprint(count), nil
}

// async
func perIteration() (string, error) {
	var fns []func() int
	var ptrs []*int
	for i := 0; i < 3; i++ {
		fns = append(fns, func() int { return i })
		ptrs = append(ptrs, &i)
		runtime.Await(yield())
		i += 0
	}
	for _, s := range []string{"a", "b"} {
		x := s + s
		runtime.Await(yield())
		fns = append(fns, func() int { return len(x) + len(s) })
	}
	out := ""
	for _, f := range fns {
		out += fmt.Sprint(f())
	}
	for _, p := range ptrs {
		out += fmt.Sprint(*p)
	}
	// closures made inside the loop and modified after an await
	var gets []func() int
	for j := range 2 {
		v := j * 10
		gets = append(gets, func() int { return v })
		runtime.Await(yield())
		v++
	}
	for _, g := range gets {
		out += fmt.Sprint(" ", g())
	}
	return out, nil
}

// async
func nestedLiterals() (int, error) {
	total := 0
	add := func(n int) func() {
		return func() { total += n }
	}
	runtime.Await(yield())
	add(5)()
	runtime.Await(yield())
	add(7)()
	return total, nil
}

// async
func run() error {
	fmt.Println(runtime.Await(sharedAsync()))
	fmt.Println(runtime.Await(perIterationAsync()))
	fmt.Println(runtime.Await(nestedLiteralsAsync()))
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// 113 <nil>
// 01233012 1 11 <nil>
// 12 <nil>
