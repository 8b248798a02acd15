package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/asyncgen/asyncgen/rewrite"
)

// RuntimePath is the import path of the package whose Await and Spawn are
// intrinsics.
const RuntimePath = "github.com/asyncgen/asyncgen/runtime"

// Directive is the doc-comment line that marks a function //async.
const Directive = "//async"

// HasDirective reports whether doc holds a line that is //async, or
// "// async" as gofmt rewrites it (see isDirective). It is purely
// syntactic, so it works before type checking.
func HasDirective(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, c := range doc.List {
		if isDirective(c.Text) {
			return true
		}
	}
	return false
}

// isDirective reports whether the text of a comment is Directive: //async,
// "// async" or "//<tab>async", with white space after it or not (an editor
// may leave some). Since Go 1.19, gofmt reformats doc comments and only
// keeps lines of the form //name:arg (and //line, //export, //extern) as
// directives, so a doc comment line //async becomes "// async", as does
// "//<tab>async". More white space before async is not a directive.
func isDirective(text string) bool {
	rest, ok := strings.CutPrefix(text, "//")
	if !ok {
		return false
	}
	if rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
		rest = rest[1:]
	}
	return strings.TrimRight(rest, " \t") == strings.TrimPrefix(Directive, "//")
}

// AsyncName is the name of the coroutine constructor generated for the
// //async function named name: name + "Async".
func AsyncName(name string) string { return name + "Async" }

// Shape is the result list of an //async function, which decides T in the
// runtime.Coro[T] that its constructor returns.
type Shape int

const (
	ShapeInvalid    Shape = iota // unsupported: refused by Validate
	ShapeValueError              // (T, error) → Coro[T]
	ShapeValue                   // T → Coro[T]
	ShapeError                   // error → Coro[struct{}]
	ShapeNone                    // no results → Coro[struct{}]
)

func (s Shape) String() string {
	switch s {
	case ShapeValueError:
		return "(T, error)"
	case ShapeValue:
		return "T"
	case ShapeError:
		return "error"
	case ShapeNone:
		return "no results"
	}
	return "invalid"
}

// AsyncFunc is an //async function: a FuncDecl whose doc comment has a line
// "//async" (or "// async", its gofmt'd form; see HasDirective).
type AsyncFunc struct {
	Decl *ast.FuncDecl
	File *ast.File   // the file declaring it
	Obj  *types.Func // nil when the declaration did not type-check
	// Shape is the result list's shape; Result is T of the Coro[T] that
	// FAsync returns (struct{} for ShapeError and ShapeNone, nil for
	// ShapeInvalid).
	Shape  Shape
	Result types.Type
}

// Name is the source function's name, F.
func (fn *AsyncFunc) Name() string { return fn.Decl.Name.Name }

// AsyncName is the generated constructor's name, FAsync.
func (fn *AsyncFunc) AsyncName() string { return AsyncName(fn.Decl.Name.Name) }

// Sig is the function's signature, or nil when it did not type-check.
func (fn *AsyncFunc) Sig() *types.Signature {
	if fn.Obj == nil {
		return nil
	}
	sig, _ := fn.Obj.Type().(*types.Signature)
	return sig
}

// TypeParams returns the type parameters the function declares: its
// receiver's for a method. It needs Obj.
func (fn *AsyncFunc) TypeParams() *types.TypeParamList {
	if sig := fn.Sig(); sig.Recv() != nil {
		return sig.RecvTypeParams()
	}
	return fn.Sig().TypeParams()
}

// FindAsync returns the //async functions declared in files, in source order.
// info needs Defs; functions whose object is missing are still returned, with
// a nil Obj and ShapeInvalid.
func FindAsync(files []*ast.File, info *types.Info) []*AsyncFunc {
	var out []*AsyncFunc
	for _, f := range files {
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || !HasDirective(decl.Doc) {
				continue
			}
			fn := &AsyncFunc{Decl: decl, File: f}
			if info != nil {
				fn.Obj, _ = info.Defs[decl.Name].(*types.Func)
			}
			if sig := fn.Sig(); sig != nil {
				fn.Shape, fn.Result = ShapeOf(sig)
			}
			out = append(out, fn)
		}
	}
	return out
}

// ShapeOf classifies sig's results and returns T of the Coro[T] an //async
// function with that signature produces.
func ShapeOf(sig *types.Signature) (Shape, types.Type) {
	res := sig.Results()
	unit := types.NewStruct(nil, nil)
	switch res.Len() {
	case 0:
		return ShapeNone, unit
	case 1:
		if isError(res.At(0).Type()) {
			return ShapeError, unit
		}
		return ShapeValue, res.At(0).Type()
	case 2:
		if isError(res.At(1).Type()) {
			return ShapeValueError, res.At(0).Type()
		}
	}
	return ShapeInvalid, nil
}

// errorSpelling returns the error result of d when it is not spelled with
// the predeclared name error (an alias of error, say), nil otherwise. The
// stand-ins asyncgen type-checks a package with, before the generated
// files exist, know an error result by that name alone.
func errorSpelling(info *types.Info, d *ast.FuncDecl, shape Shape) ast.Expr {
	if shape != ShapeError && shape != ShapeValueError {
		return nil
	}
	list := d.Type.Results.List // the error is the last result
	e := list[len(list)-1].Type
	if id, ok := e.(*ast.Ident); ok && info.Uses[id] == types.Universe.Lookup("error") {
		return nil
	}
	return e
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// Intrinsic returns "Await" or "Spawn" when call calls runtime.Await or
// runtime.Spawn (however the package was imported, with or without explicit
// type arguments), and "" otherwise.
func Intrinsic(info *types.Info, call *ast.CallExpr) string {
	return intrinsicName(info, call.Fun)
}

// intrinsicName returns "Await" or "Spawn" when e names one of the
// intrinsics, possibly instantiated (runtime.Await[int]).
func intrinsicName(info *types.Info, e ast.Expr) string {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.IndexExpr:
		e = x.X
	case *ast.IndexListExpr:
		e = x.X
	}
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return ""
	}
	obj, ok := info.Uses[id].(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != RuntimePath {
		return ""
	}
	if name := obj.Name(); name == "Await" || name == "Spawn" {
		if sig, ok := obj.Type().(*types.Signature); ok && sig.Recv() == nil {
			return name
		}
	}
	return ""
}

// Problem is something asyncgen cannot compile in an //async function.
type Problem struct {
	Pos     token.Pos
	Message string
}

// Validate reports what asyncgen cannot compile in fn, in source order. The
// generator refuses a package with any problem and the linter reports each
// one, so both refuse exactly the same code. info needs every map the
// lowering reads: Types, Instances, Defs, Uses, Implicits, Selections and
// Scopes (as analysis passes and go/packages provide).
//
// Refused: result lists other than (T, error), T, error and none; //async on
// a function without a body, on init, or on main in package main; cgo's C
// names; runtime.Await or runtime.Spawn inside a func literal (literals are
// not async), in a defer or go statement, or used other than as a direct
// call; a type parameter that hides a package the generated code names,
// or the function itself. A function that passes these checks is then lowered by
// [rewrite.File], exactly as asyncgen does, and whatever the lowering refuses
// (a type it cannot spell in a frame, a construct it does not compile yet) is
// reported too: so the refusals are the generator's by construction. What
// the generator refuses of a package as a whole is [PackageProblems]'s.
func Validate(fset *token.FileSet, info *types.Info, fn *AsyncFunc) []Problem {
	ps := Precheck(fset, info, fn)
	if len(ps) == 0 {
		if p, ok := lower(fset, info, fn); !ok {
			ps = append(ps, p)
		}
	}
	return ps
}

// Precheck is Validate without the lowering: the checks that need only the
// syntax and types of fn. asyncgen runs it before lowering a whole file, whose
// refusals are then those Validate would report.
func Precheck(fset *token.FileSet, info *types.Info, fn *AsyncFunc) []Problem {
	var ps []Problem
	report := func(pos token.Pos, format string, args ...any) {
		ps = append(ps, Problem{Pos: pos, Message: fmt.Sprintf(format, args...)})
	}
	d := fn.Decl
	name := d.Name.Name
	if fn.Obj == nil {
		report(d.Name.Pos(), "//async function %s does not type-check: fix the errors above", name)
		return ps
	}
	if fn.Shape == ShapeInvalid {
		report(d.Type.Results.Pos(), "//async function %s has results %s: want (T, error), T, error or no results (return several values in a struct)",
			name, types.TypeString(fn.Sig().Results(), types.RelativeTo(fn.Obj.Pkg())))
	}
	if e := errorSpelling(info, d, fn.Shape); e != nil {
		report(e.Pos(), "//async function %s spells its error result %s, which is error but not its name: write error (%sAsync's signature is read from the spelling before the package type-checks)", name, types.ExprString(e), name)
	}
	if d.Body == nil {
		report(d.Name.Pos(), "//async function %s has no body: remove the //async line", name)
		return ps
	}
	if d.Recv == nil && (name == "init" || name == "main" && fn.Obj.Pkg() != nil && fn.Obj.Pkg().Name() == "main") {
		report(d.Name.Pos(), "%s cannot be //async: move its body into an //async function and call runtime.Run(fAsync()) from %s", name, name)
	}
	if name == "_" {
		report(d.Name.Pos(), "blank function cannot be //async: give it a name")
	}
	tps := fn.TypeParams()
	for i := range tps.Len() {
		if tp := tps.At(i).Obj(); rewrite.GeneratedImports[tp.Name()] {
			report(tp.Pos(), "type parameter %s of //async function %s hides package %s, which the generated code names: rename the type parameter", tp.Name(), name, tp.Name())
		} else if d.Recv == nil && tp.Name() == name {
			// The frame's Step, and the reference variant's, name the
			// function where its type parameters are in scope.
			report(tp.Pos(), "type parameter %s of //async function %s hides the function, which the generated code names: rename the type parameter", tp.Name(), name)
		}
	}
	if pos := cgoUse(info, d, cgoCopy(fset, fn.File)); pos.IsValid() {
		report(pos, "//async function %s uses cgo: the generated file cannot see this file's C preamble; move the C calls into a plain Go function and call that", name)
	}
	v := &validator{info: info, report: report}
	v.walk(d.Body, "")
	return ps
}

// cgoUse returns the position of the first C.name in d, NoPos if none. In
// cmd/cgo's copy of a file (copy), where C.name is spelled with cgo's own
// names, it is the first of those.
func cgoUse(info *types.Info, d *ast.FuncDecl, copy bool) token.Pos {
	pos := token.NoPos
	ast.Inspect(d, func(n ast.Node) bool {
		if pos.IsValid() {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok {
				if pn, ok := info.Uses[id].(*types.PkgName); ok && pn.Imported().Path() == "C" {
					pos = n.Pos()
				}
			}
		case *ast.Ident:
			if copy && cgoName(info, n) {
				pos = n.Pos()
			}
		}
		return true
	})
	return pos
}

// PackageProblems reports what asyncgen cannot compile in a package as a
// whole, whichever of its //async functions funcs are:
//
//   - a package-level declaration that hides one of Go's predeclared names
//     the generated code spells (rewrite.HiddenPredeclared), reported once,
//     at the declaration, unless funcs is empty;
//   - an //async line that marks nothing, since it is not in the doc comment
//     of a top-level function declaration (a blank line between them, above
//     a var, const or type declaration, inside a function), reported at the
//     line, in the files of funcs and in files, the package's other source
//     files (files asyncgen wrote are skipped). A line of prose that
//     mentions //async is not one.
//
// The generator refuses a package with any of these as it does one with a
// problem of [Validate], and the linter reports them with those.
func PackageProblems(fset *token.FileSet, pkg *types.Package, funcs []*AsyncFunc, files ...*ast.File) []Problem {
	var ps []Problem
	seen := map[*ast.File]bool{}
	for _, f := range append(filesOf(funcs), files...) {
		if f == nil || seen[f] || isOutput(f) {
			continue
		}
		seen[f] = true
		ps = append(ps, misplacedDirectives(fset, f)...)
	}
	if pkg == nil || len(funcs) == 0 {
		return ps
	}
	for _, p := range rewrite.HiddenPredeclared {
		o := pkg.Scope().Lookup(p)
		if o == nil {
			continue
		}
		pos := o.Pos()
		if !pos.IsValid() || fset.File(pos) == nil {
			pos = funcs[0].Decl.Name.Pos() // declared where it cannot be shown
		}
		ps = append(ps, Problem{Pos: pos, Message: fmt.Sprintf(
			"package-level %s hides Go's predeclared %s, which the code generated for %s uses: rename it",
			p, p, funcList(funcs))})
	}
	return ps
}

// filesOf returns the files that declare funcs, in order, each once.
func filesOf(funcs []*AsyncFunc) []*ast.File {
	var fs []*ast.File
	for _, fn := range funcs {
		if fn.File != nil && (len(fs) == 0 || fs[len(fs)-1] != fn.File) {
			fs = append(fs, fn.File)
		}
	}
	return fs
}

// funcList names funcs for a message: "//async function f", or
// "//async functions f, g and h" (the first three, then how many more).
func funcList(funcs []*AsyncFunc) string {
	if len(funcs) == 1 {
		return "//async function " + funcs[0].Name()
	}
	var names []string
	for i, fn := range funcs {
		if i == 3 {
			names = append(names, fmt.Sprintf("%d more", len(funcs)-3))
			break
		}
		names = append(names, fn.Name())
	}
	return "//async functions " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// lower runs the generator's lowering on fn alone and turns its refusal into
// a Problem.
func lower(fset *token.FileSet, info *types.Info, fn *AsyncFunc) (p Problem, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			p = Problem{Pos: fn.Decl.Name.Pos(), Message: fmt.Sprintf("asyncgen cannot compile %s (internal error in the lowering: %v): please report it", fn.Name(), r)}
			ok = false
		}
	}()
	_, err := rewrite.File(fset, fn.Obj.Pkg(), info, fn.File, []*ast.FuncDecl{fn.Decl}, nil)
	if err == nil {
		return Problem{}, true
	}
	return Problem{Pos: errorPos(fset, fn, err.Error()), Message: errorMessage(err.Error())}, false
}

// errorPos finds the position an error of the lowering starts with
// ("file:line:col: message") in fn's file, or returns fn's name. In
// cmd/cgo's copy of a file, the error names the position as the //line
// directives map it, in the file as written.
func errorPos(fset *token.FileSet, fn *AsyncFunc, msg string) token.Pos {
	tf := fset.File(fn.Decl.Pos())
	if tf == nil {
		return fn.Decl.Name.Pos()
	}
	rest, ok := strings.CutPrefix(msg, tf.Name()+":")
	if !ok {
		return mappedPos(fset, fn.Decl, msg)
	}
	var line, col int
	if n, _ := fmt.Sscanf(rest, "%d:%d:", &line, &col); n != 2 || line < 1 || line > tf.LineCount() {
		return fn.Decl.Name.Pos()
	}
	pos := tf.LineStart(line) + token.Pos(col-1)
	if int(pos) > tf.Base()+tf.Size() {
		return tf.LineStart(line)
	}
	return pos
}

// mappedPos finds the position in the file of d that an error
// ("file:line:col: message") names through the file's //line directives,
// or returns d's name.
func mappedPos(fset *token.FileSet, d *ast.FuncDecl, msg string) token.Pos {
	tf := fset.File(d.Pos())
	name := fset.Position(d.Pos()).Filename
	rest, ok := strings.CutPrefix(msg, name+":")
	if !ok || name == tf.Name() {
		return d.Name.Pos()
	}
	var line, col int
	if n, _ := fmt.Sscanf(rest, "%d:%d:", &line, &col); n != 2 {
		return d.Name.Pos()
	}
	for off := range tf.Size() {
		pos := tf.Pos(off)
		if p := fset.Position(pos); p.Filename == name && p.Line == line && p.Column >= col {
			return pos
		}
	}
	return d.Name.Pos()
}

// errorMessage strips the position from an error of the lowering.
func errorMessage(msg string) string {
	// file.go:line:col: message
	if i := strings.Index(msg, ".go:"); i >= 0 {
		rest := msg[i+len(".go:"):]
		parts := strings.SplitN(rest, ": ", 2)
		if len(parts) == 2 {
			return parts[1]
		}
	}
	return msg
}

// validator walks a body, tracking the innermost context in which an await
// cannot be compiled.
type validator struct {
	info   *types.Info
	report func(pos token.Pos, format string, args ...any)
}

// where names the enclosing construct that forbids intrinsics ("" at the top
// level of the //async function).
func (v *validator) walk(n ast.Node, where string) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			v.walk(n.Body, "func literal")
			return false
		case *ast.DeferStmt:
			if where == "func literal" || where == "go statement" {
				// Deferred by a function that is not the //async one.
				v.walk(n.Call, where)
			} else {
				v.walk(n.Call, "defer statement")
			}
			return false
		case *ast.GoStmt:
			v.walk(n.Call, "go statement")
			return false
		case *ast.CallExpr:
			if where != "go statement" && where != "func literal" && isFunc(calleeFunc(v.info, n), "runtime", "Goexit") {
				// A literal may run on another goroutine (runtime.ToThread,
				// a go statement); the body and its defers run on the loop's.
				v.report(n.Pos(), "runtime.Goexit in an //async function would end the event loop's goroutine, not this task: return from the function instead")
			}
			if name := intrinsicName(v.info, n.Fun); name != "" {
				if where != "" {
					v.report(n.Pos(), "runtime.%s in a %s: %s", name, where, fixFor(name, where))
				}
				// Visit the arguments, not n.Fun, which is a legal use.
				for _, a := range n.Args {
					v.walk(a, where)
				}
				return false
			}
		case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr:
			if e := n.(ast.Expr); intrinsicName(v.info, e) != "" {
				v.report(e.Pos(), "runtime.%s used as a value: call it directly, as runtime.%s(x)",
					intrinsicName(v.info, e), intrinsicName(v.info, e))
				return false
			}
		}
		return true
	})
}

func fixFor(name, where string) string {
	switch where {
	case "func literal":
		if name == "Await" {
			return "func literals cannot be //async; make the literal a named //async function and await its coroutine"
		}
		return "func literals cannot be //async; spawn in the enclosing //async function or use runtime.SpawnOn"
	case "defer statement", "go statement":
		return "call it in a statement of its own before the " + strings.TrimSuffix(where, " statement") + " and pass the result"
	}
	return "move it out"
}
