package analyzer

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// GoStmt reports runtime objects (loops, tasks, futures, queues, locks and
// the like) that a go statement hands to another goroutine. Like asyncio's,
// they are not thread-safe: other goroutines reach a loop only through
// (*Loop).CallSoonThreadsafe, and blocking work reaches the loop's executor
// through runtime.ToThread.
var GoStmt = &analysis.Analyzer{
	Name:     "gostmt",
	Doc:      "report runtime objects used inside go statements\n\nThe event loop and everything on it (tasks, futures, queues, locks) are\nnot thread-safe. A go statement may use a *runtime.Loop only to call\nCallSoonThreadsafe, or to run the loop (RunForever, Close,\nRunUntilComplete), itself or through the functions it passes the loop to;\nuse runtime.ToThread for blocking work.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#GoStmt",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runGoStmt,
}

func runGoStmt(pass *analysis.Pass) (any, error) {
	pass = rulePass(pass, "gostmt")
	if inRuntime(pass) {
		return nil, nil // the runtime's own executor and poller
	}
	info := pass.TypesInfo
	g := &goChecker{info: info, decls: map[*types.Func]*ast.FuncDecl{}, visiting: map[*types.Var]bool{}}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if d, ok := d.(*ast.FuncDecl); ok && d.Body != nil {
				if fn, ok := info.Defs[d.Name].(*types.Func); ok {
					g.decls[fn] = d
				}
			}
		}
	}
	for _, f := range sourceFiles(pass) {
		// The function declaration being walked, and its fixedValues,
		// worked out for the first go statement that calls a variable.
		var body *ast.BlockStmt
		var values map[*types.Var]ast.Expr
		walkStack(f, func(n ast.Node, stack []ast.Node) bool {
			if d, ok := n.(*ast.FuncDecl); ok {
				body, values = d.Body, nil
				return true
			}
			st, ok := n.(*ast.GoStmt)
			if !ok {
				return true
			}
			reported := map[types.Object]bool{}
			g.objects(pass, st.Call, st.Call.Args, nil, reported)
			// go f() with f a variable holding a method value or a func
			// literal for its whole life: what it names runs on the new
			// goroutine.
			if id, ok := ast.Unparen(st.Call.Fun).(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok && body != nil {
					if values == nil {
						values = fixedValues(info, body)
					}
					switch x := ast.Unparen(values[v]).(type) {
					case *ast.FuncLit, *ast.SelectorExpr:
						g.objects(pass, x, nil, id, reported)
					}
				}
			}
			return true
		})
	}
	return nil, nil
}

// goChecker holds what the checks of a package's go statements share.
type goChecker struct {
	info *types.Info
	// decls are the package's functions with bodies, whose parameters
	// passedSafely follows.
	decls map[*types.Func]*ast.FuncDecl
	// visiting are the parameters passedSafely is following, which a
	// recursive call does not follow again.
	visiting map[*types.Var]bool
}

// objects reports the runtime objects that root, run by the new
// goroutine of a go statement, uses; names declared inside root belong to
// that goroutine. args are the go statement's arguments, evaluated by the
// goroutine that runs the statement: an object used only in computing one
// of basic type (go save(q.Len())) stays there. via, if not nil, is the
// variable through which the go statement calls root, where the report
// goes.
func (g *goChecker) objects(pass *analysis.Pass, root ast.Node, args []ast.Expr, via *ast.Ident, reported map[types.Object]bool) {
	info := pass.TypesInfo
	walkStack(root, func(n ast.Node, stack []ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok {
			return !onLoop(info, lit, stack)
		}
		if e, ok := n.(ast.Expr); ok && slices.Contains(args, e) {
			if t, ok := info.TypeOf(e).Underlying().(*types.Basic); ok && t.Kind() != types.UnsafePointer {
				return false
			}
		}
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || reported[v] || (v.Pos() >= root.Pos() && v.Pos() < root.End()) {
			return true
		}
		if !runtimeObject(v.Type()) || threadSafeUse(info, id, stack) || g.passedSafely(id, stack) ||
			fieldOfReported(info, id, stack) {
			return true
		}
		reported[v] = true
		at, through := id, ""
		if via != nil {
			at, through = via, " through "+via.Name
		}
		pass.Report(analysis.Diagnostic{
			Pos: at.Pos(), End: at.End(), Category: "gostmt",
			Message: "runtime object " + id.Name + " (" + types.TypeString(v.Type(), byName(pass.Pkg)) + ") used in a go statement" + through + ": the loop is not thread-safe; use loop.CallSoonThreadsafe or runtime.ToThread",
		})
		return true
	})
}

// runtimeObject reports whether t (or what it points to) is a type of the
// runtime that belongs to a loop, or a slice, array, map or channel of
// them, whose elements the goroutine reaches. Data (results, options,
// datagrams, errors, clocks) and coroutines, inert until run, are not.
func runtimeObject(t types.Type) bool {
	switch u := types.Unalias(t).(type) {
	case *types.Slice:
		return heldObject(u.Elem())
	case *types.Array:
		return heldObject(u.Elem())
	case *types.Map:
		return heldObject(u.Key()) || heldObject(u.Elem())
	case *types.Chan:
		return heldObject(u.Elem())
	case *types.Pointer:
		if _, named := types.Unalias(u.Elem()).(*types.Named); !named {
			return runtimeObject(u.Elem()) // *[]*Task
		}
	}
	n := namedOf(t)
	if n == nil {
		return false
	}
	obj := n.Obj()
	if obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() {
	case RuntimePath:
		return loopBound[obj.Name()]
	case RuntimePath + "/asyncimpl":
		return obj.Name() == "Task"
	}
	return false
}

// heldObject reports whether a container of elements of type t holds
// runtime objects. Loops are left out: the uses a goroutine may make of
// one (CallSoonThreadsafe, running it) are not followed through an index
// or a range, and running or waking a set of loops from goroutines is
// what they are for.
func heldObject(t types.Type) bool {
	if n := namedOf(t); n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == RuntimePath && n.Obj().Name() == "Loop" {
		return false
	}
	return runtimeObject(t)
}

// fieldOfReported reports whether id selects a field of a runtime object,
// which is reported itself (w.Done for a runtime.Waited w).
func fieldOfReported(info *types.Info, id *ast.Ident, stack []ast.Node) bool {
	if len(stack) == 0 {
		return false
	}
	sel, ok := stack[len(stack)-1].(*ast.SelectorExpr)
	return ok && sel.Sel == id && runtimeObject(info.TypeOf(sel.X))
}

// loopBound holds the runtime's types whose values live on one loop.
var loopBound = map[string]bool{
	"Loop": true, "Handle": true,
	"Task": true, "TaskInfo": true, "TaskGroup": true, "Future": true, "Waited": true, "Deadline": true,
	"Queue": true, "QueueGet": true, "QueuePut": true,
	"Lock": true, "Event": true, "Condition": true, "Semaphore": true, "Barrier": true,
	"Stream": true, "Server": true, "Process": true, "DatagramConn": true,
}

// onLoop reports whether lit, whose ancestors are stack, is a function
// handed to CallSoonThreadsafe, which runs it on the loop.
func onLoop(info *types.Info, lit *ast.FuncLit, stack []ast.Node) bool {
	if len(stack) == 0 {
		return false
	}
	call, ok := stack[len(stack)-1].(*ast.CallExpr)
	return ok && call.Fun != lit &&
		isMethod(calleeFunc(info, call), RuntimePath, "Loop", "CallSoonThreadsafe")
}

// passedSafely reports whether the identifier (whose ancestors are stack)
// is an argument of a function whose parameter is used only in the ways
// threadSafeUse allows (or passed on to another such function): a func
// literal called on the spot, as in go func(l *runtime.Loop) { ... }(loop),
// or a function of the package, as in go produce(loop).
func (g *goChecker) passedSafely(id *ast.Ident, stack []ast.Node) bool {
	info := g.info
	e, i := standsFor(id, stack)
	if i < 0 {
		return false
	}
	call, ok := stack[i].(*ast.CallExpr)
	if !ok || call.Ellipsis.IsValid() {
		return false
	}
	var ftype *ast.FuncType
	var body *ast.BlockStmt
	var sig *types.Signature
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		ftype, body, sig = lit.Type, lit.Body, info.Types[lit].Type.(*types.Signature)
	} else if fn := calleeFunc(info, call); fn != nil && g.decls[fn] != nil && g.decls[fn].Recv == nil {
		d := g.decls[fn]
		ftype, body, sig = d.Type, d.Body, fn.Type().(*types.Signature)
	} else {
		return false
	}
	var params []*ast.Ident
	for _, f := range ftype.Params.List {
		params = append(params, f.Names...)
	}
	i = slices.Index(call.Args, e)
	if i < 0 || i >= len(params) || (i == len(params)-1 && sig.Variadic()) {
		return false
	}
	param, _ := info.Defs[params[i]].(*types.Var)
	if param == nil {
		return true // blank: unused
	}
	if g.visiting[param] {
		return true // a recursive call: the walk in progress decides
	}
	g.visiting[param] = true
	defer delete(g.visiting, param)
	safe := true
	walkStack(body, func(n ast.Node, stack []ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok {
			return safe && !onLoop(info, lit, stack)
		}
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == param &&
			!threadSafeUse(info, id, stack) && !g.passedSafely(id, stack) {
			safe = false
		}
		return safe
	})
	return safe
}

// threadSafeUse reports whether the identifier (whose ancestors are stack)
// is used in one of the ways a loop may be used from another goroutine:
// as the receiver of CallSoonThreadsafe, RunForever or Close, or as the loop
// argument of runtime.RunUntilComplete.
func threadSafeUse(info *types.Info, id *ast.Ident, stack []ast.Node) bool {
	e, i := standsFor(id, stack)
	if i < 0 {
		return false
	}
	switch p := stack[i].(type) {
	case *ast.SelectorExpr:
		if p.X != e || i == 0 {
			return false
		}
		call, ok := stack[i-1].(*ast.CallExpr)
		if !ok {
			return false
		}
		if call.Fun != p {
			// loop.CallSoonThreadsafe(ev.Set): the method value runs on
			// the loop, and binding it here copies only a pointer.
			return slices.Contains(call.Args, ast.Expr(p)) && pointerMethodValue(info, p) &&
				isMethod(calleeFunc(info, call), RuntimePath, "Loop", "CallSoonThreadsafe")
		}
		return isMethod(calleeFunc(info, call), RuntimePath, "Loop", "CallSoonThreadsafe", "RunForever", "Close")
	case *ast.CallExpr:
		return len(p.Args) > 0 && p.Args[0] == e && isFunc(calleeFunc(info, p), RuntimePath, "RunUntilComplete")
	}
	return false
}

// pointerMethodValue reports whether sel is a method value of a method with
// a pointer receiver.
func pointerMethodValue(info *types.Info, sel *ast.SelectorExpr) bool {
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return false
	}
	recv := s.Obj().Type().(*types.Signature).Recv()
	_, ptr := recv.Type().Underlying().(*types.Pointer)
	return ptr
}

// standsFor returns the expression the identifier (whose ancestors are
// stack) stands for, loop or s.loop, and the index in stack of that
// expression's parent (-1 if none).
func standsFor(id *ast.Ident, stack []ast.Node) (ast.Expr, int) {
	i := len(stack) - 1
	if i >= 0 {
		if sel, ok := stack[i].(*ast.SelectorExpr); ok && sel.Sel == id {
			return sel, i - 1
		}
	}
	return id, i
}

// byName qualifies types by package name, as a person writes them.
func byName(pkg *types.Package) types.Qualifier {
	return func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
}
