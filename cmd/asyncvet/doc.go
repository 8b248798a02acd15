// Asyncvet reports the mistakes of async code written for asyncgen: awaits
// outside //async functions, coroutines never awaited, dropped tasks, calls
// that block the event loop, locks held across awaits, runtime objects
// shared with goroutines, what go generate would refuse, and generated code
// that is missing or stale.
//
// Usage:
//
//	asyncvet [flags] [packages]
//	go vet -vettool=$(which asyncvet) [packages]
//
// Standalone, asyncvet loads the packages (give ./... for a module), prints
// each diagnostic as file:line:col: message, sorted by position, and each
// error of the packages once (a package and its test variant share their
// errors, and a generated file repeats a type error of the code it was
// generated from, at the line its //line directives name). It exits 1 when
// analysis failed (for instance on type errors, as in a package not
// generated yet, whose unsupported and generated diagnostics are printed
// all the same), otherwise 3 when it reported any diagnostic and 0 when
// none. With -json it exits 0 unless analysis failed.
// Under go vet it runs per package with the facts that vet passes between
// packages, so calls of //async functions of other packages are understood.
//
// Flags (the usual ones of analysis drivers):
//
//	-json
//		Print diagnostics, with their category and suggested fixes, as JSON.
//	-fix
//		Apply all suggested fixes.
//	-diff
//		With -fix, print the changes as a diff instead of writing files.
//	-NAME=false
//		Turn off the rule NAME (for example -noawait=false); -NAME alone
//		runs only the rules named so.
//	-c=N
//		Show N lines of context around each diagnostic.
//
// The rules, each also the category of its diagnostics, are those of package
// [github.com/asyncgen/asyncgen/analyzer]: outsideasync, directcall,
// unawaited, droppedtask, awaiterr, blocking, lockacrossawait,
// taskgroupwait, gostmt, deferawait (retired: it reports nothing), noawait
// (a warning), unsupported and generated. unsupported reports what go generate refuses, whichever other
// rules are turned off, and runs despite the type errors of a package not
// generated yet. Fixes are offered for
// direct calls of //async functions (runtime.Await(FAsync(...))), dropped
// coroutines in //async functions (await them), time.Sleep
// (runtime.Await(runtime.Sleep(d))) and blocking calls whose results allow
// runtime.Await(runtime.ToThread(...)). Generated files are never reported
// on, and a comment //asyncvet:ignore RULE at the end of a line, or alone on
// the line above, silences RULE there.
//
// Example:
//
//	$ go install github.com/asyncgen/asyncgen/cmd/asyncvet
//	$ asyncvet ./...
//	crawl/crawl.go:14:2: time.Sleep blocks the event loop: await runtime.Sleep(d)
//	$ asyncvet -fix ./...
//	$ go vet -vettool=$(which asyncvet) ./...
//
// asyncvet help (or -h) describes asyncvet, lists the rules and the flags;
// asyncvet help NAME prints the documentation of one.
package main
