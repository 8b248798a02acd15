package main

import "github.com/asyncgen/asyncgen/runtime"

// async
func f() (msg string) {
	defer func() bool {
		if r := recover(); r != nil {
			msg = "recovered"
		}
		return true
	}()
	runtime.Await(runtime.Sleep(0))
	panic("boom")
}

// Error:
// deferlitrecover.go:7:8: deferred func literal with results calls recover, which stops a panic only in the deferred function itself, and asyncgen runs a deferred literal with results one call down, where recover returns nil: drop its results, which a deferred call discards
