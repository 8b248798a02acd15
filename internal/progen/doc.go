// Package progen writes random, reproducible programs made of //async
// functions that mix every construct asyncgen compiles: branches and loops of
// every form with awaits in their conditions, labeled break and continue,
// goto, fallthrough, range over slices, strings, integers, maps and func
// iterators, closures, shadowing, defers, recover, panics, errors, and
// awaits inside conditions, case expressions and short-circuit operands,
// and operands read around an await that changes them, which must be read
// where gc reads them.
//
// Its test generates programs from a fixed set of seeds, runs asyncgen on
// them, builds each twice — state machines, and the reference variant
// (build tag asyncgen_reference) in which every //async function runs as
// plain Go — runs both and compares their traces line by line. The flag
// -progen.seeds=N adds N more seeds:
//
//	go test ./internal/progen -progen.seeds=50
package progen
