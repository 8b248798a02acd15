package cgocode

// cmd/cgo hands the build, and so asyncvet, its copy of a file that imports
// "C", marked as generated: the rules report on it as on the file itself,
// and name the file as written (TestCgo).

/*
static int twice(int x) { return 2*x; }
*/
import "C"

import (
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// Twice calls C.
func Twice(x int) int { return int(C.twice(C.int(x))) }

// async
func slow() error {
	time.Sleep(time.Second)    // one: blocking
	runtime.Spawn(slowAsync()) // one: droppedtask
	runtime.Spawn(slowAsync()) //asyncvet:ignore droppedtask -- on purpose
	//asyncvet:ignore droppedtask -- on purpose
	runtime.Spawn(slowAsync())
	return nil
}

func plain() {
	runtime.Await(runtime.Sleep(0)) // one: outsideasync
	slow()                          // one: directcall
}

// idle never awaits, but a test runs its coroutine, which the pass without
// the tests sees in the test files of the directory of a.go.
//
// async
func idle() error {
	return nil
}

// _Calls begins with _C, as cgo's own names do, but is the file's own: a
// function using it does not use cgo.
var _Calls = 0

// async
func counted() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	_Calls++
	return _Calls, err
}
