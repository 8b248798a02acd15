package conformance

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/internal/conformance/catch"
	"github.com/asyncgen/asyncgen/runtime"
)

// This file: defer (LIFO, arguments evaluated at the defer statement, run at
// return and on panic), recover in deferred literals, named results.

// async
func deferOrder(tr *Trace) {
	defer tr.Add("first deferred")
	runtime.Await(yieldAsync())
	defer tr.Add("second deferred")
	tr.Add("body %d", must(runtime.Await(valAsync(tr, "x", 1))))
}

// async
func deferArgs(tr *Trace) {
	x := 1
	defer tr.Add("deferred x=%d", x)
	x = must(runtime.Await(valAsync(tr, "x", 2)))
	defer func() { tr.Add("literal sees x=%d", x) }()
	x = 3
}

// setTo sets *p to v and returns v: a call that changes a variable
// another operand reads.
func setTo(p *int, v int) int { *p = v; return v }

// deferTally is a value whose method value's receiver is copied by defer.
type deferTally struct{ n int }

func (c deferTally) report(tr *Trace, _ int) { tr.Add("receiver n=%d", c.n) }

func (c *deferTally) bump() int { c.n++; return 0 }

// deferOperandOrder: as in any call, the calls among a deferred call's
// operands run first, and the variables, a method value's receiver and a
// func variable are read after them (gc's order, which the spec leaves
// open).
//
// async
func deferOperandOrder(tr *Trace) {
	x := 1
	defer tr.Add("args x=%d, set=%d", x, setTo(&x, 2))
	c := deferTally{n: 1}
	defer c.report(tr, c.bump())
	say := func(s string) { tr.Add("first func value, %s", s) }
	defer say(func() string {
		say = func(s string) { tr.Add("second func value, %s", s) }
		return "set"
	}())
	y := 1
	defer func(a, b int) { tr.Add("literal a=%d b=%d", a, b) }(y, setTo(&y, 5))
	runtime.Await(yieldAsync())
}

// async
func deferInLoop(tr *Trace) {
	for i := range 3 {
		defer tr.Add("deferred %d", i)
		runtime.Await(yieldAsync())
	}
	tr.Add("loop done")
}

// async
func deferNamedResult(tr *Trace) (n int, err error) {
	defer func() {
		n *= 2
		if err != nil {
			err = fmt.Errorf("deferred: %w", err)
		}
	}()
	n = must(runtime.Await(valAsync(tr, "n", 5)))
	return n + 1, errors.New("base")
}

// async
func deferRecover(tr *Trace) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("recovered: ", r)
		}
	}()
	runtime.Await(yieldAsync())
	panic("after await")
}

// async
func deferRecoverInner(tr *Trace) (msg string, err error) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("recovered from inner: ", r)
		}
	}()
	_, err = runtime.Await(panickerAsync(tr))
	return "not reached", err
}

// async
func panicker(tr *Trace) (int, error) {
	defer tr.Add("panicker deferred")
	runtime.Await(yieldAsync())
	panic("inner")
}

// async
func deferRecoverRepanic(tr *Trace) (out string) {
	defer func() {
		out = fmt.Sprint("outer: ", recover())
	}()
	defer func() {
		r := recover()
		tr.Add("first recover: %v", r)
		panic(fmt.Sprint("again ", r))
	}()
	runtime.Await(yieldAsync())
	panic("one")
}

// async
func deferModifiesAfterAwait(tr *Trace) (n int) {
	defer func() { n += 100 }()
	for i := range 3 {
		n += must(runtime.Await(valAsync(tr, "i", i)))
	}
	return n
}

// async
func deferWithErrorResult(tr *Trace) (err error) {
	defer func() {
		if err != nil {
			tr.Add("cleanup after %v", err)
		}
	}()
	_, err = runtime.Await(failAsync(tr, "oops"))
	return err
}

// async
func deferMethodValue(tr *Trace) {
	c := &counter{}
	defer c.report(tr)
	for range 3 {
		runtime.Await(yieldAsync())
		c.n++
	}
}

type counter struct{ n int }

func (c *counter) report(tr *Trace) { tr.Add("counter n=%d", c.n) }

// async
func deferNoAwait(tr *Trace) int {
	// Defers in a function whose only awaits come before them.
	v := must(runtime.Await(valAsync(tr, "v", 7)))
	defer tr.Add("deferred v=%d", v)
	return v
}

// async
func recoverNotDeferred(tr *Trace) bool {
	runtime.Await(yieldAsync())
	return recover() == nil
}

// async
func panicValueThroughFrames(tr *Trace) (got any) {
	defer func() { got = recover() }()
	runtime.Await(levelAsync(tr, 3))
	return nil
}

// async
func level(tr *Trace, n int) int {
	defer tr.Add("unwind %d", n)
	if n == 0 {
		runtime.Await(yieldAsync())
		panic(errors.New("bottom"))
	}
	return must(runtime.Await(levelAsync(tr, n-1)))
}

// async
func deferRecoverDirect(tr *Trace) (msg string) {
	defer func() { msg = fmt.Sprint("outer: ", recover()) }()
	// recover deferred directly is not called by a deferred function: it
	// recovers nothing.
	defer recover()
	runtime.Await(yieldAsync())
	panic("direct")
}

type toggle bool

func (f toggle) String() string { return fmt.Sprintf("toggle(%t)", bool(f)) }

func describeArgs(tr *Trace, p *int, v any, f toggle, w int64) {
	tr.Add("args %v %v %v %d", p == nil, v, f, w)
}

// async
func deferUntypedArgs(tr *Trace) {
	x, s := 1, 3
	// Untyped arguments (nil, a comparison, a shift of a constant) take
	// the parameter's type, as at the deferred call in plain Go.
	defer describeArgs(tr, nil, nil, x > 0, 1<<s)
	defer func(f toggle, w int64) { tr.Add("literal %v %T %d", f, f, w) }(x < 0, 1<<s)
	runtime.Await(yieldAsync())
}

// async
func deferLiteralWithResults(tr *Trace) (msg string) {
	defer func() { msg = fmt.Sprint("recovered: ", recover()) }()
	// A deferred literal with results, whose results are dropped.
	defer func(f toggle) (string, error) {
		tr.Add("results literal %v", f)
		return f.String(), nil
	}(len(msg) == 0)
	runtime.Await(yieldAsync())
	panic("with results")
}

// async
func deferVariadicLiteral(tr *Trace) (out []string) {
	// Deferred variadic func literals: with no argument for the variadic
	// parameter, with several (untyped ones too), and with a slice and
	// ..., whose elements the deferred call sees as they are then.
	add := func(s string) { out = append(out, s) }
	defer func(xs ...int) { add(fmt.Sprint("none", xs, xs == nil)) }()
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	defer func(xs ...int) { add(fmt.Sprint("none again", len(xs), xs == nil)) }()
	defer func(p string, xs ...float64) { add(fmt.Sprint(p, xs)) }("untyped", 1, 2.5, float64(n))
	ys := []float64{7, 8}
	defer func(p string, xs ...float64) { add(fmt.Sprint(p, xs)) }("spread", ys...)
	defer func(_ ...error) { add("blank") }(nil, nil)
	defer func(a, b int, s ...string) { add(fmt.Sprint(a, b, s)) }(n, 2)
	n = 100
	ys[0] = 70
	runtime.Await(valAsync(tr, "mid", 0))
	return []string{fmt.Sprint(n)}
}

// async
func deferSkippedByGoto(tr *Trace, skip bool) (out []string) {
	// In a loop without await, a goto jumps over defer statements: the
	// variables the lowered defer uses must not be in the goto's way.
	add := func(s string) { out = append(out, s) }
	runtime.Await(valAsync(tr, "n", 1))
	for i := range 2 {
		if skip && i == 0 {
			goto next
		}
		defer add(fmt.Sprint("deferred ", i))
		defer func() { add(fmt.Sprint("lit ", i)) }()
	next:
		add(fmt.Sprint("next ", i))
	}
	return out
}

// A recovering function of another package, and one held in a func value,
// deferred directly: their recover stops the panic.
//
// async
func deferRecoverElsewhere(tr *Trace) (msg string) {
	defer catch.Into(&msg)
	runtime.Await(yieldAsync())
	panic("elsewhere")
}

// async
func deferRecoverFuncValue(tr *Trace) (msg string) {
	stop := catch.Into
	defer stop(&msg)
	runtime.Await(yieldAsync())
	panic("through a func value")
}
