// Asyncgen compiles the Go functions marked //async into stackless state
// machines run by the event loop of package
// [github.com/asyncgen/asyncgen/runtime].
//
// Usage:
//
//	asyncgen [flags] [packages]
//
// Packages are named as for the go command (default "."); a Go file names
// the package in its directory, whose files are all generated for. For each
// package, every source file x.go that declares //async functions gets a
// generated file x_async.go holding, for each //async function F, the
// coroutine constructor FAsync and the frame type behind it; a test file
// x_test.go gets x_async_test.go, in the same package as its source (a
// directory may hold only tests). A generated file carries its source's
// build constraints; a run generates for the build configuration it is in
// (GOOS, GOARCH, -tags in GOFLAGS) and leaves alone the generated files of
// sources that configuration leaves out, so run it once per configuration
// the package has //async functions for. Build tags work through go
// generate (GOFLAGS=-tags=foo go generate ./...); another GOOS or GOARCH
// does not, as go generate, go run and go tool build asyncgen for it, and
// the result cannot run on this machine ("exec format error"): install
// asyncgen for this machine, then run it with the configuration set:
//
//	GOOS=$(go env GOHOSTOS) GOARCH=$(go env GOHOSTARCH) go install github.com/asyncgen/asyncgen/cmd/asyncgen
//	GOOS=windows asyncgen ./...
//
// (install it again after updating asyncgen). The install names this
// machine's GOOS and GOARCH in case go env -w set others, which an empty
// GOOS= does not undo. The messages that say to
// regenerate a file say so for the configuration of the run. Put
//
//	//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen
//
// in one file of the package and run go generate. In a module other than
// asyncgen's own, first add the generator as a tool of the module (go mod
// edit -tool=github.com/asyncgen/asyncgen/cmd/asyncgen, then go mod tidy),
// so that its dependencies are in go.sum; go tool asyncgen then runs it too.
//
// An //async function is one whose doc comment has a line that is //async,
// "// async" as gofmt rewrites it, or "//<tab>async", with nothing after
// it but white space, in a package that imports
// the runtime (or a package under it), has the //go:generate line above,
// or holds asyncgen's output; in any other package such a line is a
// comment, as asyncvet reads it too (plain Go code often has one), and a
// note says it was not taken for a mark. FAsync has F's receiver,
// type parameters and parameters, and returns runtime.Coro[T], where T
// follows from F's results:
//
//	(T, error)   → runtime.Coro[T]
//	T            → runtime.Coro[T]
//	error        → runtime.Coro[struct{}]
//	no results   → runtime.Coro[struct{}]
//
// The error result is written error: asyncgen reads FAsync's signature
// from F's before the package type-checks, and refuses an alias of error
// there.
//
// Calling FAsync runs nothing: the coroutine runs when it is awaited
// (runtime.Await), spawned (runtime.Spawn) or run (runtime.Run).
//
// Asyncgen works on packages as they are before the first generation, when
// the source calls FAsync functions that do not exist yet or whose generated
// file is stale: it type-checks the package with signature-only stand-ins in
// place of the generated files, and so the packages of the module that it
// imports, so that go generate ./..., which runs asyncgen package by package
// in the order of their paths, needs one run whatever that order. Cgo
// packages it reads from their compiled export data instead, and so the
// packages whose generated files are fresh (their stamps and body hashes
// hold), as are those of every package of the module that they import:
// there export data and source agree. A cgo package's export data is
// compiled from its generated files as they are, so a run refuses a
// package that uses the //async functions of one whose generated files are
// missing or stale (itself, or through a package of the module between
// them), naming both and the file, until that package is generated (go
// tool asyncgen ./cg); one using only its other declarations is generated:
// where the importer's path comes first, go generate ./... fails there,
// generates the cgo package after it, and needs a second run.
//
// The flags are:
//
//	-check
//		Write nothing; list each generated file that is stale, missing or
//		orphaned, and exit 1 if there is any. For CI.
//	-diff
//		Write nothing; print what would change as a unified diff.
//	-reference
//		Also write x_async_ref.go, built with the tag asyncgen_reference
//		instead of x_async.go: there FAsync calls F as written and
//		runtime.Await drives its argument to the end, so a program runs as
//		plain Go. Comparing the output of both builds checks the state
//		machines; asyncgen's own conformance tests use it. A package that
//		has reference variants keeps getting them, with or without the
//		flag, until they are deleted.
//	-v
//		Report each file written, removed or up to date, and the time taken.
//
// # Generated files
//
// A generated file starts with
//
//	// Code generated by asyncgen. DO NOT EDIT.
//	// Source: x.go (sha256 0123456789abcdef).
//	// Body: sha256 fedcba9876543210.
//
// where the first hash covers the bytes of the source file and the second
// the lines after it. Files are written atomically (a temporary file
// renamed into place), all of a run's, for every package it generates,
// before any is renamed, so that a failure to write one leaves every file
// as it was, and only when their
// content changes; a file keeps the mode of the one it replaces. Asyncgen
// never overwrites a file that lacks the first line, as a line of its own
// before the package clause (Go's rule for generated files): a
// hand-written x_async.go is an error. Nor does it overwrite or remove a
// generated file edited since it was written: one whose first three lines
// are not these (a line was put above them, the Body line changed or
// removed) or whose body no longer has its hash. The run fails naming the
// file, and -check reports it, so that the edit can be moved into the
// source first. Generated files whose source no
// longer declares //async functions are removed; under go generate, which
// would fail on a file of the package gone before its turn, such a file
// that it has yet to read (it reads them in the order of their names,
// and runs a file's directives as it reads it) is first emptied to a stub
// that builds leave out, and the next run removes it. Asyncgen writes only in
// the main module (or the modules of a go.work): a package of a
// dependency is an error, as go generate refuses to run there.
//
// # Errors
//
// What cannot be compiled is reported as file:line:col: message, the message
// naming the fix: unsupported result lists, runtime.Await or runtime.Spawn in
// a func literal or in a defer or go statement, what the lowering cannot
// compile (for instance a type declared inside the function held across an
// await), and type errors.
// The linter (cmd/asyncvet) applies the same validation, so an editor shows
// the same errors. A package with any error gets nothing written; other
// packages are still generated. The exit code is 1 after errors (or, with
// -check, stale files) and 2 for bad usage.
//
// # Example
//
// Given crawl.go:
//
//	package crawl
//
//	import (
//		"fmt"
//
//		"github.com/asyncgen/asyncgen/runtime"
//	)
//
//	//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen
//
//	//async
//	func fetch(id int) (string, error) {
//		if _, err := runtime.Await(runtime.Sleep(0)); err != nil {
//			return "", err
//		}
//		return fmt.Sprint("page ", id), nil
//	}
//
// go generate writes crawl_async.go, declaring
//
//	func fetchAsync(id int) runtime.Coro[string]
//
// and runtime.Run(fetchAsync(1)) returns "page 1".
package main
