package conformance

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// This file: if/else, switch, type switch, fallthrough, goto, labels,
// blocks and shadowing, across awaits.

// async
func ifElse(tr *Trace, n int) int {
	if must(runtime.Await(valAsync(tr, "cond", n))) > 2 {
		tr.Add("then")
		n += must(runtime.Await(valAsync(tr, "then", 10)))
	} else {
		tr.Add("else")
		n -= must(runtime.Await(valAsync(tr, "else", 10)))
	}
	tr.Add("after %d", n)
	return n
}

// async
func ifInit(tr *Trace) (string, error) {
	if v, err := runtime.Await(valAsync(tr, "init", 3)); err != nil {
		return "", err
	} else if v > 5 {
		return "big", nil
	} else if w := must(runtime.Await(valAsync(tr, "w", v*2))); w > 5 {
		tr.Add("v=%d w=%d", v, w)
		return "medium", nil
	}
	return "small", nil
}

// async
func ifError(tr *Trace) (int, error) {
	v, err := runtime.Await(failAsync(tr, "boom"))
	if err != nil {
		tr.Add("caught %v", err)
		return v, errors.New("wrapped: " + err.Error())
	}
	return v, nil
}

// async
func switchTag(tr *Trace, xs []int) []string {
	var out []string
	for _, x := range xs {
		switch must(runtime.Await(valAsync(tr, "tag", x))) {
		case 0:
			out = append(out, "zero")
		case 1, 2:
			runtime.Await(yieldAsync())
			out = append(out, "small")
		case must(runtime.Await(valAsync(tr, "case", 3))):
			out = append(out, "three")
		default:
			out = append(out, "other")
		}
	}
	return out
}

// async
func switchNoTag(tr *Trace, x int) string {
	switch {
	case x < 0:
		return "negative"
	case must(runtime.Await(valAsync(tr, "first", x < 10))):
		runtime.Await(yieldAsync())
		return "small"
	case must(runtime.Await(valAsync(tr, "second", x < 100))):
		return "medium"
	}
	return "large"
}

// async
func switchInit(tr *Trace) int {
	switch v := must(runtime.Await(valAsync(tr, "init", 4))); v % 2 {
	case 0:
		return v * must(runtime.Await(valAsync(tr, "even", 10)))
	default:
		return v
	}
}

// async
func fallthroughs(tr *Trace, x int) []string {
	var out []string
	switch x {
	case 1:
		out = append(out, "one")
		runtime.Await(yieldAsync())
		fallthrough
	case 2:
		out = append(out, "two")
		fallthrough
	case 3:
		out = append(out, must(runtime.Await(valAsync(tr, "three", "three"))))
		if x == 2 {
			break
		}
		fallthrough
	default:
		out = append(out, "default")
	}
	return out
}

// async
func typeSwitch(tr *Trace, vs []any) []string {
	var out []string
	for _, v := range vs {
		switch x := v.(type) {
		case int:
			y := must(runtime.Await(valAsync(tr, "int", x)))
			out = append(out, "int", string(rune('0'+y)))
		case string, []byte:
			runtime.Await(yieldAsync())
			out = append(out, "text")
			_ = x
		case nil:
			out = append(out, "nil")
		case error:
			out = append(out, must(runtime.Await(valAsync(tr, "err", x.Error()))))
		default:
			out = append(out, "other")
		}
	}
	return out
}

// async
func gotoLoop(tr *Trace, n int) int {
	i, sum := 0, 0
loop:
	if i >= n {
		goto done
	}
	sum += must(runtime.Await(valAsync(tr, "i", i)))
	i++
	goto loop
done:
	tr.Add("done")
	return sum
}

// async
func gotoForward(tr *Trace, skip bool) []string {
	out := []string{"start"}
	if skip {
		goto end
	}
	out = append(out, must(runtime.Await(valAsync(tr, "middle", "middle"))))
end:
	runtime.Await(yieldAsync())
	out = append(out, "end")
	return out
}

// async
func labeledBreakContinue(tr *Trace) []int {
	var out []int
outer:
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			v := must(runtime.Await(valAsync(tr, "ij", i*10+j)))
			switch {
			case j > i:
				continue outer
			case i == 3:
				break outer
			}
			out = append(out, v)
		}
	}
	return out
}

// async
func labeledSwitchBreak(tr *Trace) int {
	n := 0
sw:
	switch must(runtime.Await(valAsync(tr, "x", 1))) {
	case 1:
		for {
			n++
			if must(runtime.Await(valAsync(tr, "n", n))) == 3 {
				break sw
			}
		}
	}
	return n
}

// async
func shadowing(tr *Trace) []int {
	x := 1
	out := []int{x}
	{
		x := must(runtime.Await(valAsync(tr, "inner", 2)))
		out = append(out, x)
		{
			x := x * 10
			runtime.Await(yieldAsync())
			out = append(out, x)
		}
		out = append(out, x)
	}
	if x := must(runtime.Await(valAsync(tr, "if", 3))); x > 0 {
		out = append(out, x)
	}
	out = append(out, x)
	return out
}

// async
func shadowParam(tr *Trace, n int) int {
	for n := 0; n < 2; n++ {
		runtime.Await(valAsync(tr, "loop n", n))
	}
	{
		n := n + 100
		runtime.Await(yieldAsync())
		tr.Add("block n=%d", n)
	}
	return n
}

// async
func selectComms(tr *Trace) []int {
	a, b := make(chan int, 1), make(chan int, 1)
	chans := []chan int{a, b}
	var out []int
	// Only the send is ready: the channel operands and the sent value are
	// evaluated, awaits included, once and in source order.
	select {
	case chans[must(runtime.Await(valAsync(tr, "index", 1)))] <- must(runtime.Await(valAsync(tr, "value", 42))):
		out = append(out, must(runtime.Await(valAsync(tr, "sent", len(b)))))
	case v := <-chans[must(runtime.Await(valAsync(tr, "recv", 0)))]:
		out = append(out, v)
	}
	for range 2 {
		select {
		case v := <-b:
			runtime.Await(yieldAsync())
			out = append(out, v)
		default:
			out = append(out, must(runtime.Await(valAsync(tr, "default", -1))))
		}
	}
	return out
}

func chanOf(tr *Trace, label string, c chan int) chan int { tr.Add("chan %s", label); return c }

// async
func selectOperandOrder(tr *Trace) string {
	// The channel operands and sent values of every case are evaluated
	// once, in source order, when the select starts: those of the cases
	// before the one that awaits too.
	a := make(chan int, 1)
	a <- 1
	var out string
	select {
	case v := <-chanOf(tr, "a", a):
		runtime.Await(yieldAsync())
		out = fmt.Sprint("received ", v)
	case chanOf(tr, "b", nil) <- note(tr, "b", 2):
		out = "sent b"
	case chanOf(tr, "c", nil) <- must(runtime.Await(valAsync(tr, "c", 3))):
		out = "sent c"
	case <-chanOf(tr, "d", nil):
		out = "received d"
	}
	// The same with no await in the clauses' bodies.
	a <- 4
	select {
	case chanOf(tr, "e", nil) <- note(tr, "e", 5):
		out += ", sent e"
	case v, ok := <-chanOf(tr, "f", a):
		out += fmt.Sprint(", received ", v, ok)
	case chanOf(tr, "g", nil) <- note(tr, "g", must(runtime.Await(valAsync(tr, "g", 6)))):
		out += ", sent g"
	}
	// A variable is read on entering the select as well, before the await
	// of a later case: what happens to it after does not count.
	a <- 7
	c := a
	drop := func() int { c = nil; return 8 }
	select {
	case v := <-c:
		out += fmt.Sprint(", received ", v)
	case chanOf(tr, "h", nil) <- must(runtime.Await(valAsync(tr, "h", drop()))):
		out += ", sent h"
	default:
		out += ", default"
	}
	return out
}

// async
func localTypes(tr *Trace) (string, error) {
	type point struct{ x, y int }
	type path []point  // names the other local type
	type node struct { // refers to itself
		label string
		next  *node
	}
	p := path{{1, 2}}
	head := &node{label: "a"}
	p = append(p, point{must(runtime.Await(valAsync(tr, "x", 3))), 4})
	head = &node{label: "b", next: head}
	tr.Add("%v", p)
	n := 0
	for q := head; q != nil; q = q.next {
		n += must(runtime.Await(valAsync(tr, q.label, len(q.label))))
	}
	{
		type label string // declared in a block
		var s label = "inner"
		runtime.Await(valAsync(tr, "inner", 0))
		tr.Add("%s", s)
	}
	return fmt.Sprintf("%v %d %s", p, n, head.next.label), nil
}

// Embedded fields are named after their types: a frame holds package-level
// ones embedded in a moved local type (the fields keep their names), and a
// local type embedded in another stays in Step with it (asyncgen refuses
// the function when the frame would hold it, since the moved type's name
// would rename the field).
type ctlBase struct{ ID int }

type ctlPair struct{ A, B int }

// async
func localTypesEmbedded(tr *Trace) (string, error) {
	type pair = struct{ a, b int } // an alias, named by a moved type
	type item struct {
		ctlBase  // embedded: the field is named after its type
		*ctlPair // embedded through a pointer
		p        pair
		name     string
	}
	type base struct{ id int }
	type inStep struct{ base } // used between two awaits only
	it := item{ctlBase: ctlBase{1}, ctlPair: &ctlPair{2, 3}, p: pair{4, 5}, name: "x"}
	other := item{ctlBase{4}, &ctlPair{5, 6}, pair{7, 8}, "y"}
	it.ctlBase.ID += must(runtime.Await(valAsync(tr, "id", 10)))
	it.ID++ // promoted through ctlBase
	it.ctlPair.A += other.B
	s := inStep{base{it.ID}}
	s.id++ // promoted through base
	tr.Add("%+v %+v %d %d %s", it.ctlBase, s, it.A, it.p.b, other.name)
	runtime.Await(valAsync(tr, "end", 0))
	return fmt.Sprintf("%d %d %+v", it.ctlBase.ID+other.ID, it.B+other.ctlPair.A, *it.ctlPair), nil
}

// async
func localTypesAgain(tr *Trace) int {
	type point struct{ x int } // the name localTypes uses too
	p := point{must(runtime.Await(valAsync(tr, "x", 5)))}
	runtime.Await(valAsync(tr, "y", 0))
	return p.x
}

// async
func localDeclGroups(tr *Trace) (int, error) {
	x := 0
	{
		const (
			a = iota + 100
			_
			b
		)
		runtime.Await(valAsync(tr, "group", 0))
		x = a + b
	}
	const _, k = 1, 2
	type (
		held int    // held across an await: moves to package level
		used string // used after the await only: stays in Step
		_    bool
	)
	var h held = 3
	runtime.Await(valAsync(tr, "types", 0))
	return x + k + int(h) + len(used("xy")), nil
}

// async
func switchesWithoutAwait(tr *Trace, a, b any) []int {
	// Switches with no await in them, after one, are written out as Go:
	// every header form, and a type switch whose clauses each use their
	// variable, in the function and in a func literal.
	n := must(runtime.Await(valAsync(tr, "start", 2)))
	var out []int
	switch {
	case n > 1:
		n++
	}
	switch x := n; {
	case x > 2:
		n += 10
	}
	switch m := n * 2; m {
	case 26:
		n++
	}
	out = append(out, n)
	switch v := a.(type) {
	case int:
		n += v
	case string:
		n += len(v)
	case nil:
		n = -n
	default:
		_ = v
	}
	out = append(out, n)
	switch k := 100; v := b.(type) {
	case int, bool:
		out = append(out, k, len(fmt.Sprint(v)))
	case string:
		out = append(out, k+len(v))
	}
	size := func(x any) int {
		switch v := x.(type) {
		case int:
			return v
		case string:
			return len(v)
		}
		return -1
	}
	return append(out, size(a), size(b))
}

// async
func localGenericTypes(tr *Trace) string {
	// Generic types declared in the function keep their type parameters,
	// declared before an await (so at the top of Step), after one, and in a
	// func literal.
	type num[T ~int | ~float64] struct{ v T }
	type kv[K comparable, V any] map[K]V
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	type later[T any, U fmt.Stringer] struct {
		t T
		u []U
	}
	m := kv[string, int]{"a": n}
	var l later[int, fmt.Stringer]
	func() {
		type inner[E any] struct{ e E }
		l.t = inner[int]{n}.e
	}()
	type ptr[P *int,] struct{ p P } // [P *int] would declare an array type
	return fmt.Sprint(num[int]{2}, num[float64]{1.5}, m, l, *ptr[*int]{&n}.p)
}

// async
func redeclareHeld(tr *Trace) string {
	// x, loc := 2, n redeclares x, held in the frame, beside a new local:
	// the untyped 2 takes x's type, not int.
	var x float64
	var d int8
	var s any
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	x, loc := 2, n
	d, loc2 := 7, n
	s, loc3 := d, 1
	out := fmt.Sprint(loc, loc2, loc3)
	runtime.Await(valAsync(tr, "mid", 0))
	return fmt.Sprint(x, d, s, out)
}

// async
func localGenericTypesHeld(tr *Trace) string {
	// Values of generic local types held across an await: the types move
	// to package level with their type parameters.
	type num[T ~int | ~float64] struct{ v T }
	type kv[K comparable, V any] map[K]V
	type lst[T any] []T
	type wrap[T any] struct {
		inner num[int]
		xs    lst[T]
	}
	type small interface{ ~int8 | ~int16 }
	type bounded[T small] struct{ v T } // names a local constraint
	a := num[int]{2}
	b := kv[string, lst[int]]{"x": {1}}
	w := wrap[string]{a, lst[string]{"s"}}
	c := bounded[int8]{4}
	type list[T any] = []T // a generic alias
	d := list[num[int]]{a}
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	a.v += n
	return fmt.Sprint(a, b, w, c, d, num[float64]{1.5})
}
