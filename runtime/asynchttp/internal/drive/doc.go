// Package drive holds the //async functions that the tests and benchmarks
// of package asynchttp run on the loop: fetching through the client,
// serving with the server, and the handlers they serve. Both the tests and
// the benchmark's child processes use them, so they live in a package of
// their own.
package drive

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen
