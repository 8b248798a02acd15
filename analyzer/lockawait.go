package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

// LockAcrossAwait reports a runtime.Await that may be reached while a
// sync.Mutex or sync.RWMutex is held, or a lock reached through a
// sync.Locker (a Cond's L, RWMutex.RLocker, a type parameter the interface
// constrains): the task suspends holding the lock, and any other task that
// locks it blocks the whole event loop, usually for good. It follows the
// function's control flow: a lock is held on a path from a Lock or RLock
// call to the await with no Unlock or RUnlock of the same lock between them
// (a deferred unlock holds it to the end). A TryLock or TryRLock that is
// an if or for condition or a case of a switch without a tag, or a part of
// one joined by !, && or ||, holds the lock on the branch where it
// succeeded (if !mu.TryLock() { await and retry } is fine), and for the
// awaits on the right of an && or || it is on the left of; its result kept
// in a variable, or compared with a switch's tag, is not followed.
//
// The same lock is the same receiver, written the same way, or reached in
// a way the function makes evident: mu, &mu and *p are one lock with p,
// and rw.RLocker() is rw, as is a local variable of pointer or interface
// type that holds one of them for its whole life (p := &mu, var l
// sync.Locker = &mu, rl := rw.RLocker()). Other aliases, a Cond's L among
// them (cond.L.Lock() then mu.Unlock()), are different locks to it.
var LockAcrossAwait = &analysis.Analyzer{
	Name:     "lockacrossawait",
	Doc:      "report sync mutexes held across runtime.Await\n\nA task that suspends while holding a sync.Mutex (or RWMutex, or a lock\nreached through sync.Locker) makes every other task that locks it block\nthe event loop's goroutine, which deadlocks the loop. Unlock before\nawaiting, or use runtime.NewLock, whose Acquire is awaited.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#LockAcrossAwait",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runLockAcrossAwait,
}

// lockEvent is a lock, an unlock or an await, in evaluation order.
type lockEvent struct {
	key   string        // the lock, "s.mu" ("" for an await): see [lockScan.key]
	name  string        // the receiver as written, "s.mu"
	typ   string        // "sync.Mutex", "sync.RWMutex" or "sync.Locker"
	lock  bool          // Lock or RLock (else Unlock or RUnlock)
	await *ast.CallExpr // the await, for an await event
	// also: for an await on the right of && or ||, the locks that a
	// TryLock on the left holds whenever the right runs.
	also []lockEvent
}

func runLockAcrossAwait(pass *analysis.Pass) (any, error) {
	pass = rulePass(pass, "lockacrossawait")
	info := pass.TypesInfo
	asyncBodies(pass, func(af *AsyncFunc) {
		body := af.Decl.Body
		if containsIntrinsic(info, body, "Await") == nil {
			return
		}
		g := cfg.New(body, func(call *ast.CallExpr) bool { return mayReturn(info, call) })
		scan := &lockScan{info: info, values: fixedValues(info, body), conds: branchConds(body)}
		// The events of each block, and the set of mutexes that may be
		// held at its entry (a forward may-analysis, to a fixed point).
		events := make([][]lockEvent, len(g.Blocks))
		// tries[b][i]: the locks a TryLock in b's condition may hold on
		// entry to b.Succs[i].
		tries := make([][2][]lockEvent, len(g.Blocks))
		locks := map[string]lockEvent{} // key → a lock of it, for its name and type
		note := func(es []lockEvent) {
			for _, e := range es {
				if _, ok := locks[e.key]; e.lock && !ok {
					locks[e.key] = e
				}
				for _, a := range e.also {
					if _, ok := locks[a.key]; !ok {
						locks[a.key] = a
					}
				}
			}
		}
		for _, b := range g.Blocks {
			for _, n := range b.Nodes {
				events[b.Index] = append(events[b.Index], scan.events(n)...)
			}
			if cond, ok := scan.branchCond(b); ok {
				tries[b.Index] = [2][]lockEvent{scan.tried(cond, true), scan.tried(cond, false)}
			}
			note(events[b.Index])
			note(tries[b.Index][0])
			note(tries[b.Index][1])
		}
		if len(locks) == 0 {
			return
		}
		in := make([]map[string]bool, len(g.Blocks))
		out := func(b *cfg.Block) map[string]bool {
			held := map[string]bool{}
			for k := range in[b.Index] {
				held[k] = true
			}
			for _, e := range events[b.Index] {
				switch {
				case e.await != nil:
				case e.lock:
					held[e.key] = true
				default:
					delete(held, e.key)
				}
			}
			return held
		}
		for i := range in {
			in[i] = map[string]bool{}
		}
		for changed := true; changed; {
			changed = false
			for _, b := range g.Blocks {
				if !b.Live {
					continue
				}
				o := out(b)
				for i, succ := range b.Succs {
					for k := range o {
						if !in[succ.Index][k] {
							in[succ.Index][k] = true
							changed = true
						}
					}
					if i < 2 {
						for _, e := range tries[b.Index][i] {
							if !in[succ.Index][e.key] {
								in[succ.Index][e.key] = true
								changed = true
							}
						}
					}
				}
			}
		}
		reported := map[*ast.CallExpr]bool{}
		for _, b := range g.Blocks {
			if !b.Live {
				continue
			}
			held := map[string]bool{}
			for k := range in[b.Index] {
				held[k] = true
			}
			for _, e := range events[b.Index] {
				switch {
				case e.await != nil:
					if k := firstHeld(held, e.also); k != "" && !reported[e.await] {
						reported[e.await] = true
						pass.Report(analysis.Diagnostic{
							Pos: e.await.Pos(), End: e.await.End(), Category: "lockacrossawait",
							Message: "runtime.Await while " + locks[k].name + " (" + locks[k].typ + ") is held: unlock before awaiting, or use runtime.NewLock and await its Acquire",
						})
					}
				case e.lock:
					held[e.key] = true
				default:
					delete(held, e.key)
				}
			}
		}
	})
	return nil, nil
}

// firstHeld returns the mutex that sorts first among those held and also
// (those a TryLock earlier in the condition holds for an await), so that
// messages do not depend on map order.
func firstHeld(held map[string]bool, also []lockEvent) string {
	first := ""
	for k := range held {
		if first == "" || k < first {
			first = k
		}
	}
	for _, e := range also {
		if first == "" || e.key < first {
			first = e.key
		}
	}
	return first
}

// lockScan finds the lock events of one //async function.
type lockScan struct {
	info   *types.Info
	values map[*types.Var]ast.Expr // see fixedValues
	conds  map[ast.Expr]bool       // see branchConds
}

// events returns the locks, unlocks and awaits of the CFG node n in the
// order they run (call arguments before the call), not looking into func
// literals or deferred calls, which run at other times, but for literals
// called on the spot.
func (s *lockScan) events(n ast.Node) []lockEvent {
	info := s.info
	var evs []lockEvent
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt, *ast.GoStmt:
			return false
		case *ast.BinaryExpr:
			if n.Op != token.LAND && n.Op != token.LOR {
				return true
			}
			// The right runs only when the left had the result that
			// does not decide: a TryLock there that succeeded holds its
			// lock for the awaits on the right.
			ast.Inspect(n.X, visit)
			held := s.tried(n.X, n.Op == token.LAND)
			from := len(evs)
			ast.Inspect(n.Y, visit)
			for i := from; i < len(evs); i++ {
				if evs[i].await != nil {
					evs[i].also = append(evs[i].also, held...)
				}
			}
			return false
		case *ast.CallExpr:
			// Arguments run first.
			ast.Inspect(n.Fun, visit)
			for _, a := range n.Args {
				ast.Inspect(a, visit)
			}
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
				evs = append(evs, s.calledLit(lit)...)
			} else if Intrinsic(info, n) == "Await" {
				evs = append(evs, lockEvent{await: n})
			} else if e, ok := s.lockCall(n); ok {
				evs = append(evs, e)
			}
			return false
		}
		return true
	}
	ast.Inspect(n, visit)
	return evs
}

// calledLit returns the locks and unlocks of a func literal called on the
// spot: those of its body, as if it ran straight through, then those of the
// calls it defers, the last deferred first. Its awaits are left out:
// asyncgen refuses them (see [Unsupported]).
func (s *lockScan) calledLit(lit *ast.FuncLit) []lockEvent {
	var evs []lockEvent
	add := func(es []lockEvent) {
		for _, e := range es {
			if e.await == nil {
				evs = append(evs, e)
			}
		}
	}
	add(s.events(lit.Body))
	var deferred []*ast.CallExpr
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			deferred = append(deferred, n.Call)
			return false
		}
		return true
	})
	for _, call := range slices.Backward(deferred) {
		add(s.events(call))
	}
	return evs
}

// branchConds returns the boolean conditions in body that a CFG block
// branches on, true to Succs[0] and false to Succs[1]: those of if and for
// statements and the case expressions of switches without a tag. A case
// of a switch with a tag branches on its equality with the tag instead.
func branchConds(body *ast.BlockStmt) map[ast.Expr]bool {
	conds := map[ast.Expr]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt:
			conds[n.Cond] = true
		case *ast.ForStmt:
			if n.Cond != nil {
				conds[n.Cond] = true
			}
		case *ast.SwitchStmt:
			if n.Tag == nil {
				for _, c := range n.Body.List {
					for _, e := range c.(*ast.CaseClause).List {
						conds[e] = true
					}
				}
			}
		}
		return true
	})
	return conds
}

// branchCond returns the condition b ends with, if b branches on one of
// [branchConds]: its last node.
func (s *lockScan) branchCond(b *cfg.Block) (ast.Expr, bool) {
	if len(b.Succs) != 2 || len(b.Nodes) == 0 {
		return nil, false
	}
	e, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
	return e, ok && s.conds[e]
}

// tried returns the locks that a TryLock or TryRLock in cond may hold once
// cond has evaluated to result, following !, && and || (the operands a
// result implies, or may imply, were evaluated with theirs).
func (s *lockScan) tried(cond ast.Expr, result bool) []lockEvent {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return s.tried(e.X, !result)
		}
	case *ast.BinaryExpr:
		switch {
		case e.Op == token.LAND && result, e.Op == token.LOR && !result:
			// Both operands evaluated to result.
			return append(s.tried(e.X, result), s.tried(e.Y, result)...)
		case e.Op == token.LAND, e.Op == token.LOR:
			// X decided it, or X had the other result and Y decided it.
			evs := append(s.tried(e.X, result), s.tried(e.X, !result)...)
			return append(evs, s.tried(e.Y, result)...)
		}
	case *ast.CallExpr:
		recv, ok := s.receiver(e)
		if !ok || !result {
			return nil
		}
		if typ := syncLock(calleeFunc(s.info, e), "TryLock", "TryRLock"); typ != "" {
			return []lockEvent{{key: s.key(recv) + s.promotedVia(e.Fun), name: types.ExprString(recv), typ: typ, lock: true}}
		}
	}
	return nil
}

// lockCall returns the event of call when it calls Lock, RLock, Unlock or
// RUnlock of sync.Mutex, sync.RWMutex or sync.Locker (see [syncLock]).
func (s *lockScan) lockCall(call *ast.CallExpr) (lockEvent, bool) {
	fn := calleeFunc(s.info, call)
	recv, ok := s.receiver(call)
	method := call.Fun
	if fn == nil {
		// A call of a func value that holds a method value: unlock()
		// after unlock := mu.Unlock or sync.OnceFunc(mu.Unlock).
		sel := s.methodValue(call.Fun)
		if sel == nil {
			return lockEvent{}, false
		}
		fn, _ = s.info.Selections[sel].Obj().(*types.Func)
		recv, ok, method = sel.X, true, sel
	}
	if !ok {
		return lockEvent{}, false
	}
	typ := syncLock(fn, "Lock", "RLock", "Unlock", "RUnlock")
	if typ == "" {
		return lockEvent{}, false
	}
	lock := fn.Name() == "Lock" || fn.Name() == "RLock"
	return lockEvent{key: s.key(recv) + s.promotedVia(method), name: types.ExprString(recv), typ: typ, lock: lock}, true
}

// methodValue returns the method value that calling the func value e
// calls, when the function makes it evident: e itself (mu.Unlock), what a
// local variable of [fixedValues] holds, or the argument of sync.OnceFunc,
// whose result calls it (at most once: an unlock that already ran counts
// again, which may miss a lock held, never report one released).
func (s *lockScan) methodValue(e ast.Expr) *ast.SelectorExpr {
	for range 10 { // a chain of variables: a bound, not a limit met in practice
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if sel, ok := s.info.Selections[x]; ok && sel.Kind() == types.MethodVal {
				return x
			}
		case *ast.Ident:
			if v, ok := s.info.Uses[x].(*types.Var); ok {
				if val, ok := s.values[v]; ok {
					e = val
					continue
				}
			}
		case *ast.CallExpr:
			if isFunc(calleeFunc(s.info, x), "sync", "OnceFunc") && len(x.Args) == 1 {
				e = x.Args[0]
				continue
			}
		}
		return nil
	}
	return nil
}

// receiver returns the receiver of a method call: x of x.Lock(), or the
// first argument of a method expression, (*sync.Mutex).Lock(mu).
func (s *lockScan) receiver(call *ast.CallExpr) (ast.Expr, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	if m, ok := s.info.Selections[sel]; ok && m.Kind() == types.MethodExpr {
		if len(call.Args) == 0 {
			return nil, false
		}
		return call.Args[0], true
	}
	return sel.X, true
}

// key names the lock that the receiver x denotes, the same for the ways of
// reaching one lock that the function makes evident: mu, (mu), &mu; p and
// *p, (*s).mu and s.mu; an embedded mutex by its field and through its
// promoted methods (c.Mutex.Lock, c.Lock: see promotedVia); rw.RLocker()
// and rw; sync.Locker(&mu) and mu; and a local variable of
// [fixedValues] that holds a pointer or an interface (p := &mu, var l
// sync.Locker = &mu, rl := rw.RLocker()) and what it holds. A variable
// holding a copy of a value (m := mu) is a lock of its own.
func (s *lockScan) key(x ast.Expr) string {
	for range 10 { // a chain of variables: a bound, not a limit met in practice
		switch e := ast.Unparen(x).(type) {
		case *ast.UnaryExpr:
			if e.Op == token.AND {
				x = e.X
				continue
			}
		case *ast.StarExpr:
			x = e.X
			continue
		case *ast.Ident:
			if v, ok := s.info.Uses[e].(*types.Var); ok {
				if val, ok := s.values[v]; ok && byReference(s.info.TypeOf(val)) {
					x = val
					continue
				}
			}
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && isMethod(calleeFunc(s.info, e), "sync", "RWMutex", "RLocker") {
				x = sel.X
				continue
			}
			if tv, ok := s.info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 && byReference(s.info.TypeOf(e.Args[0])) {
				x = e.Args[0] // a conversion, sync.Locker(&mu)
				continue
			}
		}
		break
	}
	return s.path(x)
}

// path spells x with the embedded fields a selector goes through and
// without the dereferences Go makes implicit: (*s).mu and s.mu are s.mu,
// c.m through an embedded E is c.E.m.
func (s *lockScan) path(x ast.Expr) string {
	switch e := ast.Unparen(x).(type) {
	case *ast.StarExpr:
		return s.path(e.X)
	case *ast.SelectorExpr:
		if m, ok := s.info.Selections[e]; ok && m.Kind() == types.FieldVal {
			return s.path(e.X) + embeddedPath(m) + "." + e.Sel.Name
		}
	}
	return types.ExprString(ast.Unparen(x))
}

// promotedVia spells the embedded fields through which the method of fun,
// x.Lock, is promoted to x: ".Mutex" for c.Lock() with c embedding a
// sync.Mutex, "" for a method of x's own type.
func (s *lockScan) promotedVia(fun ast.Expr) string {
	sel, ok := ast.Unparen(fun).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	if m, ok := s.info.Selections[sel]; ok && m.Kind() == types.MethodVal {
		return embeddedPath(m)
	}
	return ""
}

// embeddedPath spells the embedded fields that the selection m goes
// through before its own field or method, ".A.B", or "" if none.
func embeddedPath(m *types.Selection) string {
	idx := m.Index()
	t := m.Recv()
	var b strings.Builder
	for _, i := range idx[:len(idx)-1] {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return ""
		}
		f := st.Field(i)
		b.WriteString("." + f.Name())
		t = f.Type()
	}
	return b.String()
}
