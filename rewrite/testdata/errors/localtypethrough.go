package main

import "github.com/asyncgen/asyncgen/runtime"

// async
func f() (int, error) {
	const n = 2
	type pair [n]int
	type pairs []pair
	p := pairs{{1, 2}}
	runtime.Await(runtime.Sleep(0))
	return p[0][0] + p[0][1], nil
}

// Error:
// localtypethrough.go:10:2: type pairs is declared inside the function from its constant n (through type pair) and cannot be held in its frame across an await: declare it at package level
