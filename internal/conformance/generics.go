package conformance

import (
	"cmp"
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// This file: generic functions and types, methods on value and pointer
// receivers, recursion.

// async
func genericMap[T, U any](tr *Trace, xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		y := must(runtime.Await(valAsync(tr, "x", x)))
		out = append(out, f(y))
	}
	return out
}

// async
func genericMax[T cmp.Ordered](tr *Trace, xs ...T) (T, error) {
	var zero T
	if len(xs) == 0 {
		return zero, fmt.Errorf("empty")
	}
	best := xs[0]
	for _, x := range xs[1:] {
		if must(runtime.Await(readyAsync(x))) > best {
			best = x
		}
	}
	runtime.Await(yieldAsync())
	return best, nil
}

type number interface {
	~int | ~int64 | ~float64
}

// async
func genericSum[N number](tr *Trace, xs []N) N {
	var sum N
	for _, x := range xs {
		sum += must(runtime.Await(valAsync(tr, "n", x)))
	}
	return sum
}

// async
func genericCallsGeneric[T cmp.Ordered](tr *Trace, a, b T) (T, error) {
	return runtime.Await(genericMaxAsync(tr, a, b))
}

// Stack is a generic type with //async methods.
type Stack[T any] struct {
	items []T
}

// async
func (s *Stack[T]) Push(tr *Trace, v T) {
	runtime.Await(yieldAsync())
	s.items = append(s.items, v)
}

// async
func (s *Stack[T]) Pop(tr *Trace) (T, error) {
	var zero T
	if len(s.items) == 0 {
		return zero, fmt.Errorf("empty stack")
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	runtime.Await(yieldAsync())
	return v, nil
}

// async
func (s *Stack[_]) Len(tr *Trace) int {
	// A blank type parameter, which the frame type names.
	runtime.Await(yieldAsync())
	tr.Add("len %d", len(s.items))
	return len(s.items)
}

// async
func blankTypeParams[_ any, T any, _ comparable](tr *Trace, v T) (T, error) {
	T_1 := fmt.Sprint(v) // a name the blank ones must not take
	runtime.Await(yieldAsync())
	tr.Add("%s", T_1)
	return v, nil
}

// async
func blankTypeParamsCaller(tr *Trace) (string, error) {
	s := &Stack[int]{items: []int{1, 2}}
	n := must(runtime.Await(s.LenAsync(tr)))
	v := must(runtime.Await(blankTypeParamsAsync[bool, string, int](tr, "x")))
	return fmt.Sprint(n, v), nil
}

// async
func genericStack(tr *Trace) ([]string, error) {
	s := &Stack[string]{}
	for _, v := range []string{"a", "b", "c"} {
		runtime.Await(s.PushAsync(tr, v))
	}
	var out []string
	for {
		v, err := runtime.Await(s.PopAsync(tr))
		if err != nil {
			tr.Add("%v", err)
			break
		}
		out = append(out, v)
	}
	return out, nil
}

// account has methods on value and pointer receivers.
type account struct {
	name    string
	balance int
}

// async
func (a account) describe(tr *Trace) string {
	runtime.Await(yieldAsync())
	a.balance = -1 // a copy: the caller's account is unchanged
	return a.name
}

// async
func (a *account) deposit(tr *Trace, n int) (int, error) {
	if n <= 0 {
		return a.balance, fmt.Errorf("deposit %d: not positive", n)
	}
	a.balance += must(runtime.Await(valAsync(tr, "deposit", n)))
	return a.balance, nil
}

// async
func methods(tr *Trace) (string, error) {
	acc := &account{name: "alice"}
	if _, err := runtime.Await(acc.depositAsync(tr, 5)); err != nil {
		return "", err
	}
	if _, err := runtime.Await(acc.depositAsync(tr, -1)); err != nil {
		tr.Add("%v", err)
	}
	name := must(runtime.Await(acc.describeAsync(tr)))
	return fmt.Sprintf("%s:%d", name, acc.balance), nil
}

// async
func methodValueReceiver(tr *Trace) int {
	acc := account{name: "bob", balance: 3}
	runtime.Await(acc.describeAsync(tr))
	runtime.Await(acc.depositAsync(tr, 4)) // addressable: &acc
	return acc.balance
}

// async
func fib(n int) int {
	if n < 2 {
		return n
	}
	a := must(runtime.Await(fibAsync(n - 1)))
	b := must(runtime.Await(fibAsync(n - 2)))
	return a + b
}

// async
func deepRecursion(n int) int {
	if n == 0 {
		return 0
	}
	return 1 + must(runtime.Await(deepRecursionAsync(n-1)))
}

// async
func mutualEven(n int) bool {
	if n == 0 {
		return true
	}
	runtime.Await(runtime.Sleep(0))
	return must(runtime.Await(mutualOddAsync(n - 1)))
}

// async
func mutualOdd(n int) bool {
	if n == 0 {
		return false
	}
	return must(runtime.Await(mutualEvenAsync(n - 1)))
}

// async
func errorOnly(tr *Trace, fail bool) error {
	runtime.Await(yieldAsync())
	if fail {
		return fmt.Errorf("failed")
	}
	return nil
}

// async
func noResults(tr *Trace, n int) {
	for i := range n {
		runtime.Await(valAsync(tr, "i", i))
	}
}

// async
func resultShapes(tr *Trace) []string {
	var out []string
	_, err := runtime.Await(errorOnlyAsync(tr, true))
	out = append(out, fmt.Sprint(err))
	_, err = runtime.Await(errorOnlyAsync(tr, false))
	out = append(out, fmt.Sprint(err))
	v, err := runtime.Await(noResultsAsync(tr, 2))
	out = append(out, fmt.Sprint(v, err))
	return out
}

// async
func variadic(tr *Trace, prefix string, xs ...int) string {
	s := prefix
	for _, x := range xs {
		s += fmt.Sprint(must(runtime.Await(readyAsync(x))))
	}
	return s
}

// async
func callsVariadic(tr *Trace) []string {
	xs := []int{4, 5}
	return []string{
		must(runtime.Await(variadicAsync(tr, "a"))),
		must(runtime.Await(variadicAsync(tr, "b", 1, 2))),
		must(runtime.Await(variadicAsync(tr, "c", xs...))),
	}
}

// async
func unnamedParams(int, string) int {
	runtime.Await(yieldAsync())
	return 1
}

// async
func derefGeneric[P *int](tr *Trace, p P) int {
	// One type parameter constrained by a pointer type: the frame's type
	// declaration must not read as an array type.
	v := must(runtime.Await(valAsync(tr, "v", 1)))
	return *p + v
}

// async
func localTypesPerInstance[T any](tr *Trace, v T) (any, error) {
	// A local type of a generic function is one type per instantiation,
	// whether it names T or not; held across an await, its package-level
	// copy takes the function's type parameters.
	type tag struct{}
	type cell struct {
		v T
		t *tag
	}
	type cells []cell // names another local type
	t := tag{}
	cs := cells{{v, &t}}
	runtime.Await(valAsync(tr, "held", len(cs)))
	tr.Add("%v %v", cs[0].v, *cs[0].t == t)
	return t, nil
}

// async
func localTypesPerInstanceCaller(tr *Trace) (string, error) {
	a := must(runtime.Await(localTypesPerInstanceAsync(tr, 1)))
	b := must(runtime.Await(localTypesPerInstanceAsync(tr, "s")))
	c := must(runtime.Await(localTypesPerInstanceAsync(tr, 2)))
	return fmt.Sprint(a == b, a == c, fmt.Sprintf("%T", a) == fmt.Sprintf("%T", b), fmt.Sprintf("%T", a) == fmt.Sprintf("%T", c)), nil
}
