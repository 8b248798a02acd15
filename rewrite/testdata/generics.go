package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func identity[T any](v T) (T, error) {
	runtime.Await(runtime.Sleep(0))
	return v, nil
}

// async
func sum[N ~int | ~float64](xs []N) (N, error) {
	var total N
	for _, x := range xs {
		v, err := runtime.Await(identityAsync(x))
		if err != nil {
			return 0, err
		}
		total += v
	}
	return total, nil
}

type counter struct{ n int }

// async
func (c *counter) add(d int) error {
	runtime.Await(runtime.Sleep(0))
	c.n += d
	return nil
}

// async
func (c counter) get() int {
	runtime.Await(runtime.Sleep(0))
	return c.n
}

type stack[T any] struct{ items []T }

// async
func (s *stack[T]) push(v T) {
	runtime.Await(runtime.Sleep(0))
	s.items = append(s.items, v)
}

// async
func (s *stack[T]) pop() (T, error) {
	runtime.Await(runtime.Sleep(0))
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, nil
}

// async
func fib(n int) (int, error) {
	if n < 2 {
		return n, nil
	}
	a, _ := runtime.Await(fibAsync(n - 1))
	b, _ := runtime.Await(fibAsync(n - 2))
	return a + b, nil
}

// async
func deref[P *int](p P) int {
	// The frame type's one type parameter, *int, needs the trailing comma
	// of [P *int,]: [P *int] declares an array type.
	runtime.Await(runtime.Sleep(0))
	return *p
}

type box[T any] struct{ v T }

// a blank type parameter gets a name in the frame, here T
//
// async
func (b *box[_]) full() bool {
	runtime.Await(runtime.Sleep(0))
	return b != nil
}

// a name that nothing in the function has: T and T_1 are taken
//
// async
func second[_ any, T any](v T) (T, error) {
	T_1 := fmt.Sprint(v)
	runtime.Await(runtime.Sleep(0))
	return v, fmt.Errorf("%s", T_1)
}

// async
func blanks[_, _ any](n int) int {
	runtime.Await(runtime.Sleep(0))
	return n + 1
}

// async
func run() error {
	fmt.Println(runtime.Await((&box[int]{}).fullAsync()))
	fmt.Println(runtime.Await(secondAsync[bool]("x")))
	fmt.Println(runtime.Await(blanksAsync[int, string](1)))
	fmt.Println(runtime.Await(sumAsync([]int{1, 2, 3})))
	fmt.Println(runtime.Await(sumAsync([]float64{0.5, 0.25})))
	c := &counter{}
	runtime.Await(c.addAsync(5))
	runtime.Await(c.addAsync(6))
	fmt.Println(runtime.Await(c.getAsync()))
	s := &stack[string]{}
	runtime.Await(s.pushAsync("a"))
	runtime.Await(s.pushAsync("b"))
	fmt.Println(runtime.Await(s.popAsync()))
	fmt.Println(runtime.Await(fibAsync(15)))
	seven := 7
	fmt.Println(runtime.Await(derefAsync(&seven)))
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// true <nil>
// x x
// 2 <nil>
// 6 <nil>
// 0.75 <nil>
// 11 <nil>
// b <nil>
// 610 <nil>
// 7 <nil>
