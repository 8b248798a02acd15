package main

import (
	"fmt"
	"strings"

	"github.com/asyncgen/asyncgen/runtime"
)

// A deferred call of a function that calls recover stops a panic, as in
// Go, whatever the function is: named, generic, a method, an interface's
// method, a func value, a literal with results or one hidden by a
// conversion. Each panics after an await.

func handle(msg *string) {
	if r := recover(); r != nil {
		*msg = fmt.Sprint("handle recovered: ", r)
	}
}

func handleT[T any](msg *string, tag T) {
	if r := recover(); r != nil {
		*msg = fmt.Sprint("handleT recovered: ", r, " ", tag)
	}
}

type catcher struct{ msg *string }

func (c catcher) catch() {
	if r := recover(); r != nil {
		*c.msg = fmt.Sprint("method recovered: ", r)
	}
}

type catchIface interface{ catch() }

var pkgRecover = func(msg *string) {
	if r := recover(); r != nil {
		*msg = fmt.Sprint("var recovered: ", r)
	}
}

func yield() runtime.Awaitable[struct{}] { return runtime.Sleep(0) }

// async
func named() (msg string) {
	defer handle(&msg)
	runtime.Await(yield())
	panic("named")
}

// async
func generic() (msg string) {
	defer handleT(&msg, 7)
	runtime.Await(yield())
	panic("generic")
}

// async
func method() (msg string) {
	defer catcher{&msg}.catch()
	runtime.Await(yield())
	panic("method")
}

// async
func iface() (msg string) {
	var c catchIface = catcher{&msg}
	defer c.catch()
	runtime.Await(yield())
	panic("iface")
}

// async
func funcVar() (msg string) {
	rec := func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("closure recovered: ", r)
		}
	}
	defer rec()
	defer pkgRecover(&msg) // runs first, recovers "funcVar"
	runtime.Await(yield())
	panic("funcVar")
}

// async
func litResults() (msg string) {
	defer func() int {
		if r := recover(); r != nil {
			msg = fmt.Sprint("literal with results recovered: ", r)
		}
		return 0
	}()
	runtime.Await(yield())
	panic("litResults")
}

// async
func converted() (msg string) {
	defer (func())(func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("converted literal recovered: ", r)
		}
	})()
	runtime.Await(yield())
	panic("converted")
}

// async
func passesThrough() error {
	defer fmt.Println("a deferred print runs while the panic passes")
	runtime.Await(yield())
	panic("passes through")
}

// async
func run() error {
	fmt.Println(runtime.Await(namedAsync()))
	fmt.Println(runtime.Await(genericAsync()))
	fmt.Println(runtime.Await(methodAsync()))
	fmt.Println(runtime.Await(ifaceAsync()))
	fmt.Println(runtime.Await(funcVarAsync()))
	fmt.Println(runtime.Await(litResultsAsync()))
	fmt.Println(runtime.Await(convertedAsync()))
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	defer func() {
		// Run raises the panic again, with the stack of where it was
		// raised: its first frame is the panic's line, not the line of
		// a deferred call that let it pass.
		r := fmt.Sprint(recover())
		site := ""
		if _, stack, ok := strings.Cut(r, "original stack:\n"); ok {
			if lines := strings.Split(stack, "\n"); len(lines) > 2 {
				site = lines[2]
			}
		}
		fmt.Println(strings.Contains(r, "panic in task: passes through"), strings.Contains(site, "deferrecover.go:114 "))
	}()
	runtime.Run(passesThroughAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// handle recovered: named <nil>
// handleT recovered: generic 7 <nil>
// method recovered: method <nil>
// method recovered: iface <nil>
// var recovered: funcVar <nil>
// literal with results recovered: litResults <nil>
// converted literal recovered: converted <nil>
// a deferred print runs while the panic passes
// true true
