package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// hoisted is an operand of a call that a fix evaluates into a new variable
// before the statement holding the call.
type hoisted struct {
	e    ast.Expr
	name string
}

// threadOperands returns the operands of call, a blocking call in an
// //async function with ancestors stack, that runtime.ToThread's func
// would evaluate on a worker goroutine, while other tasks run on the loop,
// and that are not plain (see [plain]): the receiver of a method, then the
// arguments, in the order Go evaluates them, each with the name of a new
// variable to evaluate it into before target, the statement that holds the
// call. The names are new to the function, and to the fixes of its other
// calls, which may all be applied, once the fix that declares them
// reserves them (see reserve). ok is false when the operands cannot be
// moved there without changing what the code does: something else of the
// statement is evaluated before them, or the statement has no place of its
// own in a list of statements.
func (b *blockingWalker) threadOperands(call *ast.CallExpr, stack []ast.Node) (hs []hoisted, target ast.Stmt, ok bool) {
	info := b.pass.TypesInfo
	var es []ast.Expr
	var names []string
	if sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr); isSel && !plain(info, sel.X) {
		s := info.Selections[sel]
		if s == nil || s.Kind() != types.MethodVal {
			return nil, nil, false
		}
		if !byReference(info.TypeOf(sel.X)) {
			if sig, _ := s.Obj().Type().(*types.Signature); sig == nil || byReference(sig.Recv().Type()) {
				return nil, nil, false // the method takes its address: a copy would not do
			}
		}
		es, names = append(es, sel.X), append(names, recvName(info.TypeOf(sel.X)))
	}
	sig, _ := info.TypeOf(call.Fun).(*types.Signature)
	for i, a := range call.Args {
		if plain(info, a) {
			continue
		}
		if _, tuple := info.TypeOf(a).(*types.Tuple); tuple || sig == nil {
			return nil, nil, false
		}
		es, names = append(es, a), append(names, paramName(sig, i))
	}
	if len(es) == 0 {
		return nil, nil, true
	}
	for _, e := range es {
		if t, _ := info.TypeOf(e).(*types.Basic); t != nil && t.Info()&types.IsUntyped != 0 {
			return nil, nil, false // a variable would have its default type
		}
	}
	target = hoistTarget(info, call, append(slices.Clip(b.outer), stack...))
	if target == nil || hasGoto(b.fn.af.Decl.Body) {
		return nil, nil, false // a goto may not jump over a new variable
	}
	scope := info.Scopes[b.file]
	if scope == nil {
		return nil, nil, false
	}
	scope = scope.Innermost(target.Pos())
	taken := map[string]bool{}
	for i, e := range es {
		name := names[i]
		for k := 2; b.fn.vars[name] || taken[name] || lookup(scope, name); k++ {
			name = names[i] + strconv.Itoa(k)
		}
		taken[name] = true
		hs = append(hs, hoisted{e: e, name: name})
	}
	return hs, target, true
}

// reserve records the names of hs, the variables of a fix that is
// offered, so that the fixes of the function's other calls, which may all
// be applied, declare others. A fix that gives up after threadOperands
// reserves none.
func (b *blockingWalker) reserve(hs []hoisted) {
	for _, h := range hs {
		b.fn.vars[h.name] = true
	}
}

// lookup reports whether name is declared in scope or around it, before or
// after any position: a new variable of that name would clash with it or
// hide it.
func lookup(scope *types.Scope, name string) bool {
	_, obj := scope.LookupParent(name, token.NoPos)
	return obj != nil
}

// hoistTarget returns the statement before which the operands of call,
// whose ancestors are up (outermost first), can be evaluated as they would
// be in it: the simple statement holding call, where nothing is evaluated
// before call's operands (call is the statement, its only right-hand side,
// result or value, or the only argument of calls of plain functions), or
// the if, switch or for statement whose init it is. The statement must be
// one of a list, where another can go before it. It returns nil otherwise.
func hoistTarget(info *types.Info, call *ast.CallExpr, up []ast.Node) ast.Stmt {
	i := len(up) - 1
	for i >= 0 {
		if _, ok := up[i].(ast.Stmt); ok {
			break
		}
		i--
	}
	if i < 1 {
		return nil
	}
	for _, n := range up[i+1:] {
		switch n := n.(type) {
		case *ast.ParenExpr, *ast.GenDecl, *ast.ValueSpec:
		case *ast.CallExpr:
			if !plain(info, n.Fun) || len(n.Args) != 1 {
				return nil
			}
		default:
			return nil
		}
	}
	stmt := up[i].(ast.Stmt)
	switch s := stmt.(type) {
	case *ast.ExprStmt, *ast.ReturnStmt, *ast.DeclStmt:
	case *ast.AssignStmt:
		if len(s.Rhs) != 1 {
			return nil
		}
		for _, l := range s.Lhs {
			if !plain(info, l) {
				return nil
			}
		}
	default:
		return nil
	}
	target, parent := stmt, up[i-1]
	var init ast.Stmt
	switch p := parent.(type) {
	case *ast.IfStmt:
		init = p.Init
	case *ast.SwitchStmt:
		init = p.Init
	case *ast.TypeSwitchStmt:
		init = p.Init
	case *ast.ForStmt:
		init = p.Init
	}
	if init == stmt {
		if i < 2 {
			return nil
		}
		target, parent = parent.(ast.Stmt), up[i-2]
	}
	switch p := parent.(type) {
	case *ast.BlockStmt, *ast.CaseClause:
	case *ast.CommClause:
		if p.Comm == target {
			return nil
		}
	default:
		return nil // an else if, a labeled statement, or a clause of another
	}
	return target
}

// plain reports whether evaluating e has no effect that moving it onto
// another goroutine, or later, would change but the values it reads: a
// name, a constant, a func literal, a type, or a selector, index (not of
// a map, which another task may write), slice, dereference, address,
// conversion or operation of plain operands. Calls and receives are not.
func plain(info *types.Info, e ast.Expr) bool {
	if e == nil {
		return true
	}
	if tv, ok := info.Types[e]; ok && (tv.Value != nil || tv.IsType()) {
		return true
	}
	switch e := e.(type) {
	case *ast.Ident, *ast.BasicLit, *ast.FuncLit:
		return true
	case *ast.ParenExpr:
		return plain(info, e.X)
	case *ast.SelectorExpr:
		return plain(info, e.X)
	case *ast.StarExpr:
		return plain(info, e.X)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && plain(info, e.X)
	case *ast.BinaryExpr:
		return plain(info, e.X) && plain(info, e.Y)
	case *ast.IndexExpr:
		if _, isMap := coreType(info.TypeOf(e.X)).(*types.Map); isMap {
			return false
		}
		return plain(info, e.X) && plain(info, e.Index)
	case *ast.IndexListExpr:
		return plain(info, e.X) // an instantiation
	case *ast.SliceExpr:
		return plain(info, e.X) && plain(info, e.Low) && plain(info, e.High) && plain(info, e.Max)
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return plain(info, e.Args[0])
		}
	}
	return false
}

// recvName names a variable that holds a receiver of type t after its
// type: cmd for an *exec.Cmd, or recv.
func recvName(t types.Type) string {
	if n := namedOf(t); n != nil && token.IsExported(n.Obj().Name()) {
		name := n.Obj().Name()
		name = strings.ToLower(name[:1]) + name[1:]
		if token.IsIdentifier(name) && !token.IsKeyword(name) {
			return name
		}
	}
	return "recv"
}

// paramName is the name of the parameter of sig that argument i goes to,
// or "arg" when it has none.
func paramName(sig *types.Signature, i int) string {
	params := sig.Params()
	if params.Len() == 0 {
		return "arg"
	}
	name := params.At(min(i, params.Len()-1)).Name()
	if name == "" || name == "_" {
		return "arg"
	}
	return name
}

// hasGoto reports whether body holds a goto statement.
func hasGoto(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if br, ok := n.(*ast.BranchStmt); ok && br.Tok == token.GOTO {
			found = true
		}
		return !found
	})
	return found
}

// hoist returns the source text of call with each hoisted operand replaced
// by its variable, and the declarations of the variables, each followed by
// a line break and the indentation of the statement at pos, which they go
// before; ok is false when the file cannot be read.
func hoist(pass *analysis.Pass, call *ast.CallExpr, hs []hoisted, pos token.Pos) (src, decls string, ok bool) {
	tf := pass.Fset.File(call.Pos())
	if tf == nil {
		return "", "", false
	}
	text, err := pass.ReadFile(tf.Name())
	if err != nil {
		return "", "", false
	}
	indent := indentAt(pass, pos)
	var s, d strings.Builder
	at := tf.Offset(call.Pos())
	for _, h := range hs {
		from, to := tf.Offset(h.e.Pos()), tf.Offset(h.e.End())
		if from < at || to > len(text) {
			return "", "", false
		}
		s.Write(text[at:from])
		s.WriteString(h.name)
		at = to
		d.WriteString(h.name + " := " + string(text[from:to]) + "\n" + indent)
	}
	end := tf.Offset(call.End())
	if end > len(text) {
		return "", "", false
	}
	s.Write(text[at:end])
	return s.String(), d.String(), true
}
