// Package rewrite lowers one validated //async function into generated Go: a
// frame type holding what lives across an await, a Step method that runs the
// function as a state machine, and the FAsync constructor that returns a
// [runtime.Coro].
//
// The lowering follows the contract of package
// [github.com/asyncgen/asyncgen/runtime/asyncimpl]:
//
//   - awaits inside expressions are first spilled into statements of their own,
//     keeping Go's evaluation order and the short-circuit of && and || (spill.go);
//   - the function body is cut into basic blocks at every await and at every
//     label and loop edge of a statement that contains an await; each block
//     becomes one case of a `for { switch f.State { ... } }` dispatcher, and
//     code between awaits stays ordinary Go inside one case (lower.go);
//   - a variable goes into the frame only when it is used in more than one
//     block; a variable that also escapes (captured by a function literal or
//     address taken) is held through a pointer renewed at each declaration, so
//     Go 1.22 per-iteration loop variables stay per-iteration (liveness.go);
//   - deferred calls are kept in the frame's [asyncimpl.Defers] and re-armed at
//     every step (defer.go);
//   - everything is emitted through github.com/dave/jennifer with //line
//     directives naming the user's source (emit.go, convert.go).
//
// [File] is the entry point used by cmd/asyncgen. Constructs that cannot be
// compiled yet are reported as `file:line:col: message` errors, never as wrong
// code.
package rewrite
