// Package rewrite lowers validated //async functions into generated Go: for
// each function F, a frame type holding what lives across an await, a Step
// method that runs F as a state machine, the FAsync constructor that returns a
// [runtime.Coro], and an [asyncimpl.Func] describing F for messages; for a
// function that the package spawns directly, runtime.Spawn(FAsync(args)),
// also spawn_F, which makes the task and the frame in one allocation
// ([Package], package.go and spawn.go).
//
// [File] is the entry point used by cmd/asyncgen: it returns the gofmt'd
// source of the generated file for the //async functions of one source file;
// [NewPackage] runs first, over the whole package, and its files share it.
// The lowering follows the contract of package
// [github.com/asyncgen/asyncgen/runtime/asyncimpl]:
//
//   - Spilling (spill.go): awaits inside expressions become statements of their
//     own, `v, err := runtime.Await(a)` with a free of awaits; the operands
//     evaluated before the await in Go's order are kept in temporaries, in
//     source order, and the right operand of && and || moves under an if so
//     short-circuiting is kept. What gc copies where it meets it, for
//     what its context does with it, is bound there too: a value converted
//     to an interface through its address, a map key passed by address, a
//     slice bound that is not a variable, the unaddressable sides of a
//     struct comparison (order.go). A select's channel operands and sent values
//     are one such list, across its cases, evaluated before the select.
//   - Lowering (lower.go, control.go, range.go, switch.go): the body is cut
//     into basic blocks at every await and at the labels and loop edges of
//     statements that contain an await; each block is one case of a
//     `for { switch f.State { ... } }` dispatcher. An await polls its
//     awaitable from a variable of the case and, when it is ready at once,
//     goes on in the same step without touching the frame; only a
//     suspension stores the awaitable in the frame, for the await's resume
//     state, which is laid out after the others and jumps back to the code
//     after the await (await.go). Statements without awaits
//     stay ordinary Go inside one case (convert.go, stmt.go); break,
//     continue, goto and return leaving them become state jumps. Switch,
//     type switch and select clauses are chosen by an ordinary Go switch or
//     select that sets the next state. Range loops keep their position in
//     the frame; maps are iterated with the runtime's own iterator, through
//     reflect.MapIter; function iterators go through iter.Pull, whose stop is
//     called on every way out of the loop. A return or jump that leaves
//     such loops from the body of a range-over-func loop of verbatim code
//     (whose iterator is still running) reaches the stops through a block
//     of its own, once Go has left the verbatim loop, so the iterators
//     finish innermost first, as in Go (exitVia, control.go). A panic
//     leaving the body goes through the iterator first, as in Go: the
//     frame's Unwind method
//     (unwind.go), the last deferred call, stops the iterator with the
//     panic, which its yield raises again inside an ordinary Go range loop
//     over the iterator.
//   - Placement (locals.go, liveness.go): the body is lowered twice. The first pass
//     records, block by block, the uses and definitions of every variable and
//     the exits to other blocks; a liveness analysis then puts in the frame
//     only the variables live at the start of a block that resumes an await
//     (or that escape). Variables used in one block stay variables of that
//     case, and those used in several blocks but never across a suspension
//     become variables of Step. A frame variable that escapes and whose
//     declaration can run again (a loop that awaits) is held through a
//     pointer renewed at each declaration, so Go 1.22 per-iteration loop
//     variables stay per-iteration and closures see their own instance.
//     Local constants and types are declared at the top of Step.
//   - Clearing (clear.go): a suspended frame keeps alive only what is live,
//     as a blocked goroutine's stack does. Before each await, the code that
//     enters it zeroes the frame fields holding pointers whose variable is
//     dead at the await and may hold a value there (a forward pass over the
//     blocks knows which fields are already zero). Escaping variables,
//     named results and the lowering's own fields (awaitables, range state)
//     are never cleared there.
//   - Defers (defer.go): deferred calls live in the frame's [asyncimpl.Defers]
//     and are re-armed at every step; arguments are evaluated at the defer
//     statement, and a deferred function literal without results is kept as
//     it is, guarded, so recover works in it. Any other call runs through a
//     guarded wrapper; when the callee may call recover (it is not a builtin,
//     nor a function of the package whose body does not), the wrapper takes
//     a panic and raises it again in a function that defers the call itself,
//     so that the callee's recover stops it, as in Go.
//   - Emission (emit.go): everything goes through github.com/dave/jennifer,
//     with //line directives naming the user's file and lines, so panics and
//     stack traces point at the source; since one source line becomes
//     several generated ones, pinLines (linepin.go) repeats the directive
//     before each line of a function body that would otherwise drift to
//     the source lines below. A statement over several source lines
//     becomes one generated line: its elements, arguments and operands
//     that begin on lines of their own are preceded by /*line*/
//     directives (operands, convert.go). The frame type declares the
//     function's type parameters, a blank one under a fresh name
//     (nameTypeParams, locals.go).
//
// A variable of a type declared inside the function that the frame holds
// across an await moves its type to package level, named after the frame
// (localtypes.go); %T and reflection show that name. In a generic
// function, the moved type takes the function's type parameters, so that it
// stays one type per instantiation.
//
// Constructs the lowering does not support (a variable held across an await
// whose local type is built from local constants or variables, is a
// generic type of a generic function, or is embedded in a struct; a range
// over a channel with an await in the body or in a target of its values; a
// loop that declares variables in a file before go1.22; a type it cannot
// spell, such as another package's unexported one) are reported as
// `file:line:col: message` errors, never compiled into wrong code;
// analyzer.Validate refuses the rest (an await in a function literal, for
// one) before the lowering runs.
package rewrite
