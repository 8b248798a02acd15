package conformance

import (
	"fmt"
	"strconv"

	"github.com/asyncgen/asyncgen/runtime"
)

// This file: awaits inside expressions, with Go's order of evaluation and
// the short-circuit of && and || kept.

func add3(a, b, c int) int { return a*100 + b*10 + c }

func note(tr *Trace, label string, v int) int { tr.Add("call %s", label); return v }

// async
func exprCallArgs(tr *Trace) int {
	return add3(note(tr, "a", 1), must(runtime.Await(valAsync(tr, "b", 2))), note(tr, "c", 3))
}

// async
func exprBinary(tr *Trace) int {
	return must(runtime.Await(valAsync(tr, "l", 6)))*must(runtime.Await(valAsync(tr, "r", 7))) - note(tr, "n", 2)
}

// async
func exprAndShortCircuit(tr *Trace, x int) bool {
	return x > 0 && must(runtime.Await(valAsync(tr, "right", x > 5)))
}

// async
func exprOrShortCircuit(tr *Trace, x int) bool {
	return x > 0 || must(runtime.Await(valAsync(tr, "right", x < -5)))
}

// async
func exprNestedLogic(tr *Trace, a, b bool) bool {
	return (a || must(runtime.Await(valAsync(tr, "b", b)))) && (must(runtime.Await(valAsync(tr, "c", !a))) || a && b)
}

// async
func exprCompositeLiteral(tr *Trace) []int {
	return []int{note(tr, "first", 1), must(runtime.Await(valAsync(tr, "second", 2))), note(tr, "third", 3)}
}

type pair struct {
	A, B int
}

// async
func exprStructLiteral(tr *Trace) pair {
	return pair{B: must(runtime.Await(valAsync(tr, "b", 2))), A: note(tr, "a", 1)}
}

// async
func exprMapLiteral(tr *Trace) map[string]int {
	return map[string]int{"a": must(runtime.Await(valAsync(tr, "a", 1))), "b": note(tr, "b", 2)}
}

// async
func exprIndex(tr *Trace) int {
	xs := []int{10, 20, 30}
	return xs[must(runtime.Await(valAsync(tr, "i", 2)))]
}

// async
func exprIndexAssign(tr *Trace) []int {
	xs := make([]int, 3)
	xs[note(tr, "index", 1)] = must(runtime.Await(valAsync(tr, "value", 5)))
	return xs
}

// async
func exprConversion(tr *Trace) string {
	f := float64(must(runtime.Await(valAsync(tr, "n", 3)))) / 2
	return strconv.FormatFloat(f, 'f', 2, 64)
}

// async
func exprReturnTwoResults(tr *Trace) (int, error) {
	return runtime.Await(valAsync(tr, "v", 9))
}

// async
func exprReturnError(tr *Trace) (int, error) {
	return runtime.Await(failAsync(tr, "returned"))
}

// async
func exprMultiAssign(tr *Trace) [2]int {
	a, b := note(tr, "a", 1), must(runtime.Await(valAsync(tr, "b", 2)))
	a, b = b, a
	return [2]int{a, b}
}

// async
func exprSwapAwait(tr *Trace) []int {
	xs := []int{1, 2}
	xs[0], xs[1] = must(runtime.Await(valAsync(tr, "x1", xs[1]))), must(runtime.Await(valAsync(tr, "x0", xs[0])))
	return xs
}

// async
func exprOpAssign(tr *Trace) int {
	n := 5
	n += must(runtime.Await(valAsync(tr, "d", 3)))
	n *= must(runtime.Await(valAsync(tr, "m", 2)))
	return n
}

// async
func exprIncDec(tr *Trace) int {
	m := map[string]int{}
	for range 3 {
		m[must(runtime.Await(valAsync(tr, "key", "k")))]++
	}
	return m["k"]
}

// async
func exprMethodCall(tr *Trace) int {
	c := &counter{}
	return c.addTo(must(runtime.Await(valAsync(tr, "d", 4))), note(tr, "e", 5))
}

func (c *counter) addTo(a, b int) int { c.n += a + b; return c.n }

// async
func exprNestedAwait(tr *Trace) int {
	// An await whose argument itself awaits.
	return must(runtime.Await(valAsync(tr, "outer", must(runtime.Await(valAsync(tr, "inner", 8)))+1)))
}

// async
func exprUnary(tr *Trace) [2]any {
	return [2]any{-must(runtime.Await(valAsync(tr, "n", 4))), !must(runtime.Await(valAsync(tr, "b", true)))}
}

// async
func exprSliceExpr(tr *Trace) []int {
	xs := []int{0, 1, 2, 3, 4, 5}
	return xs[must(runtime.Await(valAsync(tr, "lo", 1))):must(runtime.Await(valAsync(tr, "hi", 4)))]
}

// async
func exprSend(tr *Trace) int {
	ch := make(chan int, 1)
	ch <- must(runtime.Await(valAsync(tr, "sent", 11)))
	return <-ch
}

// async
func exprCallResultAwait(tr *Trace) int {
	// The callee is evaluated before the arguments.
	f := func(x int) int { return x * 3 }
	pick := func() func(int) int { tr.Add("pick"); return f }
	return pick()(must(runtime.Await(valAsync(tr, "arg", 5))))
}

// async
func exprAwaitInStatement(tr *Trace) int {
	runtime.Await(valAsync(tr, "discarded", 1))
	_, _ = runtime.Await(valAsync(tr, "blank", 2))
	v, _ := runtime.Await(valAsync(tr, "kept", 3))
	var w, err = runtime.Await(valAsync(tr, "var", 4))
	_ = err
	var x, xerr any = runtime.Await(valAsync(tr, "typed var", 5))
	_ = xerr
	return v + w + x.(int)
}

type cell struct{ n int }

type holder struct{ c cell }

func holderOf(tr *Trace, h *holder) *holder { tr.Add("call holderOf"); return h }

// async
func fieldTargets(tr *Trace) (string, error) {
	// The operands of an assignment's target are evaluated before its
	// right-hand side, through fields of struct values too.
	s := make([]cell, 3)
	s[note(tr, "slice index", 1)].n = must(runtime.Await(valAsync(tr, "v", 5)))
	var a [3]cell
	a[note(tr, "array index", 2)].n = must(runtime.Await(valAsync(tr, "w", 6)))
	var h holder
	holderOf(tr, &h).c.n = must(runtime.Await(valAsync(tr, "x", 7)))
	s[note(tr, "op index", 0)].n += must(runtime.Await(valAsync(tr, "y", 8)))
	return fmt.Sprint(s, a, h), nil
}

func notePtr[T any](tr *Trace, label string, p *T) *T { tr.Add("call %s", label); return p }

// async
func parenTargets(tr *Trace) (string, error) {
	// A parenthesized target is the target inside: its operands are
	// evaluated before the right-hand side as well.
	xs := make([]int, 3)
	(xs[note(tr, "index", 0)]) = must(runtime.Await(valAsync(tr, "v", 1)))
	(xs[note(tr, "op index", 1)]) += must(runtime.Await(valAsync(tr, "w", 2)))
	s := make([]cell, 2)
	(s[note(tr, "field index", 1)]).n = must(runtime.Await(valAsync(tr, "x", 3)))
	var h holder
	(*notePtr(tr, "deref", &h)).c.n = must(runtime.Await(valAsync(tr, "y", 4)))
	(holderOf(tr, &h).c).n += must(runtime.Await(valAsync(tr, "z", 5)))
	n := new(int)
	(*notePtr(tr, "ptr", n)) = must(runtime.Await(valAsync(tr, "p", 6)))
	var v int
	(v), _ = runtime.Await(valAsync(tr, "q", 7))
	return fmt.Sprint(xs, s, h, *n, v), nil
}

// async
func parenAwaits(tr *Trace) (int, error) {
	// A parenthesized await is an await.
	x, err := (runtime.Await(valAsync(tr, "define", 1)))
	(runtime.Await(valAsync(tr, "statement", 2)))
	var y, _ = (runtime.Await(valAsync(tr, "var", 3)))
	z := must((runtime.Await(valAsync(tr, "argument", 4))))
	tr.Add("%d %v %d %d", x, err, y, z)
	return (runtime.Await(valAsync(tr, "return", 5)))
}

type point struct{ x, y int }

// async
func elidedLiterals(tr *Trace) (string, error) {
	// Elements with their types elided, evaluated before a later await.
	rows := [][]int{{note(tr, "row", 1)}, {must(runtime.Await(valAsync(tr, "r", 2)))}}
	ptrs := []*point{{note(tr, "ptr", 1), 2}, {must(runtime.Await(valAsync(tr, "p", 3))), 4}}
	keys := map[point]string{{note(tr, "key", 1), 2}: "a", {3, 4}: fmt.Sprint(must(runtime.Await(valAsync(tr, "k", 5))))}
	vals := map[string]point{"a": {note(tr, "val", 1), 2}, "b": {must(runtime.Await(valAsync(tr, "q", 3))), 4}}
	return fmt.Sprint(rows, *ptrs[0], *ptrs[1], keys, vals), nil
}

// async
func chanElemTypes(tr *Trace) string {
	// Channels of channels held across an await: the frame spells their
	// types, and chan (<-chan int) needs its parentheses.
	var rc chan (<-chan int)
	var sc chan<- chan int
	var rr <-chan <-chan int
	var ss chan<- <-chan int
	runtime.Await(valAsync(tr, "n", 3))
	return fmt.Sprintf("%T %T %T %T", rc, sc, rr, ss)
}
