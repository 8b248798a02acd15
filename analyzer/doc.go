// Package analyzer finds //async functions, validates what asyncgen can
// compile, and holds the rules of asyncvet, the linter that keeps async
// code honest in go vet and in editors.
//
// [FindAsync] and [Validate] are shared with cmd/asyncgen, so the linter and
// the generator refuse exactly the same code. [Funcs] runs them as an
// analysis pass and exports an [AsyncFact] for every //async function, so
// that calls across packages are understood.
//
// # Rules
//
// Each rule is an [analysis.Analyzer] whose name is also the category of its
// diagnostics; [Analyzers] lists them all. Diagnostics name the fix, and a
// suggested fix comes with those whose rewrite is mechanical.
//
//   - outsideasync: [runtime.Await] or [runtime.Spawn] outside an //async
//     function (in a func literal within one, go generate refuses them and
//     unsupported reports them).
//   - directcall: an //async function F called directly; fix:
//     runtime.Await(FAsync(...)), as a statement if _, err :=
//     runtime.Await(FAsync(...)); err != nil { return ..., err }, so that
//     its error and a cancellation end the function (none in one without
//     an error result, as for time.Sleep). For go F(...) the report
//     advises t := runtime.Spawn(FAsync(...)) and an await of t where its
//     result is needed, with no fix: only the author knows where that is.
//     Also F, or an //async method, used as a func value, and a value
//     converted to an interface whose method is one of its //async
//     methods (assigned, passed, returned, sent or put in a composite
//     literal, or as a type argument whose constraint has the method): a
//     call through either runs the source body, where runtime.Await
//     panics.
//   - unawaited: a coroutine (or other awaitable) made and dropped; fix in
//     //async functions with an error result: await it and return the
//     await's error, as directcall's fix does.
//   - droppedtask: runtime.Spawn(...) as a statement, losing the task and
//     its error.
//   - awaiterr: runtime.Await(...) as a statement in an //async function,
//     which drops its error, and with it a cancellation
//     (runtime.ErrCancelled arrives as the error of the await that was
//     waiting): the cancelled function goes on, so that a cancelled loop
//     of such awaits never ends, nor does runtime.Run, which waits for the
//     tasks it cancels. As for errcheck, an explicit blank (_, _ =
//     runtime.Await(x), v, _ := runtime.Await(x)) is a discard on purpose
//     and is not reported. Fix in //async functions with an error result:
//     if _, err := runtime.Await(x); err != nil { return ..., err }, the
//     comments that end the statement's line kept on it (none in one
//     without an error result, where how to end is the author's choice).
//     The runtime's own tests, which drop cancellations on purpose to test
//     them, are left alone, but for its example_*_test.go files.
//   - blocking: calls that block the loop's goroutine in an //async function
//     (time.Sleep, sync locks (through sync.Locker too) and waits, channel
//     operations outside a select with default, range over a channel, select
//     without default, net.Dial*, a net.Listener's Accept, a net.Conn's
//     Read and Write, net's name lookups, net/http client calls and
//     servers (http.ListenAndServe, Server.Serve and the like), os/exec
//     Run/Output/Wait, io.ReadAll but of a reader in memory: a bytes or
//     strings reader, or the Body of an *http.Request, which asynchttp's
//     server has read in full, and runtime.Run, RunUntilComplete and
//     Loop.RunForever, which the runtime refuses in a task, as asyncio.run
//     refuses to run in a running loop; fix: runtime.Await(c) for
//     runtime.Run(c)), also in the func literals that run on
//     the loop before their statement is done (called on the spot, ranged
//     over, or passed to sync.Once.Do, sort.Slice, slices.SortFunc,
//     strings.Map and the other functions of the standard library that call
//     their func arguments before they return), in the func literals that
//     the loop runs as callbacks (passed to Loop.CallSoon, CallLater,
//     CallAt, CallSoonThreadsafe or AddSignalHandler), as the predicate
//     of Condition.WaitFor or as NewPriorityQueueFunc's less, and through a local variable that holds one
//     function or literal for its whole life (f := time.Sleep; f(d));
//     fixes: for time.Sleep(d) in a function whose last result is an
//     error, if _, err := runtime.Await(runtime.Sleep(d)); err != nil
//     { return ..., err }, so that a cancellation ends the function (none
//     in one without an error result, which would lose it), and
//     runtime.Await(runtime.ToThread(...)) where the results allow it, with
//     the call's operands but names, constants and the like (s.next() in
//     io.ReadAll(s.next())) evaluated on the loop first, into variables
//     declared before the statement, or no fix where they cannot be (in a
//     callback, which cannot await, the advice is to move the call into an
//     //async function spawned as a task; in a predicate, into a task that
//     notifies the condition). Limits: calls through other func
//     values (parameters, fields, variables assigned more than once) and
//     what declared functions do in their bodies are not followed, and
//     callbacks registered outside //async functions are not checked.
//     runtime.Goexit in a func literal that runs on the loop (as above) is
//     reported too: it would end the loop's goroutine.
//   - lockacrossawait: a sync.Mutex or RWMutex held across runtime.Await,
//     also when reached through sync.Locker (a Cond's L, RWMutex.RLocker).
//     An unlock releases the lock of the same receiver, or of one the
//     function evidently reaches it by (&mu, *p, rw.RLocker() for rw, a
//     local variable that holds a pointer or sync.Locker for its whole
//     life); other aliases count as other locks. An unlock may be a call
//     of a func value that evidently holds the method value (unlock :=
//     mu.Unlock, or sync.OnceFunc(mu.Unlock)). A TryLock or TryRLock
//     in an if or for condition holds its lock where it succeeded; one
//     whose result is kept in a variable is not followed.
//   - taskgroupwait: a runtime.TaskGroup, entered in an //async function
//     with tg, err := runtime.Await(runtime.NewTaskGroup()), that a return
//     (or the end of the body) may leave with its tasks running: a path from
//     a runtime.SpawnIn(tg, ...) to it with no tg.Wait() between. The tasks
//     outlive the function, nobody sees their errors, and the first to fail
//     cancels the task that entered the group wherever it then is. defer
//     cannot await, so the wait goes before each return (tg.Cancel() stops
//     the tasks but does not wait for them). As go vet's lostcancel does, it
//     follows the function's control flow and ignores panics. A return
//     before the first SpawnIn is fine: a group with no tasks leaves nothing
//     running. A group that escapes (passed to another function, stored,
//     returned, captured by a func literal) may be left elsewhere and is not
//     reported; a group entered and dropped (the await as a statement, or
//     its group assigned to _) is.
//   - gostmt: runtime objects (loops, tasks, futures, queues, locks) used
//     in a go statement; the loop is not thread-safe. A call of a local
//     variable that holds a method value or func literal for its whole
//     life is followed into what it names. An object used only to compute
//     an argument of basic type (go save(q.Len())) is not reported: the
//     arguments are evaluated before the new goroutine starts. Nor is a
//     loop passed to a func literal, or to a function of the package,
//     that uses it only as another goroutine may (CallSoonThreadsafe,
//     running or closing it), or passes it on to one that does.
//   - deferawait: retired, reports nothing: go generate refuses
//     runtime.Await in a deferred call, so unsupported reports it. The rule
//     remains so that its flag keeps working.
//   - noawait: an //async function that never awaits (a warning).
//   - unsupported: every problem [Validate] and [PackageProblems] find,
//     what go generate refuses (intrinsics in func literals and deferred
//     calls of //async functions among them, and an //async line that
//     marks nothing: cut from its function by a blank line, above a var,
//     const or type declaration, or inside a function), whichever other
//     rules are turned off (-NAME=false; naming rules to run alone leaves it out
//     too); the other rules leave these to it, so each mistake is
//     reported once (a range over a channel in which the body awaits is
//     also a blocking receive, which blocking reports). It runs despite the type errors of a package whose
//     generated code does not exist yet, for the //async functions whose
//     only errors are uses of the missing FAsync.
//   - generated: FAsync missing or stale for an //async F: run go generate,
//     or, when go generate would stop at a type error of the package or
//     refuse it, fix that first.
//
// Only a package that asyncgen compiles has //async functions and lines: one
// whose files import the runtime (or a package under it), run asyncgen from
// a //go:generate line, or include asyncgen's output. In any other package
// a comment "// async" is prose, as it often is in plain Go code (above a
// go statement, or a function that starts one), and marks nothing; the
// rules still report calls of other packages' //async functions there.
//
// Code in generated files is never reported on, but for an //async line
// that marks nothing, looked for in every file but asyncgen's own; a file
// that imports "C", which the build hands over as cmd/cgo's generated copy,
// is reported on as written. A comment
// //asyncvet:ignore, at the end of a line or alone on the line above it,
// silences the rules it names on that line, the line a diagnostic's
// position is on or the first of the innermost statement around it (of a
// statement that spans several), all of them when it names none, for code
// that means it, such as a
// demonstration of a dropped task:
//
//	runtime.Spawn(tickAsync()) //asyncvet:ignore droppedtask -- shown on purpose
//
// unsupported and generated cannot be silenced: go generate would refuse the
// code, or the build would use stale code. The command
// [github.com/asyncgen/asyncgen/cmd/asyncvet] runs all rules, standalone or
// under go vet.
//
// [runtime.Await]: https://pkg.go.dev/github.com/asyncgen/asyncgen/runtime#Await
// [runtime.Spawn]: https://pkg.go.dev/github.com/asyncgen/asyncgen/runtime#Spawn
package analyzer
