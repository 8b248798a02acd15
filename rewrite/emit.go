package rewrite

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/dave/jennifer/jen"
)

// number gives the blocks their state numbers, in layout order.
func (l *lowerer) number() {
	for i, b := range l.seq {
		b.num = i
		b.ref.Lit(i)
	}
}

// emit returns the declarations of the function: the Func descriptor, FAsync,
// the frame type and its Step method.
func (l *lowerer) emit() []jen.Code {
	fd := l.fd
	pos := fd.Pos()
	resT := jen.Struct()
	if l.valType != nil {
		resT = l.typeCode(l.valType, pos)
	}

	tpDecl, tpUse := l.typeParamDecls(), l.typeParamUses()
	frameT := func() *jen.Statement {
		c := jen.Id(l.frameName)
		if len(tpUse) > 0 {
			c = c.Types(tpUse...)
		}
		return c
	}

	// Func descriptor.
	p := l.r.fset.Position(pos)
	dict := jen.Dict{
		jen.Id("Name"): jen.Lit(l.r.funcDisplayName(fd)),
		jen.Id("File"): jen.Lit(l.r.fileBase(pos)),
		jen.Id("Line"): jen.Lit(p.Line),
	}
	maxAwait := -1
	for _, b := range l.seq {
		if b.await {
			maxAwait = b.num
		}
	}
	if maxAwait >= 0 {
		lines := make([]jen.Code, maxAwait+1)
		for i := range lines {
			lines[i] = jen.Lit(0)
		}
		for _, b := range l.seq {
			if b.await {
				lines[b.num] = jen.Lit(b.line)
			}
		}
		dict[jen.Id("Lines")] = jen.Index().Int32().Values(lines...)
	}
	funcVar := jen.Var().Id(l.funcVar).Op("=").Qual(implPath, "Func").Values(dict)

	// FAsync.
	async := jen.Func()
	if fd.Recv != nil {
		async = async.Params(l.fields(fd.Recv)...)
	}
	async = async.Id(fd.Name.Name + "Async")
	if fd.Type.TypeParams != nil && len(fd.Type.TypeParams.List) > 0 {
		async = async.Types(l.fields(fd.Type.TypeParams)...)
	}
	async = async.Params(l.fields(fd.Type.Params)...).Qual(runtimePath, "Coro").Types(resT)
	init := jen.Dict{}
	var params []*ast.Ident
	if fd.Recv != nil {
		for _, f := range fd.Recv.List {
			params = append(params, f.Names...)
		}
	}
	for _, f := range fd.Type.Params.List {
		params = append(params, f.Names...)
	}
	for _, n := range params {
		if lc := l.locals[l.r.info.Defs[n]]; lc != nil && lc.frame {
			init[jen.Id(lc.name)] = jen.Id(lc.name)
		}
	}
	async = async.Block(
		jen.Id(l.recv).Op(":=").Op("&").Add(frameT()).Values(init),
		jen.Return(jen.Qual(implPath, "NewCoro").Types(resT.Clone()).Call(jen.Id(l.recv), jen.Op("&").Id(l.recv).Dot("Base"), jen.Op("&").Id(l.funcVar))),
	)

	// spawn_f (see Package).
	var spawn *jen.Statement
	if l.r.pkgs.spawns[fd.Name.Name] && fd.Recv == nil {
		name := spawnHelper(fd.Name.Name)
		spawn = jen.Commentf("%s is runtime.Spawn(%sAsync(...)) from the task %s, with the task and the frame in one allocation.", name, fd.Name.Name, l.task).Line().Func().Id(name)
		if fd.Type.TypeParams != nil && len(fd.Type.TypeParams.List) > 0 {
			spawn = spawn.Types(l.fields(fd.Type.TypeParams)...)
		}
		taskT := jen.Qual(runtimePath, "Task").Types(resT.Clone())
		params := append([]jen.Code{jen.Id(l.task).Op("*").Qual(implPath, "Task")}, l.namedFields(fd.Type.Params)...)
		spawn = spawn.Params(params...).Op("*").Add(taskT).Block(
			jen.Return(jen.Qual(implPath, "Spawn").Types(taskT.Clone()).Call(jen.Id(l.task), jen.Op("&").Id(l.funcVar), frameT().Values(init))),
		)
	}

	// _ = f in Step: nothing calls the source function (its coroutine runs
	// the frame), and linters that find unused code (staticcheck's unused,
	// on by default in golangci-lint) would report it. In Step, a generic
	// one is named with the frame's type parameters.
	var keep *jen.Statement
	if name := fd.Name.Name; !ast.IsExported(name) {
		if recv := l.sig.Recv(); recv == nil {
			keep = jen.Id(name)
			if len(tpUse) > 0 {
				keep = keep.Types(tpUse...)
			}
		} else {
			t := recv.Type()
			_, ptr := t.(*types.Pointer)
			if ptr {
				t = t.(*types.Pointer).Elem()
			}
			l.inStep = true // the frame's type parameters
			expr := l.typeCode(t, pos)
			l.inStep = false
			if ptr {
				expr = jen.Parens(jen.Op("*").Add(expr))
			}
			keep = expr.Dot(name)
		}
		keep = jen.Id("_").Op("=").Add(keep)
	}

	// Frame type.
	fields := []jen.Code{jen.Qual(implPath, "Base").Types(resT.Clone())}
	if l.hasDefer {
		fields = append(fields, jen.Id("Defers").Qual(implPath, "Defers"))
	}
	for _, o := range l.sortedLocals() {
		lc := l.locals[o]
		if !lc.frame || lc.result != "" {
			continue
		}
		t := l.typeCode(o.Type(), o.Pos())
		if lc.ptr {
			t = jen.Op("*").Add(t)
		}
		fields = append(fields, jen.Id(lc.name).Add(t))
	}
	for _, h := range l.hidden {
		fields = append(fields, jen.Id(h.name).Add(h.typ))
	}
	typeDecl := jen.Type().Id(l.frameName)
	if len(tpDecl) > 0 {
		typeDecl = typeDecl.Types(typeDeclParams(tpDecl)...)
	}
	typeDecl = typeDecl.Struct(fields...)

	// Step.
	var body []jen.Code
	if l.hasDefer {
		d := "d"
		body = append(body,
			l.f().Dot("Defers").Dot("Finishing").Op("=").True(),
			jen.For(jen.List(jen.Id("_"), jen.Id(d)).Op(":=").Range().Add(l.f()).Dot("Defers").Dot("List")).Block(jen.Defer().Id(d).Call()),
		)
		if l.hasRangeFunc {
			body = append(body, jen.Defer().Add(l.f()).Dot("Unwind").Call())
		}
	}
	if keep != nil {
		// fd runs only as this frame: the use keeps linters from calling it unused.
		body = append(body, keep)
	}
	body = append(body, jen.Id(l.task).Dot("Rethrow").Call())
	body = append(body, l.hoists...)
	l.inStep = true // the hoisted local types are in scope
	for _, o := range l.sortedLocals() {
		if lc := l.locals[o]; lc.step {
			body = append(body, jen.Var().Id(lc.name).Add(l.typeCode(o.Type(), o.Pos())))
		}
	}
	l.inStep = false
	var cases []jen.Code
	for i, b := range l.seq {
		code := append([]jen.Code{}, b.code...)
		if b.next != nil {
			if i+1 < len(l.seq) && l.seq[i+1] == b.next {
				if b.next.await {
					code = append(code, l.f().Dot("State").Op("=").Lit(b.next.num))
				}
				code = append(code, jen.Fallthrough())
			} else {
				code = append(code, l.f().Dot("State").Op("=").Lit(b.next.num), jen.Continue())
			}
		}
		cases = append(cases, jen.Case(jen.Lit(b.num)).Block(code...))
	}
	if len(l.seq) == 1 && l.jumps == 0 && !l.dispatchUsed {
		// One block and no jumps: no dispatcher needed.
		body = append(body, l.seq[0].code...)
	} else {
		if l.dispatchUsed {
			body = append(body, jen.Id(l.dispatch).Op(":"))
		}
		body = append(body, jen.For().Block(jen.Switch(l.f().Dot("State")).Block(cases...)))
	}
	// Step's closing brace is the source function's: the code that runs
	// the deferred calls at exit is there (Step defers in a loop, so gc
	// never open-codes its defers), and without a directive of its own the
	// brace would take a line counted on from the last one, past the
	// function's end or in the next function.
	if n := l.lineOf(fd.Body.Rbrace); n > 0 {
		body = append(body, jen.Comment("//line "+l.r.base+":"+itoa(n)))
	}
	step := jen.Func().Params(jen.Id(l.recv).Op("*").Add(frameT())).Id("Step").
		Params(jen.Id(l.task).Op("*").Qual(implPath, "Task")).Qual(implPath, "Status").
		Block(body...)

	// The declarations outside Step belong to the source function's
	// declaration line (the //line directives of the previous function's
	// body would otherwise run on).
	at := jen.Comment(fmt.Sprintf("/*line %s:%d:1*/", l.r.fileBase(pos), p.Line))
	decls := []jen.Code{
		at.Add(funcVar),
		jen.Commentf("%sAsync returns a coroutine running %s.", fd.Name.Name, fd.Name.Name).Line().Add(async),
	}
	if spawn != nil {
		decls = append(decls, spawn)
	}
	decls = append(decls,
		jen.Commentf("%s is the frame of %s.", l.frameName, fd.Name.Name).Line().Add(typeDecl),
	)
	for _, d := range l.pkgDecls {
		decls = append(decls, jen.Commentf("Declared in %s, where its frame can hold it.", fd.Name.Name).Line().Add(d))
	}
	if l.hasRangeFunc {
		decls = append(decls, l.emitUnwind(frameT()))
	}
	return append(decls, step)
}

// constraint spells a type parameter's constraint.
func (l *lowerer) constraint(t types.Type) *jen.Statement {
	if a, ok := t.(*types.Alias); ok && a.Obj().Pkg() == nil && a.Obj().Name() == "any" {
		return jen.Any()
	}
	if n, ok := t.(*types.Named); ok {
		return l.typeCode(n, l.fd.Pos())
	}
	if iface, ok := t.(*types.Interface); ok && iface.IsImplicit() && iface.NumEmbeddeds() == 1 {
		return l.typeCode(iface.EmbeddedType(0), l.fd.Pos())
	}
	return l.typeCode(t, l.fd.Pos())
}

// typeDeclParams spells the type parameters of a type declaration: a
// single one gets a trailing comma, which gofmt drops where it is not
// needed, since type T[P *C] would read as an array type.
func typeDeclParams(ps []jen.Code) []jen.Code {
	if len(ps) == 1 {
		return []jen.Code{jen.Add(ps[0]).Op(",")}
	}
	return ps
}
