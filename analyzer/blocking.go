package analyzer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Blocking reports calls and statements that block the goroutine running
// the event loop inside an //async function: while one blocks, no other task
// runs. A func literal is checked when it runs on the loop before the
// statement holding it is done: called on the spot, ranged over, or passed
// to a function of the standard library that calls its func arguments
// before it returns: sync.Once.Do and sync.Map.Range; sort.Slice,
// SliceStable, SliceIsSorted, Search and Find; the functions of slices,
// maps, strings and bytes that take a func and call it, such as
// slices.SortFunc, slices.Collect and strings.Map. So is a func literal
// that the loop runs later, as a callback, passed to the runtime's
// Loop.CallSoon, CallLater, CallAt, CallSoonThreadsafe or AddSignalHandler,
// as the predicate of Condition.WaitFor, which the loop checks, or as the
// less of NewPriorityQueueFunc, which each put and get calls. None of them
// can await: the advice for a call in a callback is to move it into an
// //async function spawned as a task, for one in a predicate to move it
// into a task that notifies the condition, and for one in a comparison to
// compute what it needs before the items are put. Only callbacks registered
// inside an //async function are checked, as only those functions are
// walked. Other func literals (those passed to runtime.ToThread, to go
// statements, to time.AfterFunc or to functions the rule does not know)
// may run elsewhere and are not checked.
//
// A call of a func value is followed only when a local variable holds one
// function, method or literal for its whole life: declared with it (or
// with sync.OnceFunc, OnceValue or OnceValues of it), never assigned again,
// its address never taken. Then f := time.Sleep; f(d) is reported, and a
// literal held so is checked where the variable is called, ranged over or
// passed to one of the functions above. Func values from parameters,
// fields, package variables, slices, maps or variables assigned more than
// once are not followed, nor are the bodies of declared functions: a helper
// that sleeps, called from an //async function, is not reported.
var Blocking = &analysis.Analyzer{
	Name:     "blocking",
	Doc:      "report blocking calls inside //async functions\n\nAn //async function runs on the event loop's goroutine: time.Sleep,\nsync locks (through sync.Locker too) and waits, channel operations\noutside a select with default, select without default, net.Dial*,\na net.Listener's Accept, a net.Conn's Read and Write, net's name\nlookups, net/http client calls and servers, os/exec Run/Output/Wait and io.ReadAll (but\nof a bytes or strings reader, or of an *http.Request's Body, which\nasynchttp's server has read in full) stop every task, and runtime.Run,\nRunUntilComplete and Loop.RunForever fail, as no loop can run in a task, also in a func literal run on the spot (called, ranged\nover, or passed to sync.Once.Do, sort.Slice, strings.Map and the\nother standard functions that call it before returning), in a func\nliteral the loop runs as a callback (Loop.CallSoon, CallLater, CallAt,\nCallSoonThreadsafe, AddSignalHandler), as Condition.WaitFor's\npredicate or as NewPriorityQueueFunc's less, and through a local variable that holds one function or\nliteral for its whole life (f := time.Sleep; f(d)). Calls through\nother func values, the bodies of declared functions, and callbacks\nregistered outside //async functions are not followed. Await the\nruntime's equivalent, or run the call on the executor with\nruntime.ToThread (offered as a fix where the rewrite is mechanical);\nin a callback or predicate, which cannot await, do so in a task\n(spawned, or one that notifies the condition).",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#Blocking",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runBlocking,
}

// blocker describes a blocking call: how to name it and what to do instead.
type blocker struct {
	what   string // "time.Sleep"
	advice string // what to do instead
	thread bool   // the ToThread rewrite is offered
	sleep  bool   // the runtime.Sleep rewrite is offered
	reads  bool   // it reads its argument: not from memory (see inMemory)
	nested bool   // it runs a loop, which the runtime refuses in a task
	await  bool   // the rewrite of the function's name to Await is offered
}

// problem says what the call does on the loop.
func (bl *blocker) problem() string {
	if bl.nested {
		return "fails on the event loop, where no other loop can run: "
	}
	return "blocks the event loop: "
}

func classify(fn *types.Func) *blocker {
	switch lock := syncLock(fn, "Lock", "RLock"); {
	case isFunc(fn, RuntimePath, "Run"):
		// The runtime refuses it, as asyncio.run refuses to run in a
		// running loop: the new loop would stop every task of this one.
		return &blocker{what: "runtime.Run", advice: "await the coroutine instead, or run the loop on a goroutine of its own", nested: true, await: true}
	case isFunc(fn, RuntimePath, "RunUntilComplete"), isMethod(fn, RuntimePath, "Loop", "RunForever"):
		return &blocker{what: "runtime." + qualName(fn), advice: "await the coroutine instead, or run the loop on a goroutine of its own", nested: true}
	case isFunc(fn, "time", "Sleep"):
		return &blocker{what: "time.Sleep", advice: "await runtime.Sleep(d)", sleep: true}
	case lock == "sync.Locker":
		// Whatever the lock behind the interface, a runtime lock cannot be
		// one: its Acquire is awaited.
		return &blocker{what: "sync.Locker.Lock", advice: "use runtime.NewLock() instead of a sync.Locker and await lock.Acquire()"}
	case lock != "":
		return &blocker{what: lock + "." + fn.Name(), advice: "use runtime.NewLock() and await lock.Acquire()"}
	case isMethod(fn, "sync", "WaitGroup", "Wait"):
		return &blocker{what: "sync.WaitGroup.Wait", advice: "await the tasks (runtime.Gather), or wrap it in runtime.ToThread", thread: true}
	case isMethod(fn, "sync", "Cond", "Wait"):
		return &blocker{what: "sync.Cond.Wait", advice: "use runtime.NewCondition and await its Wait"}
	case isFunc(fn, "net", "Dial", "DialTimeout", "DialTCP", "DialUDP", "DialIP", "DialUnix"),
		isMethod(fn, "net", "Dialer", "Dial", "DialContext"):
		return &blocker{what: "net." + qualName(fn), advice: "await runtime.OpenConnection, or wrap it in runtime.ToThread", thread: true}
	case isMethod(fn, "net", "Listener", "Accept"),
		isMethod(fn, "net", "TCPListener", "Accept", "AcceptTCP"),
		isMethod(fn, "net", "UnixListener", "Accept", "AcceptUnix"):
		return &blocker{what: "net." + qualName(fn), advice: "serve with runtime.StartServer, or wrap it in runtime.ToThread", thread: true}
	case isMethod(fn, "net", "Conn", "Read", "Write"),
		isMethod(fn, "net", "conn", "Read", "Write"): // TCPConn, UDPConn, UnixConn, IPConn
		return &blocker{what: "net.Conn." + fn.Name(), advice: "use a runtime.Stream (runtime.OpenConnection), or wrap it in runtime.ToThread", thread: true}
	case isFunc(fn, "net", "LookupHost", "LookupIP", "LookupAddr", "LookupCNAME", "LookupMX", "LookupNS", "LookupPort", "LookupSRV", "LookupTXT"),
		isMethod(fn, "net", "Resolver", "LookupHost", "LookupIP", "LookupIPAddr", "LookupNetIP", "LookupAddr",
			"LookupCNAME", "LookupMX", "LookupNS", "LookupPort", "LookupSRV", "LookupTXT"):
		return &blocker{what: "net." + qualName(fn), advice: "wrap it in runtime.ToThread", thread: true}
	case isFunc(fn, "net/http", "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"),
		isMethod(fn, "net/http", "Server", "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"):
		// It returns when the server stops: on the executor it would
		// hold a worker for good.
		return &blocker{what: "http." + qualName(fn), advice: "serve with asynchttp.Serve, or in a go statement of its own"}
	case isFunc(fn, "net/http", "Get", "Head", "Post", "PostForm"),
		isMethod(fn, "net/http", "Client", "Do", "Get", "Head", "Post", "PostForm"):
		return &blocker{what: "http." + qualName(fn), advice: "wrap it in runtime.ToThread", thread: true}
	case isMethod(fn, "os/exec", "Cmd", "Run", "Output", "CombinedOutput", "Wait"):
		return &blocker{what: "exec.Cmd." + fn.Name(), advice: "use runtime.Exec, or wrap it in runtime.ToThread", thread: true}
	case isFunc(fn, "io", "ReadAll"), isFunc(fn, "io/ioutil", "ReadAll"):
		return &blocker{what: fn.Pkg().Name() + ".ReadAll", advice: "wrap it in runtime.ToThread", thread: true, reads: true}
	}
	return nil
}

// qualName is "Dial" for a function and "Dialer.Dial" for a method.
func qualName(fn *types.Func) string {
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		if n := namedOf(recv.Type()); n != nil {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}

func runBlocking(pass *analysis.Pass) (any, error) {
	pass = rulePass(pass, "blocking")
	asyncBodies(pass, func(af *AsyncFunc) {
		b := &blockingWalker{pass: pass, file: af.File, fn: &blockingFunc{
			af:     af,
			values: fixedValues(pass.TypesInfo, af.Decl.Body),
			walked: map[*ast.FuncLit]bool{},
			onLoop: map[*ast.FuncLit]string{},
			vars:   map[string]bool{},
		}}
		b.walk(af.Decl.Body)
	})
	return nil, nil
}

type blockingWalker struct {
	pass  *analysis.Pass
	file  *ast.File
	outer []ast.Node // the ancestors of the node walked, for a select's bodies
	fn    *blockingFunc
}

// blockingFunc is what the walkers of one //async function share.
type blockingFunc struct {
	af     *AsyncFunc
	values map[*types.Var]ast.Expr // see fixedValues
	walked map[*ast.FuncLit]bool   // the literals walked by walkLit
	onLoop map[*ast.FuncLit]string // the literals given to the runtime, by loopRuns kind
	vars   map[string]bool         // the variables that fixes declare, see threadOperands
}

func (b *blockingWalker) report(n ast.Node, format string, fixes ...analysis.SuggestedFix) {
	b.pass.Report(analysis.Diagnostic{
		Pos: n.Pos(), End: n.End(), Category: "blocking", Message: format, SuggestedFixes: fixes,
	})
}

func (b *blockingWalker) walk(root ast.Node) {
	walkStack(root, func(n ast.Node, stack []ast.Node) bool {
		info := b.pass.TypesInfo
		switch n := n.(type) {
		case *ast.FuncLit:
			// Only a literal that runs before its statement ends runs on
			// the loop now, or one the loop runs as a callback or
			// predicate.
			return runsHere(info, n, stack)
		case *ast.GoStmt:
			// The function value and the arguments are evaluated here,
			// on the loop; only the call runs on the new goroutine.
			inner := &blockingWalker{pass: b.pass, file: b.file, outer: append(append(slices.Clip(b.outer), stack...), n, n.Call), fn: b.fn}
			if _, lit := ast.Unparen(n.Call.Fun).(*ast.FuncLit); !lit {
				inner.walk(n.Call.Fun)
			}
			for _, a := range n.Call.Args {
				inner.walk(a)
			}
			return false
		case *ast.SelectStmt:
			hasDefault := false
			for _, c := range n.Body.List {
				if c.(*ast.CommClause).Comm == nil {
					hasDefault = true
				}
			}
			if !hasDefault {
				b.report(selectKeyword(n), "select without default blocks the event loop: "+b.where(n, stack)+"await a runtime.Queue, Event or runtime.Wait instead, or add a default case")
			}
			for _, c := range n.Body.List {
				cc := c.(*ast.CommClause)
				inner := &blockingWalker{pass: b.pass, file: b.file, outer: append(append(slices.Clip(b.outer), stack...), n, n.Body, cc), fn: b.fn}
				if cc.Comm != nil {
					inner.walkCommOperands(cc.Comm)
				}
				for _, s := range cc.Body {
					inner.walk(s)
				}
			}
			return false
		case *ast.SendStmt:
			b.report(n, "channel send blocks the event loop: "+b.where(n, stack)+"use a runtime.Queue and await q.Put(v), or send in a select with default")
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				b.report(n, "channel receive blocks the event loop: "+b.where(n, stack)+"use a runtime.Queue and await q.Get(), or receive in a select with default")
			}
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil && isChan(t) {
				b.report(n.X, "range over a channel blocks the event loop: "+b.where(n, stack)+"use a runtime.Queue and await q.Get() in a loop")
			}
			if _, lit := b.resolve(n.X); lit != nil && lit != ast.Unparen(n.X) {
				b.walkLit(lit, stack)
			}
		case *ast.CallExpr:
			fn := calleeFunc(info, n)
			if kind := loopRuns(fn); runsFuncArgs(fn) || kind != "" {
				// Its func literals are walked as children; a function
				// passed by name, or a variable holding a literal, is
				// checked here.
				for _, a := range n.Args {
					f, lit := b.resolve(a)
					if lit != nil && kind != "" && !b.fn.walked[lit] {
						b.fn.onLoop[lit] = kind
					}
					if lit != nil && lit != ast.Unparen(a) {
						b.walkLit(lit, stack)
					}
					if isFunc(f, "runtime", "Goexit") {
						b.report(a, "runtime.Goexit (called by "+qualPath(fn)+" on the event loop) would end the loop's goroutine, not this task: return instead")
					}
					if bl := classify(f); bl != nil {
						where := b.where(n, stack)
						if kind != "" {
							where = loopWhere[kind]
						}
						b.report(a, bl.what+" (called by "+qualPath(fn)+") "+bl.problem()+where+bl.advice)
					}
				}
			}
			through := ""
			if fn == nil {
				// A call of a func value: known when a variable holds one
				// function or literal for its whole life.
				var lit *ast.FuncLit
				switch f := ast.Unparen(n.Fun).(type) {
				case *ast.Ident:
					fn, lit = b.resolve(f)
					through = f.Name
				case *ast.CallExpr: // sync.OnceFunc(f)()
					if fn, lit = b.resolve(f); fn != nil || lit != nil {
						through = qualPath(calleeFunc(info, f))
					}
				}
				if lit != nil {
					b.walkLit(lit, stack)
					return true
				}
			}
			if isFunc(fn, "runtime", "Goexit") && b.inLiteral(stack) {
				// At the top level of the //async function the validator
				// reports it (see [Unsupported]); in a literal that runs on
				// the loop it ends the loop's goroutine all the same.
				b.report(n, "runtime.Goexit in a func literal that runs on the event loop would end the loop's goroutine, not this task: return instead")
				return true
			}
			bl := classify(fn)
			if bl == nil || bl.reads && len(n.Args) == 1 && inMemory(info, n.Args[0]) ||
				bl.nested && inRuntime(b.pass) { // the runtime's tests of the refusal
				return true
			}
			what := bl.what
			if through != "" {
				what += " (called through " + through + ")"
			}
			var fixes []analysis.SuggestedFix
			w := b.where(n, stack)
			switch {
			case w != "":
				// No fix: asyncgen refuses an await there.
			case bl.sleep && through == "":
				fixes = b.sleepFix(n, stack)
			case bl.thread:
				fixes = b.threadFix(n, stack)
			case bl.await && through == "":
				fixes = b.awaitFix(n, stack)
			}
			advice := bl.advice
			if bl.sleep && w == "" && (b.fn.af.Shape == ShapeNone || b.fn.af.Shape == ShapeValue) {
				// Await's error is the cancellation of the task: it has
				// to end the function, which cannot return it.
				advice += ", and return its error: give the function an error result"
			}
			b.report(n, what+" "+bl.problem()+w+advice, fixes...)
		}
		return true
	})
}

// where is what the advice must begin with when no await can go where the
// walk is (stack, below b.outer), "" where one can: the call must first move out of the func
// literal or defer statement, as asyncgen refuses an await in them; out of
// a callback or predicate that the loop runs (see [loopRuns]), whatever
// literals it is in within them, it must move into a task, or into the
// tasks that notify, as it runs at another time.
func (b *blockingWalker) where(n ast.Node, stack []ast.Node) string {
	if kind := b.loopKind(stack); kind != "" {
		return loopWhere[kind]
	}
	for _, nodes := range [][]ast.Node{stack, b.outer} {
		for i := len(nodes) - 1; i >= 0; i-- {
			switch nodes[i].(type) {
			case *ast.FuncLit:
				return "no await can go in a func literal: move the call out of it, then "
			case *ast.DeferStmt:
				if d := nodes[i].(*ast.DeferStmt); d.Call == n {
					return "no await can go in a deferred call: make the call before returning instead, then "
				}
				return "no await can go in a defer statement: evaluate the argument into a variable before it, then "
			case *ast.GoStmt:
				return "no await can go in a go statement: evaluate the argument into a variable before it, then "
			case *ast.FuncDecl:
				return ""
			}
		}
	}
	return ""
}

// inLiteral reports whether the walk is inside a func literal (stack, below
// b.outer).
func (b *blockingWalker) inLiteral(stack []ast.Node) bool {
	for _, nodes := range [][]ast.Node{b.outer, stack} {
		for _, x := range nodes {
			if _, ok := x.(*ast.FuncLit); ok {
				return true
			}
		}
	}
	return false
}

// loopKind returns the [loopRuns] kind of the outermost func literal that
// the walk is in (stack, below b.outer) that is given to the runtime as a
// callback or predicate, and "" when there is none.
func (b *blockingWalker) loopKind(stack []ast.Node) string {
	for _, nodes := range [][]ast.Node{b.outer, stack} { // outermost first
		for _, x := range nodes {
			if lit, ok := x.(*ast.FuncLit); ok && b.fn.onLoop[lit] != "" {
				return b.fn.onLoop[lit]
			}
		}
	}
	return ""
}

// loopWhere is what the advice begins with in a func argument of the
// runtime that the loop runs, by [loopRuns] kind.
var loopWhere = map[string]string{
	"callback":   "no await can go in a callback: move the call into an //async function and spawn it as a task (runtime.SpawnOn works in a callback), then ",
	"predicate":  "no await can go in a predicate: move the call out of it, into a task that notifies the condition, then ",
	"comparison": "no await can go in a comparison: compute what it needs before the items are put, and if that blocks, ",
}

// walkCommOperands checks the operands of a select case's communication (not
// the communication itself, which the select decides on).
func (b *blockingWalker) walkCommOperands(comm ast.Stmt) {
	var es []ast.Expr
	switch s := comm.(type) {
	case *ast.SendStmt:
		es = append(es, s.Chan, s.Value)
	case *ast.ExprStmt:
		if u, ok := ast.Unparen(s.X).(*ast.UnaryExpr); ok {
			es = append(es, u.X)
		}
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			if u, ok := ast.Unparen(s.Rhs[0]).(*ast.UnaryExpr); ok {
				es = append(es, u.X)
			}
		}
	}
	for _, e := range es {
		b.walk(e)
	}
}

// selectKeyword is the span of the select keyword.
func selectKeyword(s *ast.SelectStmt) ast.Node {
	return span{s.Select, s.Select + token.Pos(len("select"))}
}

type span struct{ from, to token.Pos }

func (s span) Pos() token.Pos { return s.from }
func (s span) End() token.Pos { return s.to }

// sleepFix rewrites the statement time.Sleep(d) of an //async function
// whose last result is an error as
//
//	if _, err := runtime.Await(runtime.Sleep(d)); err != nil {
//		return zero, ..., err
//	}
//
// so that a cancellation, which the await returns, ends the function as it
// would have ended the sleep. stack holds the call's ancestors below
// b.outer. There is no fix when the function cannot return the error (no
// error result: awaiting and dropping it would let the function go on after
// its task was cancelled), nor when the statement cannot become an if
// statement (a for loop's post statement) or a zero value cannot be
// spelled where the call is.
func (b *blockingWalker) sleepFix(call *ast.CallExpr, stack []ast.Node) []analysis.SuggestedFix {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	tail, ok := b.returnErr(call, stack)
	if !ok {
		return nil
	}
	rt, edits, ok := runtimeRef(b.pass, b.file, call.Pos(), "Await", "Sleep")
	if !ok {
		return nil
	}
	edits = append(edits,
		insert(call.Pos(), "if _, err := "+rt+"Await("),
		replace(sel, rt+"Sleep"),
		insert(call.End(), ")"+tail))
	return []analysis.SuggestedFix{{Message: "Await " + rt + "Sleep instead and return its error", TextEdits: edits}}
}

// returnErr checks that the statement call, whose ancestors below b.outer
// are stack, can become "if _, err := <await>; err != nil { return ... }"
// in an //async function whose last result is an error, and returns the
// text that follows the await. ok is false when it cannot: see sleepFix.
func (b *blockingWalker) returnErr(call *ast.CallExpr, stack []ast.Node) (tail string, ok bool) {
	return returnErrTail(b.pass, b.file, b.fn.af, call, append(slices.Clip(b.outer), stack...))
}

// returnErrTail is [blockingWalker.returnErr] for a call in the //async
// function af of file, whose ancestors within af are up (outermost first):
// the text that follows the await that replaces the call, or ok false.
func returnErrTail(pass *analysis.Pass, file *ast.File, af *AsyncFunc, call *ast.CallExpr, up []ast.Node) (tail string, ok bool) {
	results, ok := errorResults(pass, file, af, call.Pos())
	if !ok {
		return "", false
	}
	if len(up) < 2 {
		return "", false
	}
	if stmt, ok := up[len(up)-1].(*ast.ExprStmt); !ok || stmt.X != call {
		return "", false
	}
	switch up[len(up)-2].(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause, *ast.LabeledStmt:
	default:
		return "", false // a simple statement of a for, if or switch
	}
	indent := indentAt(pass, call.Pos())
	return "; err != nil {\n" + indent + "\treturn " + strings.Join(append(results, "err"), ", ") + "\n" + indent + "}", true
}

// errorResults returns the zero values of the results but the last of the
// //async function af, spelled as they can be at pos, when its last
// result is an error; ok is false when it is not, or when a zero value
// cannot be spelled there (a type of a package the file does not import, a
// name hidden by a local one).
func errorResults(pass *analysis.Pass, file *ast.File, af *AsyncFunc, pos token.Pos) (zeros []string, ok bool) {
	sig := af.Sig()
	if sig == nil || (af.Shape != ShapeError && af.Shape != ShapeValueError) {
		return nil, false
	}
	res := sig.Results()
	for i := range res.Len() - 1 {
		z, ok := zeroValue(pass, file, res.At(i).Type(), pos)
		if !ok {
			return nil, false
		}
		zeros = append(zeros, z)
	}
	return zeros, true
}

// zeroValue spells the zero value of t at pos in file, in a return statement: 0, "",
// false or nil where they do, T{} for structs and arrays, *new(T) for a
// type parameter. It type-checks what it spells at pos, so that a local
// name hiding a type, a package or nil makes it fail, and it does not name
// err, which the fix declares around the return.
func zeroValue(pass *analysis.Pass, file *ast.File, t types.Type, pos token.Pos) (string, bool) {
	var s string
	var want types.Type // the untyped type of s, or t when s spells t
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		name, ok := typeText(file, pass.Pkg, t)
		if !ok {
			return "", false
		}
		s, want = "*new("+name+")", t
	} else {
		switch u := t.Underlying().(type) {
		case *types.Basic:
			switch {
			case u.Info()&types.IsBoolean != 0:
				s, want = "false", types.Typ[types.UntypedBool]
			case u.Info()&types.IsString != 0:
				s, want = `""`, types.Typ[types.UntypedString]
			case u.Info()&types.IsNumeric != 0:
				s, want = "0", types.Typ[types.UntypedInt]
			case u.Kind() == types.UnsafePointer:
				s, want = "nil", types.Typ[types.UntypedNil]
			}
		case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
			s, want = "nil", types.Typ[types.UntypedNil]
		case *types.Struct, *types.Array:
			name, ok := typeText(file, pass.Pkg, t)
			if !ok {
				return "", false
			}
			s, want = name+"{}", t
		}
	}
	if want == nil {
		return "", false
	}
	e, err := parser.ParseExpr(s)
	if err != nil {
		return "", false
	}
	hidden := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "err" {
			hidden = true
		}
		return !hidden
	})
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	if hidden || types.CheckExpr(pass.Fset, pass.Pkg, pos, e, info) != nil {
		return "", false
	}
	if got := info.Types[e].Type; got == nil || !types.Identical(got, want) {
		return "", false
	}
	return s, true
}

// indentAt returns the white space that begins the line of pos, or a tab
// when the file cannot be read. The line is the file's own, not the one a
// //line directive gives.
func indentAt(pass *analysis.Pass, pos token.Pos) string {
	tf := pass.Fset.File(pos)
	if tf == nil {
		return "\t"
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return "\t"
	}
	start := tf.Offset(tf.LineStart(tf.PositionFor(pos, false).Line))
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// threadFix wraps a blocking call in runtime.Await(runtime.ToThread(...)):
// in place when its results are (T, error), so that the await yields the
// same values. A call that is a statement becomes
//
//	if _, err := runtime.Await(runtime.ToThread(...)); err != nil {
//		return ..., err
//	}
//
// so that a cancellation ends the function (see sleepFix), while whatever
// the call returns is dropped as before; there is no such fix where
// sleepFix has none. The func runs on a worker goroutine while other tasks
// run on the loop, so operands that are not plain, such as s.next() in
// io.ReadAll(s.next()), are first evaluated on the loop, as they were, into
// new variables declared before the statement (see threadOperands); where
// that cannot be done, there is no fix.
func (b *blockingWalker) threadFix(call *ast.CallExpr, stack []ast.Node) []analysis.SuggestedFix {
	var parent ast.Node
	if len(stack) > 0 {
		parent = stack[len(stack)-1]
	}
	sig, ok := b.pass.TypesInfo.TypeOf(call.Fun).(*types.Signature)
	if !ok {
		return nil
	}
	if containsIntrinsic(b.pass.TypesInfo, call, "") != nil {
		return nil // the await would move into the literal, onto a thread
	}
	res := sig.Results()
	src := text(b.pass, call)
	if strings.Contains(src, "\n") {
		return nil // keep multi-line calls as the person formatted them
	}
	hs, target, ok := b.threadOperands(call, stack)
	if !ok {
		return nil
	}
	var decls string
	if len(hs) > 0 {
		if src, decls, ok = hoist(b.pass, call, hs, target.Pos()); !ok {
			return nil
		}
	}
	_, stmt := parent.(*ast.ExprStmt)
	var t, body, tail string
	switch {
	case res.Len() == 2 && isError(res.At(1).Type()) && !stmt:
		var ok bool
		if t, ok = typeText(b.file, b.pass.Pkg, res.At(0).Type()); !ok {
			return nil
		}
		body = "return " + src
	case !stmt:
		return nil
	default:
		var ok bool
		if tail, ok = b.returnErr(call, stack); !ok {
			return nil
		}
		t, body = "struct{}", src+"\n\treturn struct{}{}, nil"
	}
	rt, edits, ok := runtimeRef(b.pass, b.file, call.Pos(), "Await", "ToThread")
	if !ok {
		return nil
	}
	wrapped := rt + "Await(" + rt + "ToThread(func() (" + t + ", error) {\n\t" + body + "\n}))"
	if tail != "" {
		wrapped = "if _, err := " + wrapped + tail
	}
	if decls != "" {
		if target.Pos() == call.Pos() {
			wrapped = decls + wrapped
		} else {
			edits = append(edits, insert(target.Pos(), decls))
		}
	}
	edits = append(edits, replace(call, wrapped))
	b.reserve(hs)
	return []analysis.SuggestedFix{{Message: "Run it on the executor with " + rt + "ToThread", TextEdits: edits}}
}

// awaitFix rewrites runtime.Run(c), with no options, as runtime.Await(c),
// which has the same results. A statement, whose results were dropped,
// becomes "if _, err := runtime.Await(c); err != nil { return ..., err }",
// as the other fixes of a statement, and has no fix in a function without
// an error result.
func (b *blockingWalker) awaitFix(call *ast.CallExpr, stack []ast.Node) []analysis.SuggestedFix {
	id := calleeIdent(call.Fun)
	if id == nil || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return nil
	}
	if len(stack) > 0 {
		if stmt, ok := stack[len(stack)-1].(*ast.ExprStmt); ok && stmt.X == call {
			tail, ok := b.returnErr(call, stack)
			if !ok {
				return nil
			}
			return []analysis.SuggestedFix{{Message: "Await the coroutine and return its error", TextEdits: []analysis.TextEdit{
				insert(call.Pos(), "if _, err := "), replace(id, "Await"), insert(call.End(), tail)}}}
		}
	}
	return []analysis.SuggestedFix{{Message: "Await the coroutine", TextEdits: []analysis.TextEdit{replace(id, "Await")}}}
}

// runsHere reports whether lit runs on the goroutine of the expression
// holding it: before that is done (called on the spot, ranged over, or
// passed to a function of the standard library that calls it before
// returning, see [runsFuncArgs]), or on the loop, passed to the runtime
// as a callback or predicate (see [loopRuns]).
func runsHere(info *types.Info, lit *ast.FuncLit, stack []ast.Node) bool {
	var child ast.Node = lit
	for i := len(stack) - 1; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr:
			child = p
			continue
		case *ast.CallExpr:
			fn := calleeFunc(info, p)
			return p.Fun == child || (runsFuncArgs(fn) || loopRuns(fn) != "") && slices.Contains(p.Args, child.(ast.Expr))
		case *ast.RangeStmt:
			return p.X == child
		}
		return false
	}
	return false
}

// runsFuncArgs reports whether fn, of the standard library, calls each of
// its func arguments only before it returns, and on the caller's goroutine,
// as its documentation promises. Functions that keep one for later (such as
// sync.OnceFunc or strings.FieldsFuncSeq) or run it on another goroutine
// (time.AfterFunc, context.AfterFunc, sync.WaitGroup.Go) are not among them.
func runsFuncArgs(fn *types.Func) bool {
	return isMethod(fn, "sync", "Once", "Do") ||
		isMethod(fn, "sync", "Map", "Range") ||
		isFunc(fn, "sort", "Slice", "SliceStable", "SliceIsSorted", "Search", "Find") ||
		isFunc(fn, "slices", "SortFunc", "SortStableFunc", "IsSortedFunc", "BinarySearchFunc",
			"ContainsFunc", "IndexFunc", "DeleteFunc", "EqualFunc", "CompareFunc", "CompactFunc",
			"MinFunc", "MaxFunc", "Collect", "AppendSeq", "Sorted", "SortedFunc", "SortedStableFunc") ||
		isFunc(fn, "maps", "DeleteFunc", "EqualFunc", "Collect", "Insert") ||
		isFunc(fn, "strings", "Map", "FieldsFunc", "IndexFunc", "LastIndexFunc", "ContainsFunc",
			"TrimFunc", "TrimLeftFunc", "TrimRightFunc") ||
		isFunc(fn, "bytes", "Map", "FieldsFunc", "IndexFunc", "LastIndexFunc", "ContainsFunc",
			"TrimFunc", "TrimLeftFunc", "TrimRightFunc")
}

// loopRuns returns "callback" when fn is a method of the runtime's Loop
// that runs its func argument on the loop's goroutine later, as a callback
// (CallSoon, CallLater, CallAt, CallSoonThreadsafe, AddSignalHandler), and
// "predicate" for Condition.WaitFor, whose predicate the loop checks when
// the wait begins and after each notification, and "comparison" for
// NewPriorityQueueFunc, whose less the queue calls at each put and get;
// "" for other functions.
// runtime.ToThread runs its func on a worker goroutine: it is not one of
// them.
func loopRuns(fn *types.Func) string {
	switch {
	case isMethod(fn, RuntimePath, "Loop", "CallSoon", "CallLater", "CallAt", "CallSoonThreadsafe", "AddSignalHandler"):
		return "callback"
	case isMethod(fn, RuntimePath, "Condition", "WaitFor"):
		return "predicate"
	case isFunc(fn, RuntimePath, "NewPriorityQueueFunc"):
		return "comparison"
	}
	return ""
}

// resolve returns what calling the func value e runs, when it is known: a
// function or method that e names (time.Sleep, mu.Lock, (*sync.Mutex).Lock),
// a func literal, what a local variable of [fixedValues] holds, or the
// argument of sync.OnceFunc, OnceValue or OnceValues, whose result calls it.
func (b *blockingWalker) resolve(e ast.Expr) (*types.Func, *ast.FuncLit) {
	info := b.pass.TypesInfo
	for range 10 { // a chain of variables: a bound, not a limit met in practice
		switch x := ast.Unparen(e).(type) {
		case *ast.FuncLit:
			return nil, x
		case *ast.Ident:
			switch obj := info.Uses[x].(type) {
			case *types.Func:
				return obj, nil
			case *types.Var:
				if v, ok := b.fn.values[obj]; ok {
					e = v
					continue
				}
			}
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[x]; ok {
				if sel.Kind() == types.FieldVal {
					return nil, nil
				}
				fn, _ := sel.Obj().(*types.Func)
				return fn, nil
			}
			fn, _ := info.Uses[x.Sel].(*types.Func) // a qualified identifier
			return fn, nil
		case *ast.CallExpr:
			if isFunc(calleeFunc(info, x), "sync", "OnceFunc", "OnceValue", "OnceValues") && len(x.Args) == 1 {
				e = x.Args[0]
				continue
			}
		}
		return nil, nil
	}
	return nil, nil
}

// walkLit checks the body of lit, held in a variable that is called,
// ranged over or passed to a runner on the loop: once, however many times
// that happens. Where the walk is (stack, below b.outer) in a callback or
// predicate, so is lit when it runs there first.
func (b *blockingWalker) walkLit(lit *ast.FuncLit, stack []ast.Node) {
	if b.fn.walked[lit] {
		return
	}
	b.fn.walked[lit] = true
	if kind := b.loopKind(stack); kind != "" && b.fn.onLoop[lit] == "" {
		b.fn.onLoop[lit] = kind
	}
	inner := &blockingWalker{pass: b.pass, file: b.file, outer: []ast.Node{lit}, fn: b.fn}
	inner.walk(lit.Body)
}

// fixedValues returns the local variables of body that hold one value for
// their whole life, with that value: declared with it, never assigned
// again, their address never taken (not even by a method call). Calling one
// runs what its value names; locking one (of pointer or interface type)
// locks what its value reaches (see [LockAcrossAwait]).
func fixedValues(info *types.Info, body *ast.BlockStmt) map[*types.Var]ast.Expr {
	values := map[*types.Var]ast.Expr{}
	spoiled := map[*types.Var]bool{}
	spoil := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				spoiled[v] = true
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				if v, ok := info.Defs[id].(*types.Var); ok {
					if len(n.Lhs) == len(n.Rhs) {
						values[v] = n.Rhs[i]
					}
					continue
				}
				spoil(l) // assigned, or redeclared by :=
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if v, ok := info.Defs[id].(*types.Var); ok && len(n.Values) == len(n.Names) {
					values[v] = n.Values[i]
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				spoil(n.Key)
				if n.Value != nil {
					spoil(n.Value)
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				spoil(n.X)
			}
		case *ast.SelectorExpr:
			// A method with a pointer receiver takes the address of a
			// variable that is not a pointer or an interface, and a field
			// of a struct is a part of it.
			if !byReference(info.TypeOf(n.X)) {
				spoil(n.X)
			}
		}
		return true
	})
	for v := range spoiled {
		delete(values, v)
	}
	return values
}

// inMemory reports whether reading the reader e cannot block: a
// *bytes.Reader, *bytes.Buffer or *strings.Reader, or the Body of an
// *http.Request. In an //async function a request is asynchttp's, whose
// server reads the body in full before the handler runs ("handlers read it
// with ordinary io calls"), or one built to be sent, with a body that its
// maker holds.
func inMemory(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	if sel, ok := e.(*ast.SelectorExpr); ok && sel.Sel.Name == "Body" {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
			if n := namedOf(s.Recv()); n != nil && n.Obj().Pkg() != nil &&
				n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Request" {
				return true
			}
		}
	}
	n := namedOf(info.TypeOf(e)) // the readers' Read has a pointer receiver
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Obj().Pkg().Path() + "." + n.Obj().Name() {
	case "bytes.Reader", "bytes.Buffer", "strings.Reader":
		return true
	}
	return false
}

// qualPath names fn for a message as its package and type do:
// "sync.Once.Do", "sort.Slice".
func qualPath(fn *types.Func) string {
	return fn.Pkg().Name() + "." + qualName(fn)
}

func isChan(t types.Type) bool {
	_, ok := coreType(t).(*types.Chan)
	return ok
}
