package main

import "github.com/asyncgen/asyncgen/runtime"

// async
func f() (int, error) {
	type pair struct{ a, b int }
	p := pair{1, 2}
	runtime.Await(runtime.Sleep(0))
	return p.a + p.b, nil
}

// Error:
// localtype.go:8:2: type pair is declared inside the function and cannot be held in its frame across an await: declare it at package level
