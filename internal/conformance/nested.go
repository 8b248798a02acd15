package conformance

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// This file: constructs nested in one another, with awaits at every level.

// async
func nestedDeferInRangeFunc(tr *Trace) (out []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			out = append(out, fmt.Sprint("recovered ", r))
		}
	}()
	for i, s := range countTraced(tr, 5) {
		defer tr.Add("deferred %d", i)
		switch v := must(runtime.Await(valAsync(tr, "s", s))); {
		case i == 1:
			continue
		case i == 3:
			panic("at " + v)
		default:
			out = append(out, v)
		}
	}
	return out, nil
}

// async
func nestedLabelsAndClosures(tr *Trace) []int {
	var fs []func() int
outer:
	for i := range 3 {
		for j := range must(runtime.Await(valAsync(tr, "n", i+1))) {
			k := i*10 + j
			fs = append(fs, func() int { return k })
			if must(runtime.Await(readyAsync(j))) == 1 {
				continue outer
			}
		}
	}
	var out []int
	for _, f := range fs {
		out = append(out, f())
	}
	return out
}

// async
func nestedSwitchInLoopWithGoto(tr *Trace) []string {
	var out []string
	i := 0
again:
	for ; i < 6; i++ {
		switch x := must(runtime.Await(valAsync(tr, "i", i))) % 3; x {
		case 0:
			out = append(out, "zero")
			fallthrough
		case 1:
			if i == 4 {
				i++
				goto again
			}
			out = append(out, "one-ish")
		default:
			runtime.Await(yieldAsync())
			out = append(out, "two")
		}
	}
	return out
}

// async
func nestedShortCircuitInLoopCond(tr *Trace) int {
	n := 0
	for n < 10 && (n%2 == 0 || must(runtime.Await(valAsync(tr, "odd", n))) < 7) {
		n += 1 + must(runtime.Await(readyAsync(n%2)))
	}
	return n
}

// async
func nestedRecursionWithDefers(tr *Trace, n int) (total int) {
	defer func() { total += n }()
	if n == 0 {
		return 0
	}
	for i := range n {
		if i%2 == 1 {
			continue
		}
		total += must(runtime.Await(nestedRecursionWithDefersAsync(tr, n-1)))
	}
	return total
}

// async
func nestedGenericMethodsInClosureLoop(tr *Trace) ([]string, error) {
	s := &Stack[func() string]{}
	for _, w := range []string{"x", "y", "z"} {
		runtime.Await(s.PushAsync(tr, func() string { return w + w }))
	}
	var out []string
	for range 3 {
		f, err := runtime.Await(s.PopAsync(tr))
		if err != nil {
			return nil, err
		}
		out = append(out, f())
	}
	return out, nil
}

// async
func nestedErrorsAcrossFrames(tr *Trace) (string, error) {
	var errs []error
	for i := range 4 {
		if v, err := runtime.Await(failAsync(tr, fmt.Sprint("e", i))); err != nil {
			errs = append(errs, err)
		} else {
			tr.Add("got %d", v)
		}
		if len(errs) >= 2 {
			break
		}
	}
	return fmt.Sprint(errs), nil
}
