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
// field expressions and a method's receiver when the value is used. One
// case has no single answer: gc reads an interface variable that a method
// is called on before the call's arguments when a closure captures the
// variable, and after them when its address is taken; the state machines
// read it after, as for an address taken.

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

func noteKey(tr *Trace, label string, k string) string { tr.Add("call %s", label); return k }

// async
func orderTargets(tr *Trace) (string, error) {
	// The operands of the targets and the right side are one sequence: a
	// call in a target comes before an await in the same target or in a
	// later one, and the target is still the variable's own element.
	xs := [][]int{{0, 0}, {0, 0}}
	xs[note(tr, "outer", 1)][must(runtime.Await(valAsync(tr, "inner", 0)))] = 5
	xs[note(tr, "outer++", 0)][must(runtime.Await(valAsync(tr, "inner++", 1)))]++
	a, b := []int{0, 0}, []int{0, 0}
	a[note(tr, "a", 0)], b[must(runtime.Await(valAsync(tr, "b", 1)))] = 1, 2
	m := map[string]map[string]int{"k": {}}
	m[noteKey(tr, "m", "k")][must(runtime.Await(valAsync(tr, "mk", "z")))] += 3
	cs := []*cell{{1}}
	cs[note(tr, "cs", 0)].n, a[must(runtime.Await(valAsync(tr, "a2", 1)))] = 7, 8
	// An array element reached through a call is assigned in place.
	g := make([][2]int, 2)
	g[note(tr, "row", 1)][0] = must(runtime.Await(valAsync(tr, "g", 4)))
	g[note(tr, "row", 0)][must(runtime.Await(valAsync(tr, "col", 1)))] += 2
	var arr [2][2]int
	arr[note(tr, "arr", 1)][must(runtime.Await(valAsync(tr, "arr col", 0)))]++
	ps := make([][1]cell, 1)
	ps[note(tr, "ps", 0)][0].n = must(runtime.Await(valAsync(tr, "ps", 6)))
	// The slice is read when the element is assigned, after the await.
	h := make([][1]int, 1)
	old := h
	h[note(tr, "h", 0)][0] = must(runtime.Await(changeAsync(tr, "h", func() { h = make([][1]int, 1) }))) + 9
	return fmt.Sprint(xs, a, b, m, *cs[0], g, arr, ps, h, old), nil
}

// async
func orderRangeTargets(tr *Trace) (string, error) {
	// A range statement assigns each iteration's values to its targets as
	// an assignment does: an await in a target runs at every iteration,
	// after the values are taken.
	xs := make([]int, 3)
	for xs[must(runtime.Await(valAsync(tr, "key", 1)))] = range 3 {
	}
	ys := make([]string, 3)
	var i int
	for i, ys[must(runtime.Await(valAsync(tr, "value", 2)))] = range []string{"a", "b"} {
		tr.Add("body %d", i)
	}
	m := map[string]int{}
	for _, m[fmt.Sprint(must(runtime.Await(valAsync(tr, "map", 3))))] = range map[int]int{1: 7} {
	}
	ss := make([]string, 2)
	for xs[note(tr, "k", 0)], ss[must(runtime.Await(valAsync(tr, "v", 1)))] = range countTraced(tr, 3) {
		if xs[0] == 1 {
			break
		}
		tr.Add("body %s", ss[1])
	}
	return fmt.Sprint(xs, ys, m, ss), nil
}

// async
func orderRangeTargetPanics(tr *Trace) (string, error) {
	// A target that panics goes through the iterator, as the body would.
	xs := make([]int, 1)
	for xs[must(runtime.Await(valAsync(tr, "index", 1)))] = range observing(tr, "it", 2) {
	}
	return fmt.Sprint(xs), nil
}
