// Package misplaced has //async lines that mark nothing: go generate
// refuses the package, and the linter says at each line where it belongs.
package misplaced

import "github.com/asyncgen/asyncgen/runtime"

// want +1 `^//async is not attached to a function declaration: put it on the line directly above func detached, in its doc comment$`
//async

func detached() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// want +1 `^//async is not attached to a function declaration: put it on the line directly above func detachedDoc, in its doc comment$`
// async

// detachedDoc has a doc comment of its own, after the blank line.
func detachedDoc() {}

type T struct{}

// want +1 `^//async is not attached to a function declaration: put it on the line directly above func \(\*T\) method, in its doc comment$`
//async

func (*T) method() {}

// want +1 `^//async is not attached to a function declaration: func fine below is //async already: remove this line$`
//async

// async
func fine() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// want +1 `^//async is not attached to a function declaration: it applies only to top-level function declarations, not to var declarations$`
// async
var f = func() {}

// want +1 `^//async is not attached to a function declaration: it applies only to top-level function declarations, not to const declarations$`
// async
const c = 1

// want +1 `^//async is not attached to a function declaration: it applies only to top-level function declarations, not to type declarations$`
// async
type U int

type V struct {
	// want +1 `^//async is not attached to a function declaration: it applies only to top-level function declarations, not to type declarations$`
	//async
	f func()
}

func body() {
	// want +1 `^//async is not attached to a function declaration: it applies only to top-level function declarations, not to code inside func body \(a func literal cannot be //async: make it a named function\)$`
	//async
	g := func() {}
	// want +1 `not to code inside func body`
	// async
	g()
}

// prose mentions //async in a sentence, and
// async is a word here too: neither line is a directive.
func prose() {
	// Not a directive either: mark it //async to make it a coroutine.
	x := 1 //async
	_ = x
}

// want +1 `^//async is not attached to a function declaration: it applies only to top-level function declarations$`
//async
