// Package conformance is asyncgen's end-to-end test: //async functions that
// use every construct the generator compiles, alone and nested, with the
// generated code checked in. Its tests run each function on the virtual
// clock and compare what it returned and the trace it left with the
// expected results, then check that the same sources built in reference mode
// (build tag asyncgen_reference, where FAsync calls F as written and
// [github.com/asyncgen/asyncgen/runtime.Await] drives its argument to the
// end) leave the same traces, and that the generated files are fresh.
//
// Regenerate with go generate after editing a source file.
package conformance

//go:generate go run ../../cmd/asyncgen -reference
