package rewrite

import "github.com/dave/jennifer/jen"

// rangeFunc is the frame's state for a lowered range-over-func loop.
type rangeFunc struct {
	next, stop *jen.Statement // from iter.Pull; nil while the loop is not running
	panicked   *jen.Statement // the body's panic, raised again inside the iterator
}

// emitUnwind returns the frame's Unwind method. In Go the body of a
// range-over-func loop runs inside the iterator's call of yield, so a panic
// in the body unwinds through the iterator (its deferred calls run, and may
// recover it) before the function's deferred calls run. Step defers Unwind
// after the frame's deferred calls, and again after every new one, so it
// runs first: it recovers the panic, stops each running iterator, innermost
// first, with the panic in its panicked field (the iterator's yield raises
// it again), and raises what came out of the iterators. Iterators stopped
// on a normal return are stopped again, which does nothing.
func (l *lowerer) emitUnwind(frameT *jen.Statement) jen.Code {
	doc := jen.Comment("Unwind sends a panic leaving the body of a range-over-func loop through").Line().
		Comment("the loop's iterator, before the deferred calls of the function.").Line()
	decl := doc.Func().Params(jen.Id(l.recv).Op("*").Add(frameT)).Id("Unwind").Params()
	if len(l.rangeFuncs) == 0 {
		return decl.Block() // no loop was lowered after all
	}
	r, p, s, stop := "r", "p", "s", "stop"
	var idle *jen.Statement // no iterator is running
	var body []jen.Code
	for i := len(l.rangeFuncs) - 1; i >= 0; i-- {
		rf := l.rangeFuncs[i]
		if i == len(l.rangeFuncs)-1 {
			idle = rf.stop.Clone().Op("==").Nil()
		} else {
			idle = idle.Op("&&").Add(rf.stop.Clone()).Op("==").Nil()
		}
		body = append(body, jen.If(rf.stop.Clone().Op("!=").Nil()).Block(
			jen.Id(s).Op(":=").Add(rf.stop.Clone()),
			jen.List(rf.next.Clone(), rf.stop.Clone(), rf.panicked.Clone()).Op("=").List(jen.Nil(), jen.Nil(), jen.Id(r)),
			jen.Id(stop).Call(jen.Id(s)),
		))
	}
	code := []jen.Code{
		jen.If(jen.Op("!").Add(l.f()).Dot("Defers").Dot("Finishing").Op("||").Add(idle)).Block(jen.Return()),
		jen.Id(r).Op(":=").Id("recover").Call(),
		// stop stops one iterator and keeps what panic came out of it.
		jen.Id(stop).Op(":=").Func().Params(jen.Id(s).Func().Params()).Block(
			jen.Defer().Func().Params().Block(
				jen.If(jen.Id(p).Op(":=").Id("recover").Call(), jen.Id(p).Op("!=").Nil()).Block(jen.Id(r).Op("=").Id(p)),
			).Call(),
			jen.Id(s).Call(),
		),
	}
	code = append(code, body...)
	code = append(code, jen.If(jen.Id(r).Op("!=").Nil()).Block(jen.Panic(jen.Id(r))))
	return decl.Block(code...)
}
