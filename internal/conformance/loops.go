package conformance

import "github.com/asyncgen/asyncgen/runtime"

// This file: every for form, with awaits in the body, the init statement,
// the condition and the post statement.

// async
func forBody(tr *Trace, n int) int {
	sum := 0
	for i := 0; i < n; i++ {
		sum += must(runtime.Await(valAsync(tr, "i", i)))
	}
	return sum
}

// async
func forInit(tr *Trace) int {
	sum := 0
	for i := must(runtime.Await(valAsync(tr, "init", 2))); i < 5; i++ {
		sum += i
	}
	return sum
}

// async
func forCond(tr *Trace) int {
	n := 0
	for must(runtime.Await(valAsync(tr, "cond", n))) < 3 {
		n++
	}
	return n
}

// async
func forPost(tr *Trace) []int {
	var out []int
	for i := 0; i < 10; i = must(runtime.Await(valAsync(tr, "post", i*2+1))) {
		out = append(out, i)
	}
	return out
}

// async
func forAll(tr *Trace) []int {
	var out []int
	for i := must(runtime.Await(valAsync(tr, "init", 0))); must(runtime.Await(valAsync(tr, "cond", i < 3))); i += must(runtime.Await(valAsync(tr, "post", 1))) {
		out = append(out, must(runtime.Await(valAsync(tr, "body", i))))
	}
	return out
}

// async
func forWhile(tr *Trace) int {
	n := 10
	for n > 0 {
		n -= must(runtime.Await(valAsync(tr, "dec", 3)))
	}
	return n
}

// async
func forInfinite(tr *Trace) int {
	n := 0
	for {
		n++
		if must(runtime.Await(valAsync(tr, "n", n))) >= 3 {
			break
		}
	}
	return n
}

// async
func forContinue(tr *Trace) []int {
	var out []int
	for i := 0; i < 6; i++ {
		if i%2 == 0 {
			runtime.Await(yieldAsync())
			continue
		}
		out = append(out, must(runtime.Await(valAsync(tr, "odd", i))))
	}
	return out
}

// async
func forNested(tr *Trace) [][2]int {
	var out [][2]int
	for i := 0; i < 3; i++ {
		for j := i; j < 3; j++ {
			if j == 2 && i == 1 {
				break
			}
			out = append(out, [2]int{i, must(runtime.Await(valAsync(tr, "j", j)))})
		}
	}
	return out
}

// async
func forReturnInside(tr *Trace) (int, error) {
	for i := 0; ; i++ {
		v, err := runtime.Await(valAsync(tr, "v", i*i))
		if err != nil {
			return 0, err
		}
		if v > 5 {
			return v, nil
		}
	}
}

// async
func forManyIterations() int {
	sum := 0
	for i := range 1000 {
		sum += must(runtime.Await(readyAsync(i)))
	}
	return sum
}

// async
func forSuspendMany() int {
	n := 0
	for range 200 {
		runtime.Await(runtime.Sleep(0))
		n++
	}
	return n
}

// async
func forHeadsWithoutAwait(tr *Trace) []int {
	// Loops with no await in them, after one: each header form is written
	// out as Go, not lowered to states.
	n := must(runtime.Await(valAsync(tr, "start", 5)))
	var out []int
	for {
		n--
		if n < 2 {
			break
		}
	}
	out = append(out, n)
	for i := 0; ; i++ {
		if i > 3 {
			break
		}
		n += i
	}
	out = append(out, n)
	for n < 100 {
		n *= 2
	}
	out = append(out, n)
	for n < 200 {
		n++
	}
	out = append(out, n)
	for i := 0; i < 2; {
		i++
		n += i
	}
	out = append(out, n)
	return out
}
