package conformance

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"

	"github.com/asyncgen/asyncgen/runtime"
)

// This file: range over every kind, with awaits in the body and in the
// range expression.

// async
func rangeSlice(tr *Trace, xs []string) []string {
	var out []string
	for i, x := range xs {
		out = append(out, x+string(rune('0'+must(runtime.Await(valAsync(tr, x, i))))))
	}
	return slices.Clone(out)
}

// async
func rangeSliceStrings(tr *Trace) []string {
	var out []string
	for i, x := range []string{"a", "b", "c"} {
		y := must(runtime.Await(valAsync(tr, "x", x)))
		out = append(out, string(rune('0'+i))+y)
	}
	return out
}

// async
func rangeSliceAppend(tr *Trace) []int {
	xs := []int{1, 2, 3}
	for _, x := range xs {
		// The range expression is evaluated once: appending does not extend
		// the loop.
		xs = append(xs, must(runtime.Await(valAsync(tr, "x", x*10))))
	}
	return xs
}

// async
func rangeExprAwait(tr *Trace) int {
	sum := 0
	for _, x := range must(runtime.Await(valAsync(tr, "xs", []int{4, 5, 6}))) {
		sum += x
		runtime.Await(yieldAsync())
	}
	return sum
}

// async
func rangeArray(tr *Trace) [3]int {
	arr := [3]int{1, 2, 3}
	for i, x := range arr {
		// Ranging over an array copies it: changes do not show.
		arr[2] = 100
		arr[i] = x + must(runtime.Await(valAsync(tr, "x", x)))
	}
	return arr
}

// async
func rangeArrayPointer(tr *Trace) [3]int {
	arr := [3]int{1, 2, 3}
	for i, x := range &arr {
		// Through a pointer there is no copy: changes show.
		if i == 0 {
			arr[2] = 100
		}
		arr[i] = x + must(runtime.Await(valAsync(tr, "x", x)))
	}
	return arr
}

// async
func rangeArrayIndexOnly(tr *Trace) int {
	var arr [4]string
	n := 0
	for i := range arr {
		n += must(runtime.Await(valAsync(tr, "i", i)))
	}
	return n
}

// async
func rangeNilArrayPointer(tr *Trace) int {
	var p *[3]int
	n := 0
	// Neither loop reads the array, so a nil pointer ranges three times,
	// with a blank value as without one.
	for i := range p {
		n += must(runtime.Await(valAsync(tr, "i", i)))
	}
	for i, _ := range p {
		n += must(runtime.Await(valAsync(tr, "j", i)))
	}
	var arr [2]int
	for i, _ := range arr {
		n += must(runtime.Await(valAsync(tr, "k", i)))
	}
	return n
}

// async
func rangeString(tr *Trace) []string {
	var out []string
	for i, r := range "héllo, 世界" {
		out = append(out, must(runtime.Await(valAsync(tr, "r", string(r))))+string(rune('0'+i%10)))
	}
	return out
}

// async
func rangeMap(tr *Trace) map[string]int {
	m := map[string]int{"a": 1, "b": 2, "c": 3}
	out := map[string]int{}
	for k, v := range m {
		out[k] = v * must(runtime.Await(readyAsync(10)))
		runtime.Await(yieldAsync())
	}
	return out
}

// async
func rangeMapDelete(tr *Trace) int {
	// Entries removed before they are reached are not produced.
	m := map[int]bool{}
	for i := range 50 {
		m[i] = true
	}
	seen := 0
	for k := range m {
		runtime.Await(yieldAsync())
		seen++
		for j := range 50 {
			if j != k {
				delete(m, j)
			}
		}
	}
	return seen
}

// async
func rangeMapNaN(tr *Trace) []string {
	// NaN keys are produced with their values, though no lookup finds them.
	m := map[float64]string{math.NaN(): "a", math.NaN(): "b", 1: "one"}
	var out []string
	for k, v := range m {
		runtime.Await(yieldAsync())
		out = append(out, fmt.Sprint(k, " ", v))
	}
	slices.Sort(out)
	return out
}

// async
func rangeMapNaNKeyOnly(tr *Trace) int {
	m := map[float64]bool{math.NaN(): true, math.NaN(): true, math.NaN(): false}
	n := 0
	for k := range m {
		if k != k {
			n += must(runtime.Await(readyAsync(1)))
		}
	}
	return n
}

// async
func rangeMapClear(tr *Trace) int {
	// clear removes every entry not yet reached, NaN keys included.
	m := map[float64]int{math.NaN(): 1, math.NaN(): 2, 1: 3, 2: 4}
	seen := 0
	for range m {
		runtime.Await(yieldAsync())
		seen++
		clear(m)
	}
	return seen
}

// async
func rangeMapNil(tr *Trace) int {
	var m map[string]int
	n := 0
	for _, v := range m {
		n += must(runtime.Await(readyAsync(v)))
	}
	return n
}

// async
func rangeMapGeneric[M ~map[K]V, K cmp.Ordered, V any](tr *Trace, m M) []string {
	var out []string
	for k, v := range m {
		runtime.Await(yieldAsync())
		out = append(out, fmt.Sprint(k, "=", v))
	}
	slices.Sort(out)
	return out
}

// async
func rangeMapSorted(tr *Trace) []string {
	m := map[string]int{"x": 1, "y": 2, "z": 3}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := must(runtime.Await(valAsync(tr, k, m[k]*2)))
		out = append(out, k+string(rune('0'+v)))
	}
	return out
}

// async
func rangeInt(tr *Trace, n int) int {
	sum := 0
	for i := range n {
		sum += must(runtime.Await(valAsync(tr, "i", i)))
	}
	for range must(runtime.Await(valAsync(tr, "n", 2))) {
		sum *= 2
	}
	return sum
}

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// countTraced reports when the iterator stops, so the trace shows that a
// break out of the loop ends it.
func countTraced(tr *Trace, n int) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		defer tr.Add("iterator done")
		for i := range n {
			if !yield(i, string(rune('a'+i))) {
				tr.Add("iterator stopped at %d", i)
				return
			}
		}
	}
}

// async
func rangeFunc(tr *Trace) int {
	sum := 0
	for i := range count(4) {
		sum += must(runtime.Await(valAsync(tr, "i", i)))
	}
	return sum
}

// async
func rangeFuncBreak(tr *Trace) []string {
	var out []string
	for i, s := range countTraced(tr, 10) {
		if i == 3 {
			break
		}
		out = append(out, must(runtime.Await(valAsync(tr, "s", s))))
	}
	return out
}

// async
func rangeFuncReturn(tr *Trace) string {
	for i, s := range countTraced(tr, 10) {
		runtime.Await(yieldAsync())
		if i == 2 {
			return s
		}
	}
	return ""
}

// async
func rangeFuncNested(tr *Trace) []int {
	var out []int
outer:
	for i := range count(3) {
		for j := range count(3) {
			if j > i {
				continue outer
			}
			out = append(out, must(runtime.Await(valAsync(tr, "ij", i*10+j))))
		}
	}
	return out
}

// async
func rangeNoVars(tr *Trace) int {
	n := 0
	for range []int{1, 2, 3} {
		n += must(runtime.Await(readyAsync(1)))
	}
	for range "ab" {
		runtime.Await(yieldAsync())
		n++
	}
	return n
}
