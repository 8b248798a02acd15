package main

import "github.com/asyncgen/asyncgen/runtime"

// async
func f() (int, error) {
	var arr [3]int
	type A [len(arr)]int
	a := A{1, 2}
	runtime.Await(runtime.Sleep(0))
	return a[0] + a[1], nil
}

// Error:
// localtypevar.go:9:2: type A is declared inside the function from its variable arr and cannot be held in its frame across an await: declare it at package level
