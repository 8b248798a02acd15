package conformance

import (
	"fmt"
	"iter"

	"github.com/asyncgen/asyncgen/runtime"
)

// This file: panics that cross a range over a func iterator whose body
// awaits, and iterators that break the rules Go checks at run time.

// observing yields 0..n-1; its deferred call traces the panic it sees and
// lets it go on.
func observing(tr *Trace, name string, n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer func() {
			r := recover()
			tr.Add("%s done, sees %v", name, r)
			if r != nil {
				panic(r)
			}
		}()
		for i := range n {
			if !yield(i) {
				tr.Add("%s stopped at %d", name, i)
				return
			}
		}
	}
}

// replacing turns a panic of the loop body into another one.
func replacing(tr *Trace) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer func() {
			if r := recover(); r != nil {
				tr.Add("iterator recovered %v", r)
				panic(fmt.Sprint("replaced ", r))
			}
		}()
		for i := range 5 {
			if !yield(i) {
				return
			}
		}
	}
}

// swallowing recovers a panic of the loop body and returns, which Go
// reports as a panic of its own; with again set it yields once more after
// the panic, which Go reports too.
func swallowing(tr *Trace, again bool) iter.Seq[int] {
	return func(yield func(int) bool) {
		func() {
			defer func() {
				if r := recover(); r != nil {
					tr.Add("iterator swallowed %v", r)
				}
			}()
			for i := range 5 {
				if !yield(i) {
					return
				}
			}
		}()
		if again {
			tr.Add("iterator yields again")
			yield(100)
		}
		tr.Add("iterator returns")
	}
}

// deaf ignores that yield returned false.
func deaf(tr *Trace) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range 4 {
			if !yield(i) {
				tr.Add("yield returned false at %d", i)
			}
		}
	}
}

// exploding panics itself after yielding n values.
func exploding(tr *Trace, n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer tr.Add("exploding deferred")
		for i := range n {
			if !yield(i) {
				return
			}
		}
		panic(fmt.Sprint("iterator exploded after ", n))
	}
}

// async
func rangeFuncPanicSeen(tr *Trace) (out string) {
	defer func() { out = fmt.Sprint("recovered ", recover()) }()
	defer tr.Add("deferred before the loop")
	for i := range observing(tr, "it", 5) {
		defer tr.Add("deferred in the body %d", i)
		if must(runtime.Await(valAsync(tr, "i", i))) == 2 {
			panic("body")
		}
	}
	return "no panic"
}

// async
func rangeFuncPanicNested(tr *Trace) (out string) {
	defer func() { out = fmt.Sprint("recovered ", recover()) }()
	for i := range observing(tr, "outer", 3) {
		defer tr.Add("outer body %d", i)
		for j := range observing(tr, fmt.Sprint("inner", i), 3) {
			runtime.Await(yieldAsync())
			if i == 1 && j == 1 {
				panic(fmt.Sprint("at ", i, j))
			}
			defer tr.Add("inner body %d%d", i, j)
		}
	}
	return "no panic"
}

// async
func rangeFuncPanicNativeInner(tr *Trace) (out string) {
	defer func() { out = fmt.Sprint("recovered ", recover()) }()
	for i := range observing(tr, "outer", 3) {
		runtime.Await(yieldAsync())
		for j := range observing(tr, "native", 3) {
			defer tr.Add("native body %d%d", i, j)
			if i == 1 && j == 2 {
				panic("in the native loop")
			}
		}
	}
	return "no panic"
}

// async
func rangeFuncPanicFromAwaited(tr *Trace) (out string) {
	defer func() { out = fmt.Sprint("recovered ", recover()) }()
	for i := range observing(tr, "it", 3) {
		runtime.Await(yieldAsync())
		if i == 1 {
			runtime.Await(panickerAsync(tr))
		}
	}
	return "no panic"
}

// async
func rangeFuncPanicReplaced(tr *Trace) (out string) {
	defer func() { out = fmt.Sprint("recovered ", recover()) }()
	for i := range replacing(tr) {
		if must(runtime.Await(valAsync(tr, "i", i))) == 1 {
			panic("body")
		}
	}
	return "no panic"
}

// async
func rangeFuncPanicSwallowed(tr *Trace, again bool) (out string) {
	defer func() { out = fmt.Sprint("recovered ", recover()) }()
	for i := range swallowing(tr, again) {
		defer tr.Add("deferred in the body %d", i)
		if must(runtime.Await(valAsync(tr, "i", i))) == 1 {
			panic("body")
		}
	}
	return "no panic"
}

// async
func rangeFuncBreakIgnored(tr *Trace) (out string) {
	defer func() { out = fmt.Sprint("recovered ", recover()) }()
	for i := range deaf(tr) {
		if must(runtime.Await(valAsync(tr, "i", i))) == 1 {
			break
		}
	}
	return "no panic"
}

// async
func rangeFuncIteratorPanics(tr *Trace) (out string) {
	defer func() { out = fmt.Sprint("recovered ", recover()) }()
	for i := range exploding(tr, 2) {
		defer tr.Add("deferred in the body %d", i)
		runtime.Await(valAsync(tr, "i", i))
	}
	return "no panic"
}

// async
func rangeFuncBreakOuter(tr *Trace) []int {
	var out []int
outer:
	for i := range observing(tr, "outer", 3) {
		for j := range observing(tr, fmt.Sprint("inner", i), 3) {
			runtime.Await(yieldAsync())
			if i == 1 && j == 1 {
				break outer
			}
			out = append(out, i*10+j)
		}
	}
	tr.Add("after the loops")
	return out
}

// async
func rangeFuncGeneric[S ~func(func(int) bool)](tr *Trace, seq S, stopAt int) (out int) {
	defer func() {
		if r := recover(); r != nil {
			out = -out
		}
	}()
	for x := range seq {
		out += must(runtime.Await(valAsync(tr, "x", x)))
		if x == stopAt {
			panic("stop")
		}
	}
	return out
}

func pairs(yield func(string, int) bool) { _ = yield("a", 1) && yield("b", 2) }

type word string

// async
func rangeFuncFewerVars(tr *Trace) (string, error) {
	keys := ""
	for k := range pairs { // only the first of two values
		runtime.Await(valAsync(tr, k, 0))
		keys += k
	}
	n := 0
	for range pairs { // none of them
		runtime.Await(valAsync(tr, "none", 0))
		n++
	}
	for _, v := range pairs {
		n += must(runtime.Await(valAsync(tr, "value", v)))
	}
	return fmt.Sprint(keys, n), nil
}

// async
func rangeNamedString(tr *Trace, w word) []rune {
	var out []rune
	for i, r := range w {
		runtime.Await(valAsync(tr, string(r), i))
		out = append(out, r)
	}
	return out
}
