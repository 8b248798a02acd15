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

// Jumps and returns from a range-over-func loop without an await (plain Go)
// inside loops whose bodies await: Go finishes the plain loop's iterator
// first, then the outer ones, innermost first, and a panic of the plain
// loop's iterator goes through the outer iterators.

// watching yields 0..n-1; its deferred call traces the int p points to (a
// named result, say) and the panic it sees, and lets the panic go on.
func watching(tr *Trace, name string, n int, p *int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer func() {
			r := recover()
			tr.Add("%s done, sees %d, %v", name, *p, r)
			if r != nil {
				panic(r)
			}
		}()
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// cleanupPanics yields 0..n-1 and panics as it finishes; its first
// deferred call traces that panic and lets it go on.
func cleanupPanics(tr *Trace, name string, n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer func() {
			r := recover()
			tr.Add("%s done, sees %v", name, r)
			if r != nil {
				panic(r)
			}
		}()
		defer panic(name + " cleanup panicked")
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// noted traces that it was evaluated and returns s.
func noted(tr *Trace, s string) string {
	tr.Add("evaluated %s", s)
	return s
}

// rangeFuncPlainExit leaves a plain range-over-func loop nested in two
// that await: by return (mode 0), goto (1), break (2) or continue (3) of
// the outer loop, continue of the middle one (4), and break of the middle
// one (5), which stops only the iterators up to it.
//
// async
func rangeFuncPlainExit(tr *Trace, mode int) (out []string) {
	defer func() { tr.Add("deferred sees %v", out) }()
outer:
	for i := range observing(tr, "outer", 2) {
		must(runtime.Await(valAsync(tr, "i", i)))
	middle:
		for j := range observing(tr, fmt.Sprint("middle", i), 3) {
			must(runtime.Await(valAsync(tr, "j", j)))
			for k := range observing(tr, fmt.Sprint("plain", i, j), 3) { // no await
				if j == 1 && k == 1 {
					switch mode {
					case 0:
						return append(out, noted(tr, "returned"))
					case 1:
						goto done
					case 2:
						break outer
					case 3:
						continue outer
					case 4:
						continue middle
					case 5:
						break middle
					}
				}
				out = append(out, fmt.Sprint(i, j, k))
			}
		}
		tr.Add("after middle %d", i)
	}
	tr.Add("after the loops")
	return append(out, "end")
done:
	tr.Add("at done")
	return append(out, "done")
}

// rangeFuncPlainReturn is the smallest case: a return from a plain
// range-over-func loop in one that awaits.
//
// async
func rangeFuncPlainReturn(tr *Trace) []string {
	var out []string
	for i := range observing(tr, "outer", 3) {
		runtime.Await(yieldAsync())
		for j := range observing(tr, "plain", 3) {
			if i == 1 {
				return append(out, noted(tr, "returned"))
			}
			out = append(out, fmt.Sprint(i, j))
		}
	}
	return out
}

// rangeFuncPlainNested leaves plain loops nested in each other (a plain
// range-over-func loop in an ordinary for loop in another plain one), in
// a loop that awaits.
//
// async
func rangeFuncPlainNested(tr *Trace, useGoto bool) (n int) {
	for range observing(tr, "outer", 3) {
		runtime.Await(yieldAsync())
		for a := range observing(tr, "plainA", 3) {
			for b := 0; b < 3; b++ {
				for c := range observing(tr, fmt.Sprint("plainB", a, b), 3) {
					n += c
					if a == 1 && b == 1 && c == 1 {
						if useGoto {
							goto done
						}
						return n * 100
					}
				}
			}
		}
	}
	return -1
done:
	return n
}

// rangeFuncPlainNamedResult returns from a plain loop in one that awaits:
// the result is evaluated and set first, then the iterators finish,
// innermost first, and see it; then the deferred call changes it.
//
// async
func rangeFuncPlainNamedResult(tr *Trace) (out int) {
	defer func() {
		tr.Add("deferred sees %d", out)
		out *= 10
	}()
	for i := range watching(tr, "outer", 3, &out) {
		out = must(runtime.Await(valAsync(tr, "i", i)))
		for range watching(tr, "plain", 3, &out) {
			if i == 1 {
				return out + len(noted(tr, "result")) // 1 + 6
			}
		}
	}
	return -1
}

// rangeFuncPlainCleanupPanics leaves a plain loop whose iterator panics as
// it finishes, in two loops that await: by return (mode 0), goto (1),
// break of the outer loop (2) or continue of it (3). The panic goes
// through the outer iterators, innermost first, before the function's
// deferred call recovers it.
//
// async
func rangeFuncPlainCleanupPanics(tr *Trace, mode int) (out string) {
	defer func() { out = fmt.Sprint("recovered ", recover()) }()
outer:
	for i := range observing(tr, "outer", 2) {
		runtime.Await(yieldAsync())
		for j := range observing(tr, "middle", 2) {
			runtime.Await(yieldAsync())
			for range cleanupPanics(tr, fmt.Sprint("plain", i, j), 2) { // no await
				switch mode {
				case 0:
					return "returned"
				case 1:
					goto done
				case 2:
					break outer
				case 3:
					continue outer
				}
			}
		}
	}
	return "after the loops"
done:
	return "done"
}
