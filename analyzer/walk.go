package analyzer

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// index returns the result of [Funcs] for pass.
func index(pass *analysis.Pass) *Index { return pass.ResultOf[Funcs].(*Index) }

// inRuntime reports whether pass analyzes package runtime itself or its
// tests, which declare the intrinsics and deliberately misuse them (for
// instance to test that Spawn outside generated code panics).
func inRuntime(pass *analysis.Pass) bool {
	p := pass.Pkg.Path()
	return p == RuntimePath || p == RuntimePath+"_test"
}

// sourceFiles returns the package's files that a person wrote: generated
// files (asyncgen's own output among them) are never reported on, but for
// cmd/cgo's copies of the files that import "C".
func sourceFiles(pass *analysis.Pass) []*ast.File {
	var fs []*ast.File
	for _, f := range pass.Files {
		if !isGenerated(pass.Fset, f) {
			fs = append(fs, f)
		}
	}
	return fs
}

// asyncBodies calls fn for each //async function with a body declared in a
// source file.
func asyncBodies(pass *analysis.Pass, fn func(af *AsyncFunc)) {
	for _, af := range index(pass).List {
		if af.Decl.Body != nil && !isGenerated(pass.Fset, af.File) {
			fn(af)
		}
	}
}

// walkStack calls fn for every node under root, root included, with the
// stack of its ancestors (outermost first, n excluded). fn returns false to
// skip n's children.
func walkStack(root ast.Node, fn func(n ast.Node, stack []ast.Node) bool) {
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if !fn(n, stack) {
			return false
		}
		stack = append(stack, n)
		return true
	})
}

// calleeFunc returns the function or method that call statically calls, or
// nil (builtins, conversions, calls of func values).
func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// mayReturn reports whether call may return: not a call of panic,
// os.Exit, runtime.Goexit, or log's Fatal and Panic functions, after which
// a path of the control-flow graph ends.
func mayReturn(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return false
		}
	}
	fn := calleeFunc(info, call)
	return !isFunc(fn, "os", "Exit") && !isFunc(fn, "runtime", "Goexit") &&
		!isFunc(fn, "log", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln") &&
		!isMethod(fn, "log", "Logger", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln")
}

// isFunc reports whether fn is the package-level function pkg.name.
func isFunc(fn *types.Func, pkg string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkg {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// isMethod reports whether fn is a method named one of names of the type
// pkg.typ (with a value or pointer receiver).
func isMethod(fn *types.Func, pkg, typ string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkg {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	named := namedOf(sig.Recv().Type())
	if named == nil || named.Obj().Name() != typ {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// syncLock returns the type, "sync.Mutex", "sync.RWMutex" or
// "sync.Locker", of which fn is the method named one of names (Lock,
// RLock, Unlock, RUnlock), and "" when it is none of them. Through
// sync.Locker, the lock may be anything: a Cond's L, what RWMutex.RLocker
// returns, a type parameter the interface constrains.
func syncLock(fn *types.Func, names ...string) string {
	for _, t := range []string{"Mutex", "RWMutex", "Locker"} {
		if isMethod(fn, "sync", t, names...) {
			return "sync." + t
		}
	}
	return ""
}

// byReference reports whether t is a pointer or an interface: a copy of a
// value of t reaches what the value reaches, and a method called on a
// variable of t does not take the variable's address.
func byReference(t types.Type) bool {
	if t == nil {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface:
		return true
	}
	return false
}

// namedOf returns the named type of t or *t, or nil.
func namedOf(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// isCoro reports whether t is runtime.Coro[T].
func isCoro(t types.Type) bool {
	n := namedOf(t)
	if n == nil || types.Unalias(t) != types.Type(n) { // a *Coro is not a coroutine value
		return false
	}
	obj := n.Origin().Obj()
	return obj.Name() == "Coro" && obj.Pkg() != nil &&
		(obj.Pkg().Path() == RuntimePath || obj.Pkg().Path() == RuntimePath+"/asyncimpl")
}

// isAwaitable reports whether t is a value that does nothing until awaited:
// a coroutine, the interface runtime.Awaitable[T], or an awaitable value
// type of the runtime (such as what runtime.Sleep returns). Tasks and
// futures, used through pointers, are things that exist on their own.
func isAwaitable(t types.Type) bool {
	if isCoro(t) {
		return true
	}
	var obj *types.TypeName
	switch n := t.(type) {
	case *types.Alias:
		obj = n.Origin().Obj()
	case *types.Named:
		obj = n.Origin().Obj()
	default:
		return false
	}
	if obj.Pkg() == nil {
		return false
	}
	if p := obj.Pkg().Path(); p != RuntimePath && p != RuntimePath+"/asyncimpl" {
		if a, ok := t.(*types.Alias); ok {
			return isAwaitable(a.Rhs()) // a user's name for a runtime type
		}
		return false
	}
	if obj.Name() == "Awaitable" {
		return true
	}
	poll, _, _ := types.LookupFieldOrMethod(t, false, nil, "Poll")
	_, isMethod := poll.(*types.Func)
	return isMethod
}

// containsIntrinsic returns the first call of the named intrinsic ("Await"
// or "Spawn"; "" for either) under n, not looking into func literals.
func containsIntrinsic(info *types.Info, n ast.Node, name string) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(n, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if in := Intrinsic(info, n); in != "" && (name == "" || in == name) {
				found = n
				return false
			}
		}
		return true
	})
	return found
}

// funcName names fn for a message: "fetch", or "T.fetch" for a method.
func funcName(fn *types.Func) string {
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		if n := namedOf(sig.Recv().Type()); n != nil {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}

// coreType is t's underlying type or, for a type parameter, the underlying
// type that every type its constraint allows shares (channels of one
// element type share the narrower direction); nil when they differ or the
// constraint allows any type.
func coreType(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	tp, ok := types.Unalias(t).(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	return interfaceCore(iface)
}

// interfaceCore is the core type of the type set of a constraint.
func interfaceCore(iface *types.Interface) types.Type {
	var core types.Type
	add := func(u types.Type) bool {
		if core == nil {
			core = u
			return true
		}
		if types.Identical(core, u) {
			return true
		}
		a, aok := core.(*types.Chan)
		b, bok := u.(*types.Chan)
		if !aok || !bok || !types.Identical(a.Elem(), b.Elem()) {
			return false
		}
		switch {
		case a.Dir() == types.SendRecv:
			core = b
		case b.Dir() != types.SendRecv && b.Dir() != a.Dir():
			return false
		}
		return true
	}
	for e := range iface.EmbeddedTypes() {
		var terms []types.Type
		switch e := types.Unalias(e).(type) {
		case *types.Union:
			for term := range e.Terms() {
				terms = append(terms, term.Type())
			}
		default:
			terms = append(terms, e)
		}
		for _, term := range terms {
			u := coreType(term)
			if inner, ok := u.(*types.Interface); ok {
				// An embedded interface: its type terms, if any, narrow
				// the set; a plain method set or comparable does not.
				if u = interfaceCore(inner); u == nil {
					continue
				}
			}
			if u == nil || !add(u) {
				return nil
			}
		}
	}
	return core
}

// typeParamsOf returns the type parameters of the generic function or type
// obj names (of its origin when obj is an instance), or nil.
func typeParamsOf(obj types.Object) *types.TypeParamList {
	switch obj := obj.(type) {
	case *types.Func:
		return obj.Origin().Type().(*types.Signature).TypeParams()
	case *types.TypeName:
		if a, ok := obj.Type().(*types.Alias); ok && a.TypeParams().Len() > 0 {
			// A generic alias: its type arguments are its own, in
			// its own order (type rev[X, Y any] = two[Y, X]).
			return a.TypeParams()
		}
		if n, ok := types.Unalias(obj.Type()).(*types.Named); ok {
			return n.Origin().TypeParams()
		}
	}
	return nil
}
