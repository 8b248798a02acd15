package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// A local type of a generic function is one type per instantiation, as in
// Go, whether or not it names the type parameters: its frame's copy at
// package level takes them (mkFrame_L[T]).
//
// async
func mk[T any](v T) (any, error) {
	type L struct{ n int }
	type pair struct {
		a T
		l *L
	}
	type list []pair // names the other two
	type pt = struct{ x, y T }
	x := L{1}
	ps := list{{v, &x}}
	q := pt{v, v}
	runtime.Await(runtime.Sleep(0))
	x.n++
	fmt.Println(ps[0].a, ps[0].l.n, len(ps), q.y)
	return x, nil
}

type box[K comparable] struct{ k K }

// A method's local types take its receiver's type parameters.
//
// async
func (b *box[K]) entry() (any, error) {
	type entry struct{ k K }
	e := entry{b.k}
	runtime.Await(runtime.Sleep(0))
	return e, nil
}

// async
func blank[_ any]() (any, error) {
	type L struct{}
	x := L{}
	runtime.Await(runtime.Sleep(0))
	return x, nil
}

// A constant group is declared at the top of Step as a whole or not at
// all, unless its constants do not depend on one another; a constant or
// type that names one that stays where it is declared stays too.
//
// async
func groups() (string, error) {
	var arr [3]int
	const (
		a = 1
		b = len(arr)
	)
	const c = b + 1
	type A [len(arr)]int
	type B []A
	const (
		d = iota * 10
		e
	)
	type base struct{ id int }
	type item struct{ base } // embedded, and staying in Step with its field name
	it := item{base{1}}
	it.id++
	out := fmt.Sprintf("%d %d %v %d %+v", b, c, B{{}}, e, it)
	runtime.Await(runtime.Sleep(0))
	return fmt.Sprint(out, " ", a, d), nil
}

// async
func run() error {
	a, _ := runtime.Await(mkAsync(1))
	b, _ := runtime.Await(mkAsync("s"))
	c, _ := runtime.Await(mkAsync(2))
	fmt.Println(a == b, a == c, fmt.Sprintf("%T", a) == fmt.Sprintf("%T", b), fmt.Sprintf("%T", a) == fmt.Sprintf("%T", c))
	e1, _ := runtime.Await((&box[int]{1}).entryAsync())
	e2, _ := runtime.Await((&box[string]{"k"}).entryAsync())
	fmt.Printf("%v %+v %v\n", e1 == e2, e1, fmt.Sprintf("%T", e1) == fmt.Sprintf("%T", e2))
	b1, _ := runtime.Await(blankAsync[int]())
	b2, _ := runtime.Await(blankAsync[bool]())
	b3, _ := runtime.Await(blankAsync[int]())
	fmt.Println(b1 == b2, b1 == b3)
	fmt.Println(runtime.Await(groupsAsync()))
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// 1 2 1 1
// s 2 1 s
// 2 2 1 2
// false true false true
// false {k:1} false
// false true
// 3 4 [[0 0 0]] 10 {base:{id:2}} 1 0 <nil>
