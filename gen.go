// Package asyncgen brings Python asyncio's programming model to Go without a
// goroutine per task: functions marked //async are compiled by go generate
// into stackless state machines that a single-threaded event loop runs.
//
// The parts:
//
//   - [github.com/asyncgen/asyncgen/runtime]: the event loop and everything a
//     program awaits (tasks, futures, sleeps, combinators, queues, locks,
//     streams, subprocesses).
//   - [github.com/asyncgen/asyncgen/cmd/asyncgen]: the generator, run by
//     go generate, that writes x_async.go beside each source file with
//     //async functions.
//   - [github.com/asyncgen/asyncgen/cmd/asyncvet]: the linter, standalone or
//     as go vet -vettool, sharing the generator's validation.
//   - [github.com/asyncgen/asyncgen/analyzer] and
//     [github.com/asyncgen/asyncgen/rewrite]: the analysis and the lowering
//     behind both commands.
//
// Running go generate in this directory regenerates, in one asyncgen run per
// line, every package of the repository that has //async functions: the
// examples, the runtime's tests and async packages, the benchmarks, and the
// conformance package (with its reference variant).
package asyncgen

//go:generate go run ./cmd/asyncgen ./examples/... ./runtime/... ./bench
//go:generate go run ./cmd/asyncgen -reference ./internal/conformance
