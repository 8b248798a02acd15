package conformance

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// This file: Go's order of evaluation around an await that changes what an
// operand evaluated before it reads. The spec orders calls, receives and
// logical operations; where it leaves the order to the compiler, the state
// machines do what gc does: a slice expression, a type assertion (to a type
// that is not pointer-shaped), a map literal's entries and a conversion of
// a string to []byte are evaluated where they stand, variables, index and
// field expressions and a method's receiver when the value is used.

// change suspends once, records label and runs f: an await that changes
// what the operands around it read.
//
// async
func change(tr *Trace, label string, f func()) int {
	runtime.Await(runtime.Sleep(0))
	tr.Add("change %s", label)
	f()
	return 0
}

func firstOf[T any](a T, _ int) T { return a }

func zeroIndex(tr *Trace) int { tr.Add("call index"); return 0 }

type orderCell struct{ n int }

func (c orderCell) get(int) int   { return c.n }
func (c *orderCell) pget(int) int { return c.n }

type orderName string

func (s orderName) String() string { return string(s) }

// async
func orderAssertions(tr *Trace) string {
	var i any = 1
	a := firstOf(i.(int), must(runtime.Await(changeAsync(tr, "i", func() { i = 2 }))))
	x, y := 1, 2
	var p any = &x
	b := *firstOf(p.(*int), must(runtime.Await(changeAsync(tr, "p", func() { p = &y }))))
	var s any = orderName("s")
	c := firstOf(s.(fmt.Stringer), must(runtime.Await(changeAsync(tr, "s", func() { s = orderName("t") }))))
	return fmt.Sprint(a, b, c)
}

// async
func orderAssertionPanics(tr *Trace) int {
	var i any = "s"
	return firstOf(i.(int), must(runtime.Await(changeAsync(tr, "i", func() { i = 1 }))))
}

// async
func orderAssertionGeneric[T any](tr *Trace, v any) string {
	// gc asserts to a type of the generic function when the value is used.
	a := firstOf(v.(T), must(runtime.Await(changeAsync(tr, "v", func() { v = *new(T) }))))
	type local struct{ a, b int }
	var l any = local{1, 1}
	b := firstOf(l.(local), must(runtime.Await(changeAsync(tr, "l", func() { l = local{2, 2} }))))
	return fmt.Sprint(a, b)
}

// async
func orderSlices(tr *Trace) string {
	xs := []int{1, 2}
	a := firstOf(xs[:1], must(runtime.Await(changeAsync(tr, "xs", func() { xs = []int{9} }))))
	s := "ab"
	b := firstOf(s[1:], must(runtime.Await(changeAsync(tr, "s", func() { s = "cd" }))))
	c := firstOf([]byte(s), must(runtime.Await(changeAsync(tr, "s", func() { s = "ef" }))))
	bs := []byte("gh")
	d := firstOf(string(bs), must(runtime.Await(changeAsync(tr, "bs", func() { bs[0] = 'x' }))))
	ys := [][]int{{1}}
	e := firstOf(ys[:1][0], must(runtime.Await(changeAsync(tr, "ys", func() { ys[0] = []int{2} }))))
	return fmt.Sprint(a, b, string(c), d, e)
}

// async
func orderSlicePanics(tr *Trace) []int {
	var xs []int
	return firstOf(xs[1:5], must(runtime.Await(changeAsync(tr, "xs", func() { xs = make([]int, 5) }))))
}

// async
func orderReceivers(tr *Trace) string {
	arr := [2]orderCell{{1}, {1}}
	a := arr[zeroIndex(tr)].get(must(runtime.Await(changeAsync(tr, "arr", func() { arr[0].n = 2 }))))
	cs := []orderCell{{1}}
	b := cs[zeroIndex(tr)].pget(must(runtime.Await(changeAsync(tr, "cs", func() { cs = []orderCell{{3}} }))))
	ss := []fmt.Stringer{orderName("a")}
	c := ss[zeroIndex(tr)].String() + fmt.Sprint(must(runtime.Await(changeAsync(tr, "ss", func() { ss[0] = orderName("b") }))))
	fs := []func(int) int{func(int) int { return 1 }}
	d := fs[zeroIndex(tr)](must(runtime.Await(changeAsync(tr, "fs", func() { fs[0] = func(int) int { return 2 } }))))
	f := func(int) int { return 1 }
	e := f(must(runtime.Await(changeAsync(tr, "f", func() { f = func(int) int { return 2 } }))))
	return fmt.Sprint(a, b, c, d, e)
}

// async
func orderLiterals(tr *Trace) string {
	x := 1
	m := map[string]int{"a": x, "b": must(runtime.Await(changeAsync(tr, "x", func() { x = 2 })))}
	k := 1
	mk := map[int]int{k: 0, 5: must(runtime.Await(changeAsync(tr, "k", func() { k = 2 })))}
	y := 1
	xs := []int{y, must(runtime.Await(changeAsync(tr, "y", func() { y = 2 })))}
	ok := true
	and := firstOf(ok && x > 0, must(runtime.Await(changeAsync(tr, "ok", func() { ok = false }))))
	return fmt.Sprint(m, mk, xs, and)
}
