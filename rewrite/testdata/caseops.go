package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func val[T any](v T) (T, error) {
	runtime.Await(runtime.Sleep(0))
	return v, nil
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// caseCompare switches on n with case expressions that await and compare:
// the comparison with the tag must take each as one operand.
//
// async
func caseCompare(n any) (string, error) {
	switch n {
	case must(runtime.Await(valAsync(1))) < 0:
		return "negative", nil
	case must(runtime.Await(valAsync(1))) > 0:
		return "positive", nil
	}
	return "none", nil
}

func main() {
	fmt.Println(runtime.Run(caseCompareAsync(true)))
	fmt.Println(runtime.Run(caseCompareAsync(1)))
}

// Output:
// positive <nil>
// none <nil>
