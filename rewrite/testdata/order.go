package main

import (
	"fmt"
	"strings"

	"github.com/asyncgen/asyncgen/runtime"
)

// set stores v in *p once it has awaited.
//
// async
func set(p *int, v int) (int, error) {
	runtime.Await(runtime.Sleep(0))
	*p = v
	return v, nil
}

// async
func spoil(b []byte) (int, error) {
	runtime.Await(runtime.Sleep(0))
	b[0] = 'z'
	return 0, nil
}

func must(v int, err error) int {
	if err != nil {
		panic(err)
	}
	return v
}

type pt struct{ X, Y int }

func setNow(p *int, v int) int { *p = v; return v }

type word struct{ A, B int32 }

func isFirst(p any, arr *[2]int) bool { return p == &arr[0] }

// gcOrder reads y, whose address set has, around an await that changes it.
// Each line is what gc gives: where gc copies an operand into a temporary
// as it meets it, the operand is read before the await, elsewhere after.
//
// async
func gcOrder() (string, error) {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	y := 6
	s := []int{0, 1, 2, 3, 4, 5}
	// a slice bound that is not a variable is read before the await
	add("bound %v", s[y%3:must(runtime.Await(setAsync(&y, 4)))])
	y = 1
	add("var bound %v", s[y:must(runtime.Await(setAsync(&y, 4)))])
	// a value converted to an interface through its address is read before
	y = 1
	add("iface %s", fmt.Sprint(y > 0, int8(y), pt{X: y}, [2]int{y}, y, must(runtime.Await(setAsync(&y, -1)))))
	type one struct{ N int } // converted as an int is
	type local struct{ N, M int }
	y = 1
	add("local types %s", fmt.Sprint(one{y}, local{y, 0}, must(runtime.Await(setAsync(&y, -1)))))
	y = 1
	add("addressable %s", fmt.Sprint(y, must(runtime.Await(setAsync(&y, -1)))))
	arr := [2]int{}
	i := 0
	add("pointer %v", isFirst(&arr[i], &arr) == (must(runtime.Await(setAsync(&i, 1))) == 1))
	y = 1
	var e any
	e, y = y > 0, must(runtime.Await(setAsync(&y, -1)))
	add("assign %v", e)
	y = 1
	add("literal %v", []any{y > 0, must(runtime.Await(setAsync(&y, -1)))})
	// map keys the map routines take by address are read before
	y = 1
	bools := map[bool]int{true: 10, false: 20}
	add("bool key %d", bools[y > 0]+must(runtime.Await(setAsync(&y, -1))))
	y = 1
	anys := map[any]int{1: 10}
	add("any key %d", anys[y]+must(runtime.Await(setAsync(&y, -1))))
	y = 1
	words := map[word]int{{1, 0}: 10}
	add("word key %d", words[word{int32(y), 0}]+must(runtime.Await(setAsync(&y, -1))))
	y = 1
	ints := map[int32]int{1: 10}
	add("int key %d", ints[int32(y)]+must(runtime.Await(setAsync(&y, -1))))
	y = 1
	bools[y > 0] = must(runtime.Await(setAsync(&y, -1)))
	add("key target %v", bools)
	// a map read keyed by string(b) reads b before
	b := []byte("ab")
	strs := map[string]int{"ab": 1, "zb": 2}
	add("bytes key %d", strs[string(b)]+must(runtime.Await(spoilAsync(b))))
	// a comparison of structs copies the sides it cannot address
	y = 1
	p := pt{X: 1}
	cmp := func(eq bool, _ int) bool { return eq }
	add("compare %v", cmp(p == pt{X: y}, must(runtime.Await(setAsync(&y, -1)))))
	y = 1
	add("compare both %v", cmp(pt{X: y} == pt{X: setNow(&y, 2)}, must(runtime.Await(setAsync(&y, -1)))))
	add("compare after %v", pt{X: y} == pt{X: must(runtime.Await(setAsync(&y, 1)))})
	return strings.Join(out, "\n"), nil
}

func main() {
	v, err := runtime.Run(gcOrderAsync())
	fmt.Println(v, err)
}

// Output:
// bound [0 1 2 3]
// var bound []
// iface true 1 {1 0} [1 0] -1 -1
// local types {-1} {1 0} -1
// addressable -1 -1
// pointer true
// assign true
// literal [true -1]
// bool key 9
// any key 9
// word key 9
// int key -1
// key target map[false:20 true:-1]
// bytes key 1
// compare true
// compare both true
// compare after true <nil>
