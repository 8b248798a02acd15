package conformance

import "github.com/asyncgen/asyncgen/runtime"

// This file: closures capturing variables that live across awaits; they must
// share one variable with the function, and Go 1.22 loop variables stay
// per-iteration.

// async
func closureShared(tr *Trace) []int {
	x := 1
	get := func() int { return x }
	set := func(v int) { x = v }
	out := []int{get()}
	x = must(runtime.Await(valAsync(tr, "x", 2)))
	out = append(out, get())
	set(3)
	runtime.Await(yieldAsync())
	out = append(out, x, get())
	return out
}

// async
func closurePerIteration(tr *Trace) []int {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
		runtime.Await(valAsync(tr, "i", i))
	}
	var out []int
	for _, f := range fs {
		out = append(out, f())
	}
	return out
}

// async
func closurePerIterationModified(tr *Trace) []int {
	var fs []func() int
	for i := 0; i < 6; i++ {
		fs = append(fs, func() int { return i })
		// The increment of the next iteration starts from the copy.
		i += must(runtime.Await(readyAsync(1)))
	}
	var out []int
	for _, f := range fs {
		out = append(out, f())
	}
	return out
}

// async
func closureRangeVars(tr *Trace) []string {
	var fs []func() string
	for i, s := range []string{"a", "b", "c"} {
		runtime.Await(yieldAsync())
		fs = append(fs, func() string { return s + string(rune('0'+i)) })
	}
	var out []string
	for _, f := range fs {
		out = append(out, f())
	}
	return out
}

// async
func closureCapturesParam(tr *Trace, n int) int {
	add := func(d int) { n += d }
	add(must(runtime.Await(valAsync(tr, "d", 5))))
	runtime.Await(yieldAsync())
	add(1)
	return n
}

// async
func closureCalledAcrossAwait(tr *Trace) []int {
	total := 0
	acc := func(v int) int { total += v; return total }
	var out []int
	for i := range 3 {
		out = append(out, acc(must(runtime.Await(valAsync(tr, "v", i+1)))))
	}
	return append(out, total)
}

// async
func closureReturned(tr *Trace) int {
	f := makeAdder(must(runtime.Await(valAsync(tr, "base", 10))))
	runtime.Await(yieldAsync())
	return f(5)
}

func makeAdder(base int) func(int) int { return func(x int) int { return base + x } }

// async
func closurePointer(tr *Trace) int {
	x := 1
	p := &x
	runtime.Await(yieldAsync())
	*p = must(runtime.Await(valAsync(tr, "v", 42)))
	return x
}

// async
func closureGoroutineFree(tr *Trace) []int {
	// Closures made in different iterations, called after the loop, each
	// see their own iteration's variable, even with awaits between.
	var fs []func() int
	for i := range 3 {
		j := i * 10
		runtime.Await(yieldAsync())
		fs = append(fs, func() int { j++; return j })
	}
	var out []int
	for _, f := range fs {
		out = append(out, f(), f())
	}
	return out
}
