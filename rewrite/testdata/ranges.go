package main

import (
	"fmt"
	"iter"
	"slices"
	"sort"

	"github.com/asyncgen/asyncgen/runtime"
)

func yield() runtime.Awaitable[struct{}] { return runtime.Sleep(0) }

// async
func overSlices() (string, error) {
	out := ""
	s := []int{1, 2, 3}
	for i, v := range s {
		runtime.Await(yield())
		s = append(s, 99) // the range expression was evaluated once
		out += fmt.Sprint(i, ":", v, " ")
	}
	arr := [3]string{"a", "b", "c"}
	for i, v := range arr {
		arr[2] = "changed" // ranging over a copy of the array
		runtime.Await(yield())
		out += fmt.Sprint(i, v)
	}
	p := &arr
	for i, v := range p {
		p[2] = "z" // ranging over the pointed-to array itself
		runtime.Await(yield())
		out += fmt.Sprint(i, v)
	}
	for i := range arr {
		runtime.Await(yield())
		out += fmt.Sprint(i)
	}
	for range 2 {
		runtime.Await(yield())
		out += "."
	}
	var n8 int8 = 3
	for i := range n8 {
		runtime.Await(yield())
		out += fmt.Sprintf("%T%d", i, i)
	}
	return out, nil
}

// async
func overStrings() (string, error) {
	out := ""
	for i, r := range "héllo\xff" {
		runtime.Await(yield())
		out += fmt.Sprintf("%d%c", i, r)
	}
	for i := range "ab" {
		runtime.Await(yield())
		out += fmt.Sprint(i)
	}
	return out, nil
}

// async
func overMaps() (string, error) {
	m := map[string]int{"a": 1, "b": 2, "c": 3, "d": 4}
	seen := map[string]int{}
	for k, v := range m {
		runtime.Await(yield())
		seen[k] = v
		// delete the other entries: entries not yet reached and removed
		// must not be produced
		for other := range m {
			if other != k {
				delete(m, other)
			}
		}
	}
	if len(seen) != 1 {
		return "", fmt.Errorf("saw %v", seen)
	}
	m2 := map[int]bool{1: true, 2: true, 3: true}
	var keys []int
	for k := range m2 {
		runtime.Await(yield())
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return fmt.Sprint(len(seen), keys), nil
}

var stops []string

func count(name string, n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer func() { stops = append(stops, name) }()
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

func pairs(n int) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i := range n {
			if !yield(i, fmt.Sprint("p", i)) {
				return
			}
		}
	}
}

type myIter func(func() bool)

type yieldFunc func(string) bool

type namedSeq func(yieldFunc)

func words() namedSeq {
	return func(yield yieldFunc) {
		for _, w := range []string{"x", "y"} {
			if !yield(w) {
				return
			}
		}
	}
}

func times(n int) myIter {
	return func(yield func() bool) {
		for range n {
			if !yield() {
				return
			}
		}
	}
}

// async
func overFuncs() (string, error) {
	out := ""
	for v := range count("all", 3) {
		runtime.Await(yield())
		out += fmt.Sprint(v)
	}
	for v := range count("break", 10) {
		runtime.Await(yield())
		if v == 2 {
			break
		}
		out += fmt.Sprint(v)
	}
	for k, v := range pairs(2) {
		runtime.Await(yield())
		out += fmt.Sprint(k, v)
	}
	for range times(2) {
		runtime.Await(yield())
		out += "!"
	}
	for w := range words() {
		runtime.Await(yield())
		out += w
	}
outer:
	for i := range 2 {
		for v := range count(fmt.Sprint("inner", i), 5) {
			runtime.Await(yield())
			if v == 1 {
				continue outer
			}
		}
	}
	for _, s := range slices.Collect(count("collect", 2)) {
		out += fmt.Sprint(s)
	}
	return out, nil
}

// async
func returnFromRangeFunc() (int, error) {
	for v := range count("return", 10) {
		runtime.Await(yield())
		if v == 3 {
			return v, nil
		}
	}
	return -1, nil
}

// async
func panicInRangeFunc() (err error) {
	defer func() {
		err = fmt.Errorf("recovered %v", recover())
	}()
	for v := range count("panic", 10) {
		runtime.Await(yield())
		if v == 1 {
			panic("in the loop")
		}
	}
	return nil
}

// async
func run() error {
	s, err := runtime.Await(overSlicesAsync())
	fmt.Println(s, err)
	s, err = runtime.Await(overStringsAsync())
	fmt.Println(s, err)
	s, err = runtime.Await(overMapsAsync())
	fmt.Println(s, err)
	s, err = runtime.Await(overFuncsAsync())
	fmt.Println(s, err)
	fmt.Println(stops)
	v, err := runtime.Await(returnFromRangeFuncAsync())
	fmt.Println(v, err, stops[len(stops)-1])
	fmt.Println(runtime.Await(panicInRangeFuncAsync()))
	fmt.Println(stops[len(stops)-1])
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// 0:1 1:2 2:3 0a1b2c0a1b2z012..int80int81int82 <nil>
// 0h1é3l4l5o6�01 <nil>
// 1 [1 2 3] <nil>
// 012010p01p1!!xy01 <nil>
// [all break inner0 inner1 collect]
// 3 <nil> return
// {} recovered in the loop
// panic
