package main

import "github.com/asyncgen/asyncgen/runtime"

// async
func f() (int, error) {
	const n = 2
	type pair [n]int
	p := pair{1, 2}
	runtime.Await(runtime.Sleep(0))
	return p[0] + p[1], nil
}

// Error:
// localtype.go:9:2: type pair is declared inside the function from its constant n and cannot be held in its frame across an await: declare it at package level
