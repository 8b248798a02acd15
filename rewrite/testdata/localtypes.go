package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// A constant group is declared at the top of Step as a whole or not at
// all, unless its constants do not depend on one another; a constant or
// type that names one that stays where it is declared stays too.
//
// async
func groups() (string, error) {
	var arr [3]int
	const (
		a = 1
		b = len(arr)
	)
	const c = b + 1
	type A [len(arr)]int
	type B []A
	const (
		d = iota * 10
		e
	)
	out := fmt.Sprintf("%d %d %v %d", b, c, B{{}}, e)
	runtime.Await(runtime.Sleep(0))
	return fmt.Sprint(out, " ", a, d), nil
}

// async
func run() error {
	fmt.Println(runtime.Await(groupsAsync()))
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// 3 4 [[0 0 0]] 10 1 0 <nil>
