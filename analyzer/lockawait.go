package analyzer

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

// LockAcrossAwait reports a runtime.Await that may be reached while a
// sync.Mutex or sync.RWMutex is held: the task suspends holding the lock,
// and any other task that locks it blocks the whole event loop, usually for
// good. It follows the function's control flow: a lock is held on a path
// from a Lock or RLock call to the await with no Unlock or RUnlock of the
// same receiver between them (a deferred unlock holds it to the end).
var LockAcrossAwait = &analysis.Analyzer{
	Name:     "lockacrossawait",
	Doc:      "report sync mutexes held across runtime.Await\n\nA task that suspends while holding a sync.Mutex makes every other task\nthat locks it block the event loop's goroutine, which deadlocks the\nloop. Unlock before awaiting, or use runtime.NewLock, whose Acquire is\nawaited.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#LockAcrossAwait",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runLockAcrossAwait,
}

// lockEvent is a lock, an unlock or an await, in evaluation order.
type lockEvent struct {
	key   string        // the mutex expression, "s.mu" ("" for an await)
	typ   string        // "sync.Mutex" or "sync.RWMutex"
	lock  bool          // Lock or RLock (else Unlock or RUnlock)
	await *ast.CallExpr // the await, for an await event
}

func runLockAcrossAwait(pass *analysis.Pass) (any, error) {
	pass = ignoring(pass, "lockacrossawait")
	info := pass.TypesInfo
	asyncBodies(pass, func(af *AsyncFunc) {
		body := af.Decl.Body
		if containsIntrinsic(info, body, "Await") == nil {
			return
		}
		g := cfg.New(body, func(*ast.CallExpr) bool { return true })
		// The events of each block, and the set of mutexes that may be
		// held at its entry (a forward may-analysis, to a fixed point).
		events := make([][]lockEvent, len(g.Blocks))
		locks := map[string]string{} // key → type, of every mutex locked
		for _, b := range g.Blocks {
			for _, n := range b.Nodes {
				events[b.Index] = append(events[b.Index], lockEvents(info, n)...)
			}
			for _, e := range events[b.Index] {
				if e.lock {
					locks[e.key] = e.typ
				}
			}
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
				for _, succ := range b.Succs {
					for k := range o {
						if !in[succ.Index][k] {
							in[succ.Index][k] = true
							changed = true
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
					if k := firstHeld(held); k != "" && !reported[e.await] {
						reported[e.await] = true
						pass.Report(analysis.Diagnostic{
							Pos: e.await.Pos(), End: e.await.End(), Category: "lockacrossawait",
							Message: "runtime.Await while " + k + " (" + locks[k] + ") is held: unlock before awaiting, or use runtime.NewLock and await its Acquire",
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

// firstHeld returns the held mutex that sorts first, so that messages do
// not depend on map order.
func firstHeld(held map[string]bool) string {
	first := ""
	for k := range held {
		if first == "" || k < first {
			first = k
		}
	}
	return first
}

// lockEvents returns the locks, unlocks and awaits of the CFG node n in the
// order they run (call arguments before the call), not looking into func
// literals or deferred calls, which run at other times, but for literals
// called on the spot.
func lockEvents(info *types.Info, n ast.Node) []lockEvent {
	var evs []lockEvent
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt, *ast.GoStmt:
			return false
		case *ast.CallExpr:
			// Arguments run first.
			ast.Inspect(n.Fun, visit)
			for _, a := range n.Args {
				ast.Inspect(a, visit)
			}
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
				evs = append(evs, calledLitEvents(info, lit)...)
			} else if Intrinsic(info, n) == "Await" {
				evs = append(evs, lockEvent{await: n})
			} else if key, typ := mutexCallExpr(info, n, "Lock", "RLock"); key != "" {
				evs = append(evs, lockEvent{key: key, typ: typ, lock: true})
			} else if key, typ := mutexCallExpr(info, n, "Unlock", "RUnlock"); key != "" {
				evs = append(evs, lockEvent{key: key, typ: typ})
			}
			return false
		}
		return true
	}
	ast.Inspect(n, visit)
	return evs
}

// calledLitEvents returns the locks and unlocks of a func literal called on
// the spot: those of its body, as if it ran straight through, then those of
// the calls it defers, the last deferred first. Its awaits are left out:
// asyncgen refuses them (see [Unsupported]).
func calledLitEvents(info *types.Info, lit *ast.FuncLit) []lockEvent {
	var evs []lockEvent
	add := func(es []lockEvent) {
		for _, e := range es {
			if e.await == nil {
				evs = append(evs, e)
			}
		}
	}
	add(lockEvents(info, lit.Body))
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
		add(lockEvents(info, call))
	}
	return evs
}

// mutexCallExpr returns the receiver's text and type ("mu", "sync.Mutex")
// when e calls a method in names of sync.Mutex or sync.RWMutex, and ""
// otherwise.
func mutexCallExpr(info *types.Info, e ast.Expr, names ...string) (key, typ string) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return "", ""
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", ""
	}
	fn := calleeFunc(info, call)
	for _, t := range []string{"Mutex", "RWMutex"} {
		if isMethod(fn, "sync", t, names...) {
			return types.ExprString(sel.X), "sync." + t
		}
	}
	return "", ""
}
