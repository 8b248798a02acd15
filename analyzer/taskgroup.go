package analyzer

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

// TaskGroupWait reports a runtime.TaskGroup, entered in an //async function
// with tg, err := runtime.Await(runtime.NewTaskGroup()), that some path
// leaves the function without leaving: a return (or the end of the body)
// reached after a runtime.SpawnIn(tg, ...) with no call of tg.Wait()
// between them. The tasks of the group go on running after the function
// has returned, nobody sees their errors or panics, and the first of them
// to fail cancels the task that entered the group, at whatever it awaits
// by then. asyncio's async with TaskGroup() cannot be left without
// waiting; in Go, defer cannot await, so the wait has to be written
// before each return. It is go vet's lostcancel, for task groups: the
// function's control-flow graph is searched for such a path, and panics,
// after which the tasks are lost anyway, are not paths out.
//
// A path that returns before any SpawnIn is fine: a group without tasks
// has nothing left to run. That covers the check right after entering
// (if err != nil { return err }), whose error never comes: the await of
// NewTaskGroup is ready at once, so the task is never suspended there, nor
// woken by a cancellation, and its Result has no error. So is a SpawnIn
// after the group's Wait on its path: the runtime refuses it, and its
// task does not run.
//
// A group that escapes (passed to a function other than runtime.SpawnIn,
// stored, returned, used as a value in any way but tg.Wait(), tg.Cancel()
// (deferred or not) or a comparison with nil, captured by a func literal,
// used in a go or other defer statement) may be left elsewhere: it is not reported, nor is a
// group whose variable is assigned anywhere but where it is entered, or
// declared outside the body (a named result). A tg.Wait() that is not
// awaited on the spot (w := tg.Wait()) counts as leaving at the call.
//
// A group entered and dropped (runtime.Await(runtime.NewTaskGroup()) as a
// statement, or its group assigned to _) is reported too: no task can be
// spawned into it and it is never left.
//
// As for awaiterr, the runtime's own tests, which may misuse groups on
// purpose to test what the loop does then, are left alone, but for its
// example_*_test.go files.
var TaskGroupWait = &analysis.Analyzer{
	Name:     "taskgroupwait",
	Doc:      "report task groups not waited for on every path\n\nA runtime.TaskGroup entered with runtime.Await(runtime.NewTaskGroup())\nis left by awaiting its Wait, which waits for its tasks. A return\nreached after runtime.SpawnIn(tg, ...) without tg.Wait() leaves the\ngroup's tasks running after the function returns, their errors lost;\ndefer cannot await, so await tg.Wait() before each such return (after\ntg.Cancel() to stop them). A group entered and dropped is reported too.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#TaskGroupWait",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runTaskGroupWait,
}

// groupBinding is where an //async function enters a group and keeps it in
// a variable.
type groupBinding struct {
	v    *types.Var
	stmt ast.Node // the *ast.AssignStmt or *ast.ValueSpec
}

// groupEvent is, in a block of the control-flow graph, the entering of a
// group (the binding's statement), a SpawnIn into it, or a call of its Wait.
type groupEvent struct {
	pos  token.Pos // the end of the call or statement, in evaluation order
	kind int
}

const (
	groupEnter = iota
	groupSpawn
	groupWait
)

func runTaskGroupWait(pass *analysis.Pass) (any, error) {
	pass = rulePass(pass, "taskgroupwait")
	info := pass.TypesInfo
	asyncBodies(pass, func(af *AsyncFunc) {
		if inRuntime(pass) && !runtimeExample(pass, af.File) {
			return // the runtime's tests misuse groups on purpose
		}
		body := af.Decl.Body
		var bindings []groupBinding
		walkStack(body, func(n ast.Node, stack []ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false // awaits are refused there: unsupported says so
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || !entersGroup(info, call) || len(stack) == 0 {
				return true
			}
			var lhs ast.Expr
			switch p := stack[len(stack)-1].(type) {
			case *ast.ExprStmt:
				reportDroppedGroup(pass, call)
				return true
			case *ast.AssignStmt:
				if len(p.Lhs) == 2 && len(p.Rhs) == 1 {
					lhs = p.Lhs[0]
				}
			case *ast.ValueSpec:
				if len(p.Names) == 2 && len(p.Values) == 1 {
					lhs = p.Names[0]
				}
			}
			id, ok := lhs.(*ast.Ident)
			if !ok {
				return true // kept in a field, an element: it escapes
			}
			if id.Name == "_" {
				reportDroppedGroup(pass, call)
				return true
			}
			v, _ := info.Defs[id].(*types.Var)
			if v == nil {
				v, _ = info.Uses[id].(*types.Var)
			}
			if v != nil {
				bindings = append(bindings, groupBinding{v, stack[len(stack)-1]})
			}
			return true
		})
		if len(bindings) == 0 {
			return
		}
		var g *cfg.CFG
		for _, b := range bindings {
			if !groupFollowed(info, body, b, bindings) {
				continue
			}
			if g == nil {
				g = cfg.New(body, func(call *ast.CallExpr) bool { return mayReturn(info, call) })
			}
			if rets := unwaitedReturns(info, g, b); len(rets) > 0 {
				reportUnwaitedGroup(pass, body, b, rets)
			}
		}
	})
	return nil, nil
}

// entersGroup reports whether call is runtime.Await(runtime.NewTaskGroup()).
func entersGroup(info *types.Info, call *ast.CallExpr) bool {
	if Intrinsic(info, call) != "Await" || len(call.Args) != 1 {
		return false
	}
	arg, ok := ast.Unparen(call.Args[0]).(*ast.CallExpr)
	return ok && isFunc(calleeFunc(info, arg), RuntimePath, "NewTaskGroup")
}

func reportDroppedGroup(pass *analysis.Pass, call *ast.CallExpr) {
	pass.Report(analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(), Category: "taskgroupwait",
		Message: "the TaskGroup entered here is dropped: no task can be spawned into it and it is never left; keep it (tg, err := runtime.Await(runtime.NewTaskGroup())) to spawn into it and await tg.Wait() before each return, or delete this await",
	})
}

// groupFollowed reports whether the group of b is one the function keeps to
// itself, so that its paths tell whether it is left: its variable is
// declared in the body, bound to a group there and assigned nowhere else,
// and used only as SpawnIn's group, as the receiver of a call of Wait or
// Cancel, or compared with nil, outside func literals and go and defer
// statements (but defer tg.Cancel()).
func groupFollowed(info *types.Info, body *ast.BlockStmt, b groupBinding, all []groupBinding) bool {
	if b.v.Pos() < body.Pos() || b.v.Pos() >= body.End() {
		return false // a parameter or a named result: the caller may see it
	}
	for _, o := range all {
		if o.v == b.v && o.stmt != b.stmt {
			return false // entered twice: which group is which?
		}
	}
	followed := true
	walkStack(body, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !followed || !ok || info.Uses[id] != b.v && info.Defs[id] != b.v {
			return followed
		}
		if len(stack) > 0 && stack[len(stack)-1] == b.stmt {
			return true // the binding
		}
		if !groupUse(info, id, stack) {
			followed = false
		}
		return true
	})
	return followed
}

// groupUse reports whether id, a use of a group's variable whose ancestors
// are stack, is one that leaves the group to the function: see
// [groupFollowed]. A deferred tg.Cancel() is one: it does not wait.
func groupUse(info *types.Info, id *ast.Ident, stack []ast.Node) bool {
	for i, n := range stack {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			return false
		case *ast.DeferStmt:
			if i != len(stack)-3 || n.Call != stack[i+1] || !isMethod(calleeFunc(info, n.Call), RuntimePath, "TaskGroup", "Cancel") {
				return false
			}
		}
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.SelectorExpr:
		if p.X != id || len(stack) < 2 {
			return false
		}
		call, ok := stack[len(stack)-2].(*ast.CallExpr)
		return ok && call.Fun == p && isMethod(calleeFunc(info, call), RuntimePath, "TaskGroup", "Wait", "Cancel")
	case *ast.CallExpr:
		return len(p.Args) > 0 && p.Args[0] == id && isFunc(calleeFunc(info, p), RuntimePath, "SpawnIn")
	case *ast.BinaryExpr:
		other := p.X
		if other == id {
			other = p.Y
		}
		return (p.Op == token.EQL || p.Op == token.NEQ) && info.Types[other].IsNil()
	case *ast.ValueSpec:
		return len(p.Values) == 0 // var tg *runtime.TaskGroup, bound later
	}
	return false
}

// groupEvents returns the events of b's group in the CFG node n, in the
// order they happen: a call after its operands, the binding after its
// await.
func groupEvents(info *types.Info, b groupBinding, n ast.Node) []groupEvent {
	var es []groupEvent
	if n == b.stmt {
		return []groupEvent{{n.End(), groupEnter}}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			switch fn := calleeFunc(info, n); {
			case isFunc(fn, RuntimePath, "SpawnIn") && len(n.Args) > 0 && isVar(info, n.Args[0], b.v):
				es = append(es, groupEvent{n.End(), groupSpawn})
			case isMethod(fn, RuntimePath, "TaskGroup", "Wait"):
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && isVar(info, sel.X, b.v) {
					es = append(es, groupEvent{n.End(), groupWait})
				}
			}
		}
		return true
	})
	slices.SortStableFunc(es, func(a, b groupEvent) int { return cmp.Compare(a.pos, b.pos) })
	return es
}

func isVar(info *types.Info, e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == v
}

// The states of a group on one path: entered with no task spawned since,
// entered with a task spawned since, or left by its Wait (a SpawnIn then
// is refused: the task does not run). A block's entry is the set of the
// states its paths bring, as a bit mask; the empty set, before the group
// is entered.
const (
	groupEmpty   = 1 << iota // entered, no task spawned
	groupPending             // entered, a task spawned and no Wait since
	groupLeft                // Wait called
)

// groupStep returns the states on paths in states after e.
func groupStep(states int, e groupEvent) int {
	switch e.kind {
	case groupEnter:
		return groupEmpty
	case groupSpawn:
		if states&(groupEmpty|groupPending) != 0 {
			states = states&^groupEmpty | groupPending
		}
		return states
	default: // groupWait
		if states != 0 {
			return groupLeft
		}
		return 0
	}
}

// unwaitedReturns returns the returns of g (the implicit one at the end of
// the body among them), in source order, that a path reaches with a task
// spawned into b's group since it was entered and no call of its Wait
// since. It is a forward analysis of the set of states the paths bring to
// each block, to a fixed point, as go vet's lostcancel searches for a path
// from a cancel func's definition to a return that does not use it.
func unwaitedReturns(info *types.Info, g *cfg.CFG, b groupBinding) []*ast.ReturnStmt {
	events := make([][]groupEvent, len(g.Blocks))
	spawns := false
	for _, blk := range g.Blocks {
		for _, n := range blk.Nodes {
			events[blk.Index] = append(events[blk.Index], groupEvents(info, b, n)...)
		}
		spawns = spawns || slices.ContainsFunc(events[blk.Index], func(e groupEvent) bool { return e.kind == groupSpawn })
	}
	if !spawns {
		return nil
	}
	out := func(blk *cfg.Block, states int) int {
		for _, e := range events[blk.Index] {
			states = groupStep(states, e)
		}
		return states
	}
	in := make([]int, len(g.Blocks))
	for changed := true; changed; {
		changed = false
		for _, blk := range g.Blocks {
			if !blk.Live {
				continue
			}
			o := out(blk, in[blk.Index])
			for _, s := range blk.Succs {
				if in[s.Index]|o != in[s.Index] {
					in[s.Index] |= o
					changed = true
				}
			}
		}
	}
	var rets []*ast.ReturnStmt
	for _, blk := range g.Blocks {
		if ret := blk.Return(); ret != nil && blk.Live && out(blk, in[blk.Index])&groupPending != 0 {
			rets = append(rets, ret)
		}
	}
	slices.SortFunc(rets, func(a, b *ast.ReturnStmt) int { return cmp.Compare(a.Pos(), b.Pos()) })
	return rets
}

// reportUnwaitedGroup reports b's group at its binding, naming the
// returns (rets) that may leave it behind, each also related information.
func reportUnwaitedGroup(pass *analysis.Pass, body *ast.BlockStmt, b groupBinding, rets []*ast.ReturnStmt) {
	name := b.v.Name()
	var lines []string
	var related []analysis.RelatedInformation
	implicit := false
	for _, ret := range rets {
		line := strconv.Itoa(pass.Fset.Position(ret.Pos()).Line)
		end := ret.End()
		if ret.Return == body.Rbrace {
			// The CFG's implicit return at the closing brace, whose End
			// may be past the file's end.
			implicit = true
			line += " (the end of the function)"
			end = ret.Pos() + 1
		}
		lines = append(lines, line)
		related = append(related, analysis.RelatedInformation{
			Pos: ret.Pos(), End: end,
			Message: fmt.Sprintf("this return may be reached with tasks of %s running and no %s.Wait()", name, name),
		})
	}
	var where string
	switch {
	case len(rets) == 1 && implicit:
		where = "the end of the function on line " + strings.TrimSuffix(lines[0], " (the end of the function)")
	case len(rets) == 1:
		where = "the return on line " + lines[0]
	default:
		where = "the returns on lines " + strings.Join(lines[:len(lines)-1], ", ") + " and " + lines[len(lines)-1]
	}
	pass.Report(analysis.Diagnostic{
		Pos: b.stmt.Pos(), End: b.stmt.End(), Category: "taskgroupwait",
		Message: fmt.Sprintf("the TaskGroup %s is not left on all paths: await %s.Wait() before %s, or its tasks keep running after the function returns", name, name, where),
		Related: related,
	})
}
