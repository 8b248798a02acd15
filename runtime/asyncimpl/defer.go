package asyncimpl

// Defers holds the deferred calls of a frame. The generated code for
//
//	defer g(x)
//
// is
//
//	a := x
//	d := func() { if !f.Defers.Finishing { return }; g(a) }
//	f.Defers.Add(d)
//	defer d()
//
// and every Step begins with
//
//	f.Defers.Finishing = true
//	for _, d := range f.Defers.List { defer d() }
//	t.Rethrow()
//
// and sets Finishing to false just before returning Suspend or Call, so that
// the calls run, in LIFO order, only when the function returns or panics.
// A frame with a range-over-func loop across awaits also defers its Unwind
// method after the re-armed calls and after each defer statement, so that a
// panic leaving the loop's body passes through the iterator first, as in Go.
// A deferred function literal is stored as it is (with the guard added as its
// first statement), so recover called in it is called directly by the
// deferred function, as the language requires. Any other call that may call
// recover is wrapped as
//
//	d := func() {
//		if !f.Defers.Finishing { return }
//		if p := recover(); p != nil {
//			func() { defer g(a); t.Repanic(p) }()
//			t.Recovered()
//			return
//		}
//		g(a)
//	}
//
// so that g is the deferred function when the panic passes: its recover
// stops it, or it goes on with the same value and the stack of its site.
// Under GODEBUG=panicnil=1, where recover returns nil for panic(nil), such
// a panic is stopped by the wrapper.
type Defers struct {
	List      []func()
	Finishing bool
}

// Add records a deferred call.
func (d *Defers) Add(fn func()) { d.List = append(d.List, fn) }
