package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/asyncgen/asyncgen/runtime"
)

// This file: every statement and expression form without an await in it,
// written out as Go after an await and inside func literals, as verbatim
// code (see rewrite/stmt.go and rewrite/convert.go).

// --- loops
func vSeq3(yield func(int) bool) {
	for i := range 3 {
		if !yield(i * 10) {
			return
		}
	}
}

func vSeq2() iter.Seq2[string, int] {
	return func(yield func(string, int) bool) {
		_ = yield("a", 1) && yield("b", 2)
	}
}

// async
func verbatimRanges(tr *Trace) []string {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	for i := range n {
		add("int %d", i)
	}
	for range n {
		add("int-blank")
	}
	for i := range 2 {
		add("const %d", i)
	}
	for x := range vSeq3 {
		add("seq %d", x)
	}
	for k, v := range vSeq2() {
		add("seq2 %s %d", k, v)
	}
	for range vSeq3 {
		add("seq-none")
	}
	var i, x int
	for i, x = range []int{7, 8} {
		add("assign %d %d", i, x)
	}
	add("after %d %d", i, x)
	for i = range 2 {
	}
	add("i %d", i)
	var r rune
	for i, r = range "hé!" {
		add("str %d %c", i, r)
	}
	for _, r := range "xy" {
		add("str2 %c", r)
	}
	m := map[string]int{"a": 1, "b": 2}
	keys := []string{}
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	add("%v", keys)
	sum := 0
	for _, v := range m {
		sum += v
	}
	add("sum %d", sum)
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	close(ch)
	for v := range ch {
		add("chan %d", v)
	}
	arr := [3]int{4, 5, 6}
	for i, v := range &arr {
		arr[2] = 9
		add("arrp %d %d", i, v)
	}
	for i := range &arr {
		add("arrpi %d", i)
	}
	var np *[4]int
	for i := range np {
		add("nilp %d", i)
	}
	for i, v := range arr {
		add("arr %d %d", i, v)
	}
	var fs []func() int
	for i := range 3 {
		fs = append(fs, func() int { return i })
	}
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i * 100 })
	}
	for _, f := range fs {
		add("cap %d", f())
	}
	lit := func() {
		for i := range n {
			add("lit int %d", i)
		}
		for x := range vSeq3 {
			add("lit seq %d", x)
		}
		var j int
		for j = range 2 {
		}
		add("lit j %d", j)
		for i, r := range "ab" {
			add("lit str %d %c", i, r)
		}
		for i, v := range &arr {
			add("lit arrp %d %d", i, v)
		}
		for {
			break
		}
		for i := 0; i < 2; i++ {
			add("lit for %d", i)
		}
	}
	lit()
	return out
}

// async
func verbatimLabels(tr *Trace) []string {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
outer:
	for i := 0; i < n; i++ {
	inner:
		for j := range n {
			switch {
			case j == 1:
				continue inner
			case i == 2:
				break outer
			case j == 2:
				continue outer
			}
			add("ij %d %d", i, j)
		}
	}
	k := 0
loop:
	if k < 3 {
		k++
		goto loop
	}
	add("k %d", k)
	goto skip
skip:
	add("skipped")
state1:
	for {
		break state1
	}
f:
	for range 1 {
		continue f
	}
sel:
	select {
	default:
		break sel
	}
sw:
	switch {
	default:
		break sw
	}
	func() {
	o:
		for i := range 3 {
			for {
				if i == 1 {
					continue o
				}
				if i == 2 {
					break o
				}
				add("lit %d", i)
				break
			}
		}
		m := 0
	again:
		m++
		if m < 4 {
			goto again
		}
		add("m %d", m)
	}()
	return out
}

// --- stmts
type vShape interface{ Area() int }
type vSq struct{ s int }

func (q vSq) Area() int   { return q.s * q.s }
func (q *vSq) Grow(d int) { q.s += d }
func (q vSq) Add(xs ...int) int {
	for _, x := range xs {
		q.s += x
	}
	return q.s
}

func vGen[T any](xs ...T) int { return len(xs) }

// async
func verbatimSwitches(tr *Trace, a any) []string {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	switch n {
	case 1, 2:
		add("12")
	case 3:
		add("3")
		fallthrough
	case 4:
		add("4")
	default:
		add("d")
	}
	switch x := n + 1; x {
	case 4:
		add("x4")
	}
	switch y := n; {
	case y > 2:
		add("y>2")
	}
	switch {
	}
	switch n := 7; {
	default:
		add("shadow %d", n)
	}
	switch a.(type) {
	case nil:
		add("nil")
	case int, string:
		add("int|string")
	default:
		add("def")
	}
	switch z := 1; a.(type) {
	case error:
		add("err %d", z)
	}
	switch v := a.(type) {
	case fmt.Stringer, error:
		add("iface %v", v)
	case nil:
		add("nil %v", v)
	case int:
		v++
		add("int %d", v)
	default:
		add("def %v", v)
	}
	switch t := a.(type) {
	case int:
		add("t int %d", t)
	}
	func() {
		switch v := a.(type) {
		case int:
			add("lit %d", v)
		case nil:
		}
		switch n {
		case 3:
			fallthrough
		case 9:
			add("lit ft")
		}
	}()
	if x := n * 2; x > 10 {
		add("big")
	} else if y := x + 1; y == 7 {
		add("seven %d %d", x, y)
	} else if x == 0 {
		add("zero")
	} else {
		add("else %d %d", x, y)
	}
	var err error
	if _, err = io.ReadFull(strings.NewReader("a"), make([]byte, 2)); err != nil {
		add("err %v", err)
	}
	if err := errors.New("inner"); err != nil {
		add("shadow err %v", err)
	}
	add("outer err %v", err)
	return out
}

// async
func verbatimSelect(tr *Trace) []string {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	c := make(chan int, 5)
	var v int
	var ok bool
	select {
	case c <- n:
		add("sent")
	}
	select {
	case v = <-c:
		add("v= %d", v)
	}
	c <- 4
	select {
	case v, ok = <-c:
		add("v,ok= %d %v", v, ok)
	}
	c <- 5
	select {
	case w := <-c:
		add("w %d", w)
	}
	c <- 6
	select {
	case w, ok := <-c:
		add("w,ok %d %v", w, ok)
	}
	c <- 7
	select {
	case <-c:
		add("plain")
	}
	select {
	case <-c:
		add("no")
	default:
		add("default")
	}
	var nc chan int
	select {
	case nc <- 1:
	case x := <-nc:
		_ = x
	default:
		add("nil default")
	}
	close(c)
	select {
	case _, ok := <-c:
		add("closed %v", ok)
	}
	func() {
		d := make(chan int, 1)
		d <- 1
		select {
		case v, ok = <-d:
			add("lit %d %v", v, ok)
		}
		select {
		case d <- 2:
		default:
		}
		select {
		case x := <-d:
			add("lit x %d", x)
		default:
		}
	}()
	return out
}

// async
func verbatimDefers(tr *Trace) (out []string) {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	q := &vSq{2}
	defer add("direct %d", n)
	defer q.Grow(1)
	defer func() { add("q %d", q.s) }()
	g := q.Grow
	defer g(10)
	defer fmt.Fprint(io.Discard, "x")
	defer vGen[int](1, 2)
	defer vGen(1, 2, 3)
	xs := []int{1, 2}
	defer q.Add(xs...)
	defer add("%v", (*vSq).Add(q, xs...))
	defer vSq.Area(*q)
	defer func(m int) { add("arg %d", m) }(n)
	defer func() {
		if r := recover(); r != nil {
			add("recovered %v", r)
		}
	}()
	var wg sync.WaitGroup
	wg.Add(4)
	go wg.Done()
	go func() { wg.Done() }()
	go func(w *sync.WaitGroup) { w.Done() }(&wg)
	done := wg.Done
	go done()
	wg.Wait()
	var mu sync.Mutex
	func() {
		mu.Lock()
		defer mu.Unlock()
		defer add("in lit")
		defer func() { add("lit recover %v", recover()) }()
		go vGen(xs...)
		panic("lit")
	}()
	panic("boom")
}

// async
func verbatimAssign(tr *Trace) []string {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	a, b := 1, 2
	a, b = b, a
	add("%d %d", a, b)
	n++
	n--
	n += 2
	n -= 1
	n *= 3
	n /= 2
	n %= 5
	n <<= 3
	n >>= 1
	n |= 1
	n &= 7
	n ^= 2
	n &^= 1
	add("n %d", n)
	_ = n
	_, c := 5, 6
	var _ = c
	xs := []int{1, 2, 3}
	xs[0], xs[1] = xs[1], xs[0]
	i := 0
	i, xs[i] = 1, 9
	add("%v %d", xs, i)
	m := map[string]int{}
	m["a"]++
	m["b"] += 3
	add("%v", m)
	p := &a
	*p = 10
	*p++
	add("a %d", a)
	var s struct{ x, y int }
	s.x, s.y = 1, 2
	s.x++
	add("%v", s)
	v, ok := m["a"]
	_, ok2 := m["z"]
	add("%d %v %v", v, ok, ok2)
	var e any = 3
	k, isInt := e.(int)
	_, isStr := e.(string)
	add("%d %v %v", k, isInt, isStr)
	ch := make(chan int, 1)
	ch <- 4
	r, rok := <-ch
	add("%d %v", r, rok)
	func() {
		a, b = b, a
		n++
		n <<= 1
		m["c"]--
		x, y := 1, 2
		x, y = y, x
		add("lit %d %d %d %d %d", a, b, n, x, y)
	}()
	return out
}

// --- names
// async
func verbatimNames(tr *Trace, a any) []string {
	f, t, st, tv, State, aw, a1 := 1, 2, 3, 4, 5, 6, 7
	f_1, t_1, v_1, err_1, tv1, n_1 := 8, 9, 10, 11, 12, 13
	n := must(runtime.Await(valAsync(tr, "n", a1)))
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	add("%d %d %d %d %d %d %d", f, t, st, tv, State, aw, a1)
	switch v := a.(type) {
	case int:
		add("v %d tv %d tv1 %d", v, tv, tv1)
	case string:
		add("s %s %d", v, tv+tv1)
	}
	func() {
		switch v := a.(type) {
		case int:
			add("lit v %d tv %d tv1 %d", v, tv, tv1)
		}
	}()
	x := must(runtime.Await(valAsync(tr, "x", st+aw)))
	add("%d %d %d %d %d %d %d", f_1, t_1, v_1, err_1, tv1, n_1, x+n)
	a2 := must(runtime.Await(valAsync(tr, "x", a1)))
	st++
	a1++
	add("%d %d %d", a2, st, a1)
State:
	for i := range 2 {
		if i == 1 {
			break State
		}
	}
f:
	for range 1 {
		continue f
	}
	goto t
t:
	add("t")
	goto st
st:
	add("st")
	goto a1
a1:
	add("%d %d %d", f, t, State)
	return out
}

// async
func verbatimNamesLoop(tr *Trace) []string {
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	for i := 0; i < 2; i++ {
		st := must(runtime.Await(valAsync(tr, "st", i)))
		a1 := st + 1
		tv := a1 * 2
		aw := tv
		add("%d %d %d %d", st, a1, tv, aw)
	}
	return out
}

// --- exprs
type vPt struct{ X, Y int }

func (p vPt) Sum() int     { return p.X + p.Y }
func (p *vPt) Scale(k int) { p.X *= k; p.Y *= k }

type vNamed[T any] struct{ v T }

func (n vNamed[T]) Get() T { return n.v }

// async
func verbatimDecls(tr *Trace) []string {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	const (
		A = iota * 10
		B
		_
		D
	)
	const single = "s"
	const typed int64 = 1 << 40
	var (
		x, y int = 1, 2
		z        = "z"
		w    []string
	)
	var p, q = n, n * 2
	type local struct {
		A int `json:"a,omitempty"`
		b string
	}
	type alias = map[string]int
	type (
		pair  [2]int
		fn    func(int) (int, error)
		iface interface {
			fmt.Stringer
			M(int) string
		}
	)
	type box[T any] struct{ v T }
	type lst[T any] []T
	bx := box[int]{v: 4}
	bl := lst[string]{"a"}
	l := local{A: 1, b: "b"}
	al := alias{"k": 1}
	var pr pair
	pr[1] = 3
	var f fn = func(i int) (int, error) { return i, nil }
	var ii iface
	r, _ := f(5)
	add("%d %d %d %s %d %d %d %d %s %v %d %d %v %v %v %v %d %v %v %v", A, B, D, single, typed, x, y, p, z, w, q, r, l, al, pr, ii == nil, bx.v, bl, box[string]{"q"}, lst[int]{1})
	func() {
		const (
			E = iota + 1
			F
		)
		type inner struct{ k int }
		type gbox[T any] struct{ v T }
		var (
			a, b = E, F
			c    inner
		)
		add("lit %d %d %v %v %v", a, b, c, gbox[int]{2}, local{A: 9})
	}()
	must(runtime.Await(valAsync(tr, "after", 0)))
	add("%d %v", x, l)
	return out
}

// async
func verbatimLits(tr *Trace) []string {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	ps := []vPt{{1, 2}, {X: 3}, {}}
	pps := []*vPt{{4, 5}, &vPt{6, 7}, nil}
	mm := map[vPt][]vPt{{1, 1}: {{2, 2}}, {}: nil}
	arr := [...]int{2: 5, 7, 0: 1}
	nested := [][]map[string]int{{{"a": 1}}, {}}
	anon := struct {
		A int
		B []string `tag:"x"`
	}{1, []string{"b"}}
	anons := []struct{ K, V string }{{"k", "v"}, {K: "k2"}}
	ptr := &[]int{1, 2}
	add("%v %v %v %v %v %v %v %v %v", ps, *pps[0], *pps[1], pps[2], mm, arr, nested, anon, anons)
	add("%v %d", *ptr, len(arr))
	s := []int{0, 1, 2, 3, 4, 5}
	add("%v %v %v %v %v %d", s[1:3], s[:2], s[4:], s[:], s[1:3:4], cap(s[1:3:4]))
	add("%v %d", s[:n:n], cap(s[:n:n]))
	str := "hello"
	add("%s %s", str[1:3], str[n:])
	add("%v", arr[:2])
	var e any = vPt{1, 2}
	p, ok := e.(vPt)
	_, ok2 := e.(fmt.Stringer)
	add("%v %v %v %d", p, ok, ok2, e.(vPt).X)
	add("%v %v %v %v", float64(n)/2, int8(n), []byte("ab"), string(rune(65+n)))
	add("%v", []rune(str))
	sum := vPt.Sum
	scale := (*vPt).Scale
	get := vNamed[string].Get
	pp := &vPt{1, 1}
	scale(pp, 3)
	mv := pp.Sum
	add("%d %v %d %s", sum(vPt{2, 3}), *pp, mv(), get(vNamed[string]{"g"}))
	add("%s %s %s", `raw `+"`"+` back`, "//line foo.go:1", `
//line bar.go:10
/*line x:1*/`)
	add("%c %c %c %q %q", 'a', '\'', '\n', "\x00\u00e9", "tab\t")
	add("%v %v %v", 0x1F, 0o17, 1_000.5e1)
	add("%v %v", 1i*2, complex(1, 2))
	add("%s", strings.Repeat("/*", 2)+"*/")
	func() {
		ps := []vPt{{1, 2}, {X: 3}}
		m := map[string]vPt{"a": {1, 2}}
		q := &struct{ A int }{4}
		add("lit %v %v %v %v %v", ps, m, q.A, s[1:2:3], `raw
line`)
		v, ok := e.(vPt)
		add("lit %v %v %d", v, ok, vPt.Sum(v))
	}()
	return out
}

// async
func verbatimBuiltins(tr *Trace) []string {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	add("%d %d %v %s", min(n, 2), max(n, 9, 4), min(1.5, 2), max("a", "b"))
	m := map[int]int{1: 1, 2: 2}
	delete(m, 1)
	add("%v %d", m, len(m))
	clear(m)
	s := make([]int, 2, 10)
	s = append(s, 1, 2)
	s = append(s, s...)
	add("%v %d %d", s, len(s), cap(s))
	dst := make([]int, 3)
	k := copy(dst, s)
	bs := make([]byte, 2)
	k2 := copy(bs, "xyz")
	add("%v %d %v %d", dst, k, bs, k2)
	clear(s)
	add("%v %v", s, m)
	ip := new(int)
	*ip = 4
	c := complex(float64(n), 2)
	add("%d %v %v %v", *ip, c, real(c), imag(c))
	ch := make(chan string, 2)
	add("%d %d", len(ch), cap(ch))
	print("")
	if n < 0 {
		println("never")
	}
	func() {
		defer func() {
			r := recover()
			add("recovered %v", r)
		}()
		add("%d %d", min(n, 1), len(make([]int, n)))
		clear(s)
		panic(fmt.Sprint("p", n))
	}()
	return out
}

// --- frame
func vTwo() (int, error) { return 2, nil }

// async
func verbatimFrame(tr *Trace) []string {
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	var i, x int
	for i, x = range []int{7, 8} {
	}
	a, b := 1, 2
	a, b = b, a
	xs := []int{1, 2, 3}
	j := 0
	j, xs[j] = 1, 9
	m := map[string]int{"k": 5}
	v, ok := m["k"]
	w, ok2 := m["z"]
	c := make(chan int, 3)
	c <- 11
	var cv int
	var cok bool
	select {
	case cv, cok = <-c:
	}
	n++
	n *= 2
	var p, q int = 1, 2
	var r, s = q, p
	var e any = "str"
	sv, isS := e.(string)
	y, err := vTwo()
	z, err := vTwo()
	var k int
	if k = n + 1; k > 0 {
		k++
	}
	var h int
	for h = 0; h < 3; h++ {
	}
	var sw int
	switch sw = n; sw {
	case 8:
		sw = 80
	}
	fs := []func() int{}
	for ii := range 3 {
		fs = append(fs, func() int { return ii + a })
	}
	cnt := 0
	inc := func() { cnt++ }
	inc()
	{
		x := 100
		x++
		_ = x
	}
	must(runtime.Await(valAsync(tr, "mid", 0)))
	inc()
	add("%d %d %d %d %v %d %d %v %d %v %d %v %d %d %d %d %s %v %d %d %v", i, x, a, b, xs, j, v, ok, w, ok2, cv, cok, n, p, q, r+s, sv, isS, y, z, err)
	add("%d %d %d %d", k, h, sw, cnt)
	for _, f := range fs {
		add("f %d", f())
	}
	return out
}

// async
func verbatimFrameLoop(tr *Trace) []string {
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	var fs []func() string
	var last, acc int
	for i := 0; i < 3; i++ {
		v := i * 10
		fs = append(fs, func() string { return strconv.Itoa(v + i) })
		got := must(runtime.Await(valAsync(tr, "i", i)))
		v += got
		var k, idx int
		for k, idx = range []int{5, 6} {
			acc += idx
		}
		t, st := got, v
		t, st = st, t
		last = k + t + st
		select {
		case <-make(chan int):
		default:
			v++
		}
		func() { v++; acc += v }()
	}
	must(runtime.Await(valAsync(tr, "end", 0)))
	for _, f := range fs {
		add("%s", f())
	}
	add("%d %d", last, acc)
	return out
}

// async
func verbatimShadow(tr *Trace) []string {
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	x, err := 1, error(nil)
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	if x, err := strconv.Atoi("42"); err == nil {
		add("inner %d", x)
	}
	for x := range n {
		x := x * 2
		_ = x
	}
	{
		x := "str"
		add("%s", x)
		err := fmt.Errorf("e")
		_ = err
	}
	switch x := float64(x); {
	case x > 0:
		add("f %v", x)
	}
	func() {
		x := x + 10
		n := n
		add("lit %d %d", x, n)
		x, err = 5, nil
	}()
	x, y := x+1, x+2
	must(runtime.Await(valAsync(tr, "mid", 0)))
	add("%d %d %v %d", x, y, err, n)
	return out
}

// --- jumps
// async
func verbatimJumps(tr *Trace, a any) (out []string) {
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	defer func() { add("deferred %d", len(out)) }()
outer:
	for i := range 4 {
		must(runtime.Await(valAsync(tr, "i", i)))
		select {
		default:
			if i == 0 {
				break
			}
			add("sel %d", i)
		}
		switch {
		case i == 1:
			continue
		case i == 3:
			break outer
		}
		switch a.(type) {
		case int:
			if i == 2 {
				continue outer
			}
			break
		}
	inner:
		for j := range 3 {
			switch j {
			case 0:
				continue inner
			case 1:
				fallthrough
			case 2:
				add("ij %d %d", i, j)
				if j == 2 {
					continue outer
				}
			}
		}
		add("end %d", i)
	}
	k := 0
again:
	k++
	if k < 3 {
		must(runtime.Await(valAsync(tr, "k", k)))
		goto again
	}
	for {
		if k > 5 {
			goto done
		}
		k++
	}
done:
	add("k %d", k)
	must(runtime.Await(valAsync(tr, "x", 0)))
	for i := range 5 {
		if i == 2 {
			return append(out, "early")
		}
	}
	return nil
}

// async
func verbatimReturn(tr *Trace, n int) (res int, err error) {
	defer func() { res *= 10 }()
	must(runtime.Await(valAsync(tr, "n", n)))
	for i := range n {
		switch {
		case i == 2:
			return i, fmt.Errorf("at %d", i)
		}
	}
	if n == 1 {
		res = 7
		return
	}
	return -1, nil
}

// --- ops
// async
func verbatimOps(tr *Trace) []string {
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	y := 2
	ok := true
	p := &n
	cc := make(chan chan int, 1)
	c := make(chan int, 1)
	c <- 9
	cc <- c
	a := - -n
	b := n - -y
	d := n + +y
	e := ^-n
	f := !!ok
	g := *&n
	h := &*p
	i := n < -y
	j := n &^ y
	k := n & ^y
	l := <-<-cc
	m := -(-n)
	o := n<<1>>1 | y&1
	add("%d %d %d %d %v %d %v %v %d %d %d %d %d", a, b, d, e, f, g, h == p, i, j, k, l, m, o)
	var rc chan (<-chan int)
	var sc chan<- chan int
	var rr <-chan <-chan int
	add("%T %T %T", rc, sc, rr)
	func() {
		a := - -n
		i := n < -y
		b := n - -y
		add("lit %d %v %d", a, i, b)
	}()
	return out
}

// --- defers2
type vEmb struct{ *vSq }

func vMk(out *[]string, s string) func() {
	*out = append(*out, "mk "+s)
	return func() { *out = append(*out, "run "+s) }
}

func vGenAdd[T any](out *[]string, xs ...T) { *out = append(*out, fmt.Sprint("gen", xs)) }

// async
func verbatimDefers2(tr *Trace) (out []string) {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	m := map[string]int{"a": 1, "b": 2}
	c := make(chan int, 1)
	dst := make([]byte, 2)
	defer func() { out = append(out, fmt.Sprint(m, len(c), string(dst))) }()
	defer delete(m, "a")
	defer clear(m)
	defer close(c)
	defer copy(dst, "xy")
	defer print()
	defer vMk(&out, "a")()
	e := vEmb{&vSq{1}}
	defer e.Grow(n)
	defer func() { out = append(out, fmt.Sprint("e ", e.s)) }()
	var b strings.Builder
	defer b.WriteString("z")
	defer vGenAdd(&out, 1, 2)
	defer vGenAdd[string](&out)
	defer vGenAdd(&out, []float64{1.5}...)
	var nilf func()
	defer func() { out = append(out, fmt.Sprint("r ", recover() != nil)) }()
	defer nilf()
	x, y := 1, 2
	defer vGenAdd(&out, x < y)
	defer vGenAdd(&out, n<<1, 1<<n)
	defer fmt.Fprint(&b, x < y, 1<<n, nil)
	defer func(a, b int, s []string) { out = append(out, fmt.Sprint(a, b, s)) }(x, y, nil)
	must(runtime.Await(valAsync(tr, "mid", 0)))
	x, y = 10, 20
	func() {
		defer delete(m, "b")
		defer vGenAdd(&out, x)
	}()
	return append(out, fmt.Sprint(m))
}

// --- escape
type vBig struct{ name string }

// async
func verbatimEscape(tr *Trace) string {
	p := &vBig{"p"}
	s := []string{"s"}
	m := map[string]int{"m": 1}
	g := func() string { return fmt.Sprint(p.name, s, m) }
	must(runtime.Await(valAsync(tr, "a", 1)))
	out := g()
	q := &vBig{"q"}
	h := func() string { return q.name }
	must(runtime.Await(valAsync(tr, "b", 1)))
	defer func() { tr.Add("deferred %s", q.name) }()
	out += h()
	r := &vBig{"r"}
	defer fmt.Fprint(io.Discard, r)
	pr := &r
	must(runtime.Await(valAsync(tr, "c", 1)))
	return out + (*pr).name
}

// --- misc
func vSeq0(yield func() bool) { _ = yield() && yield() }

type vEmbedsPt struct {
	vPt
	name string
}

// async
func verbatimMisc(tr *Trace) []string {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	for i, j := 0, 10; i < j; i, j = i+3, j-1 {
		add("ij %d %d", i, j)
	}
	for i := 0; i < 6; i += 2 {
		add("i %d", i)
	}
	for n++; n < 6; {
		n++
	}
	for range vSeq0 {
		add("seq0")
	}
	for i := range int8(2) {
		add("%T %d", i, i)
	}
	var u uint
	for u = range 3 {
	}
	add("%T %d", u, u)
	xs := []int{5, 6}
	for i := range len(xs) {
		add("len %d", i)
	}
	arr := [3]int{1, 2, 3}
	for i, v := range arr {
		arr[2] = 9
		add("arr %d %d", i, v)
	}
	e := vEmbedsPt{vPt{1, 2}, "e"}
	area := e.Sum
	e.X = 10
	add("%d %d %v", area(), e.Sum(), struct{ vPt }{vPt{3, 4}})
	type tagged struct {
		X int `json:"x"`
		Y int `json:"y"`
	}
	tg := tagged(vPt{7, 8})
	add("%v", tg)
	sum := func(a, b int) (s int) {
		s = a + b
		return
	}
	add("%d", sum(1, 2))
	if c := make(chan int, 1); true {
		c <- 1
		add("c %d", <-c)
	}
	switch n++; {
	default:
		add("n %d", n)
	}
	var iface interface{ Sum() int } = e
	if s, ok := iface.(interface{ Sum() int }); ok {
		add("iface %d", s.Sum())
	}
	func() {
		for i, j := 0, 3; i < j; i, j = i+1, j-1 {
			add("lit ij %d %d", i, j)
		}
		for range vSeq0 {
			add("lit seq0")
		}
		for u = range 2 {
		}
		add("lit u %d", u)
	}()
	return out
}

// --- ptrvars
// async
func verbatimPtrVars(tr *Trace) []string {
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	var gs []func() string
	for it := 0; it < 2; it++ {
		x := it
		var ok bool
		m := map[int]bool{1: true}
		s := []int{0, 0}
		p := vPt{}
		gs = append(gs, func() string { return fmt.Sprint(x, ok, s, p) })
		must(runtime.Await(valAsync(tr, "it", it)))
		x++
		x += 10
		x, ok = x*2, !ok
		_, ok = m[x]
		for x = range 3 {
		}
		for s[0], s[1] = range []int{4, 5} {
		}
		for p.X, p.Y = range []int{8, 9} {
		}
		c := make(chan int, 1)
		c <- 7
		select {
		case x, ok = <-c:
		}
		px := &x
		*px++
		switch x = x + 100; x {
		case 108:
			ok = false
		}
		if x = x * 2; x > 0 {
		}
	}
	must(runtime.Await(valAsync(tr, "end", 0)))
	for _, g := range gs {
		add("%s", g())
	}
	return out
}

// --- deferloop
// async
func verbatimDeferLoop(tr *Trace) (out []string) {
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	defer func() {
		if r := recover(); r != nil {
			add("recovered %v", r)
		}
	}()
	for i := 0; i < 3; i++ {
		v := i * 10
		defer func() { add("v %d i %d", v, i) }()
		defer func(k int) { add("k %d v %d", k, v) }(v)
		must(runtime.Await(valAsync(tr, "i", i)))
		v++
	}
	for i := range 2 {
		w := i
		defer add("w %d", w)
		go func() { _ = w }()
		must(runtime.Await(valAsync(tr, "j", i)))
	}
resume:
	for range 1 {
		break resume
	}
	panic("end")
}

// --- pkgnames
// async
func verbatimPkgNames(tr *Trace, asyncimpl int) string {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	out := fmt.Sprint(n, asyncimpl)
	{
		strconv := "shadow"
		out += strconv
		fmt := fmt.Sprint("x")
		out += fmt
	}
	if true {
		runtime := n * 2
		out += strconv.Itoa(runtime)
	}
	m := must(runtime.Await(valAsync(tr, "m", 4)))
	return out + strconv.Itoa(m)
}

// async
func verbatimPkgNames2(tr *Trace) string {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	for i := 0; i < 2; i++ {
		asyncimpl := i
		n += asyncimpl
		must(runtime.Await(valAsync(tr, "i", i)))
		n += asyncimpl
	}
	return fmt.Sprint(n)
}

// --- types
// async
func verbatimTypes(tr *Trace) string {
	var (
		v1 func(...int) int
		v2 func(string, ...any) (n int, err error)
		v3 func() func() int
		v4 struct {
			A int `json:"a"`
			*vPt
			fmt.Stringer
			b, c []byte
		}
		v5 interface {
			fmt.Stringer
			N(int) (string, bool)
		}
		v6  [2][3]int
		v7  map[string]func(int) error
		v8  *[4]byte
		v9  vNamed[string]
		v10 iter.Seq[int]
		v11 *bytes.Buffer
		v12 strings.Builder
		v13 unsafe.Pointer
		v14 []interface{}
		v15 any
		v16 struct{}
		v17 func(a, b int, c ...string)
		v18 [0]func()
		v19 chan<- func() <-chan int
		v20 *struct{ x int }
		v21 map[[2]int]struct{ y, z string }
		v22 func(func(int) bool)
		v23 byte
		v24 rune
		v25 complex64
		v26 uintptr
		v27 error
		v28 [3]*vNamed[[]int]
	)
	v1 = func(xs ...int) int { return len(xs) }
	v4.A = 1
	v12.WriteString("b")
	runtime.Await(valAsync(tr, "n", 3))
	return fmt.Sprintf("%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%T|%d %d %s",
		v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, &v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22, v23, v24, v25, v26, v27, v28, v1(1, 2), v4.A, v12.String())
}

// async
func verbatimDeferNested(tr *Trace) (out []string) {
	add := func(s string) { out = append(out, s) }
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	for i := range n {
		defer add(fmt.Sprint("loop ", i))
		defer func() { add(fmt.Sprint("lit ", i)) }()
		if i == 1 {
			defer func(k int) { add(fmt.Sprint("if ", k)) }(i)
		}
	}
	switch {
	case n > 2:
		defer add("switch")
	}
	select {
	default:
		defer add("select")
	}
	{
		defer add("block")
	}
	must(runtime.Await(valAsync(tr, "mid", 0)))
	return nil
}

func vSeqN(n int, out *[]string) func(func(int) bool) {
	return func(yield func(int) bool) {
		defer func() { *out = append(*out, fmt.Sprint("seq done ", n)) }()
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// async
func verbatimRangeFuncJumps(tr *Trace, mode int) (out []string) {
	defer func() { out = append(out, "deferred") }()
outer:
	for k := range 3 {
		must(runtime.Await(valAsync(tr, "k", k)))
		for x := range vSeqN(4, &out) {
			switch {
			case mode == 0 && x == 1:
				continue outer
			case mode == 1 && x == 2:
				break outer
			case mode == 2 && x == 1 && k == 1:
				return append(out, "returned")
			case mode == 3 && x == 2:
				goto end
			}
			out = append(out, fmt.Sprint(k, x))
		}
	}
end:
	must(runtime.Await(valAsync(tr, "end", 0)))
	return append(out, "end")
}

// async
func verbatimFieldNames(tr *Trace, Step int) string {
	Unwind, Val, Err, Defers, Base, Result, Poll, Finishing := 1, 2, 3, 4, 5, 6, 7, 8
	for x := range vSeq3 {
		Unwind += x
	}
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	return fmt.Sprint(Step, Unwind, Val, Err, Defers, Base, Result, Poll, Finishing, n)
}

// async
func verbatimInLowered(tr *Trace, a any) (out []string) {
	add := func(f string, args ...any) { out = append(out, fmt.Sprintf(f, args...)) }
	x := 0
	var ok bool
	m := map[string]int{"a": 1}
	for i := range 3 {
		if x = i * 2; x > 2 {
			add("big %d", x)
		}
		switch y := x + 1; {
		case y > 3:
			x++
		}
		var v int
		v, ok = m["a"]
		switch t := a.(type) {
		case int:
			x += t
		}
		must(runtime.Await(valAsync(tr, "i", i)))
		for j := range 2 {
			x += j
		}
		add("x %d v %d ok %v", x, v, ok)
	}
	switch n := must(runtime.Await(valAsync(tr, "n", 2))); n {
	case 2:
		for k, v := range m {
			add("%s %d", k, v)
		}
		x, ok = m["zz"]
		fallthrough
	case 3:
		select {
		default:
			add("sel %d %v", x, ok)
		}
	}
	switch t := a.(type) {
	case int:
		must(runtime.Await(valAsync(tr, "t", t)))
		if u, isInt := a.(int); isInt {
			add("u %d", u+t)
		}
	case string:
		add("s %s", t)
	}
	c := make(chan int, 1)
	c <- 5
	select {
	case v, ok := <-c:
		must(runtime.Await(valAsync(tr, "v", v)))
		for range v {
			x--
		}
		add("x %d %v", x, ok)
	}
	for x := range vSeq3 {
		must(runtime.Await(valAsync(tr, "x", x)))
		switch {
		case x > 5:
			add("seq %d", x)
		}
	}
	return out
}

type vNumber interface{ ~int | ~int64 | ~float64 }

type vMyInt int

func (m vMyInt) String() string { return "my" + strconv.Itoa(int(m)) }

// async
func verbatimGenericVerbatim[K comparable, V vNumber, S ~[]V](tr *Trace, keys []K, vals S) []string {
	var out []string
	add := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	n := must(runtime.Await(valAsync(tr, "n", len(keys))))
	m := make(map[K]V, n)
	for i, k := range keys {
		m[k] = vals[i] * V(2)
	}
	var zero V
	var total V
	for _, v := range m {
		total += v
	}
	s := S{}
	s = append(s, zero, total)
	conv := func(x V) float64 { return float64(x) }
	switch any(total).(type) {
	case int:
		add("int")
	case vMyInt:
		add("myInt")
	default:
		add("other %T", total)
	}
	type pair struct {
		k K
		v V
	}
	ps := []pair{{keys[0], total}}
	if st, ok := any(total).(fmt.Stringer); ok {
		add("stringer %s", st)
	}
	func() {
		var z K
		add("lit %v %v", z == keys[0], len(S(nil)))
	}()
	add("%v %v %v %v", total, s, conv(total), ps[0].v)
	return out
}

// async
func verbatimLabelBoth(tr *Trace) (out []string) {
	again := true
	n := 0
L:
	for i := 0; i < 3; i++ {
		for j := range 3 {
			if j == 1 {
				continue L
			}
			if i == 2 {
				break L
			}
			out = append(out, fmt.Sprint(i, j))
		}
	}
	n++
	must(runtime.Await(valAsync(tr, "n", n)))
	if again {
		again = false
		goto L
	}
M:
	select {
	default:
		if n > 0 {
			break M
		}
		out = append(out, "unreached")
	}
	must(runtime.Await(valAsync(tr, "m", n)))
	if n < 3 {
		n++
		goto M
	}
	return out
}

// async
func verbatimLocks(tr *Trace) string {
	var mu sync.Mutex
	var cnt atomic.Int64
	var once sync.Once
	mu.Lock()
	cnt.Add(1)
	once.Do(func() { cnt.Add(10) })
	mu.Unlock()
	for i := range 2 {
		var inner sync.Mutex
		inner.Lock()
		must(runtime.Await(valAsync(tr, "i", i)))
		inner.Unlock()
		cnt.Add(int64(i))
	}
	type guarded struct {
		sync.Mutex
		n int
	}
	g := guarded{n: 1}
	g.Lock()
	defer g.Unlock()
	must(runtime.Await(valAsync(tr, "n", 1)))
	mu.Lock()
	defer mu.Unlock()
	return fmt.Sprint(cnt.Load(), g.n)
}

// async
func verbatimTypeSwitchShapes(tr *Trace, a any) (out []string) {
	add := func(f string, args ...any) { out = append(out, fmt.Sprintf(f, args...)) }
	must(runtime.Await(valAsync(tr, "n", 1)))
	switch x := a; v := (x).(type) {
	case func() int:
		add("func %d", v())
	case []vPt, map[string]int:
		add("slice or map %v", v)
	case chan<- int, <-chan int:
		add("chan %T", v)
	case *int:
		add("ptr %d", *v)
	case interface{ Sum() int }:
		add("summer %d", v.Sum())
	case struct{}:
		add("empty %v", v)
	case vNamed[int]:
		add("named %d", v.Get())
	case [2]int:
		add("arr %v", v[1])
	}
	func() {
		switch v := (a).(type) {
		case func() int, *int:
			add("lit %T", v)
		}
	}()
	return out
}

// async
func verbatimEscapeInLoop(tr *Trace, a any) (out []string) {
	var fs []func() string
	c := make(chan int, 10)
	for it := range 2 {
		c <- it * 100
		select {
		case v := <-c:
			fs = append(fs, func() string { return fmt.Sprint("sel ", v) })
		}
		c <- it*100 + 1
		select {
		case v, ok := <-c:
			fs = append(fs, func() string { return fmt.Sprint("sel2 ", v, ok) })
		}
		for i := range 2 {
			fs = append(fs, func() string { return fmt.Sprint("range ", it, i) })
		}
		for j := 0; j < 1; j++ {
			fs = append(fs, func() string { return fmt.Sprint("for ", j) })
		}
		if x := it * 3; x >= 0 {
			fs = append(fs, func() string { return fmt.Sprint("if ", x) })
		}
		switch y := it + 7; {
		default:
			fs = append(fs, func() string { return fmt.Sprint("switch ", y) })
		}
		switch t := a.(type) {
		case int:
			fs = append(fs, func() string { return fmt.Sprint("tsw ", t+it) })
		}
		for k, v := range map[string]int{"k": it} {
			fs = append(fs, func() string { return fmt.Sprint("map ", k, v) })
		}
		must(runtime.Await(valAsync(tr, "it", it)))
	}
	for _, f := range fs {
		out = append(out, f())
	}
	return out
}

// async
func verbatimLitSignatures(tr *Trace) string {
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	out := ""
	f1 := func(_ int, _ string) {}
	f2 := func() (int, error) { return n, nil }
	f3 := func() (n int) {
		n = 7
		return
	}
	f4 := func(out string, n ...int) (res string, err error) {
		res = fmt.Sprint(out, n)
		return
	}
	f5 := func(int, string) bool { return true }
	f6 := func(f func(int) int) int { return f(n) }
	f1(1, "")
	a, _ := f2()
	r, _ := f4("x", 1, 2)
	out = fmt.Sprint(a, f3(), r, f5(0, ""), f6(func(n int) int { return n * 2 }))
	must(runtime.Await(valAsync(tr, "m", n)))
	return out + fmt.Sprint(n)
}

// async
func verbatimRangeFuncDefer(tr *Trace) (out []string) {
	add := func(s string) { out = append(out, s) }
	n := must(runtime.Await(valAsync(tr, "n", 3)))
	for x := range vSeq3 {
		defer add(fmt.Sprint("seq ", x))
		if x > 0 {
			defer func() { add(fmt.Sprint("lit ", x, n)) }()
		}
	}
	must(runtime.Await(valAsync(tr, "m", n)))
	for x := range vSeq3 {
		must(runtime.Await(valAsync(tr, "x", x)))
		for y := range vSeq3 {
			defer add(fmt.Sprint("inner ", x, y))
			break
		}
	}
	return nil
}

// async
func verbatimBlockTypes(tr *Trace) (out []string) {
	n := must(runtime.Await(valAsync(tr, "n", 1)))
	{
		type t struct{ a int }
		const k = 1
		out = append(out, fmt.Sprint(t{n + k}))
	}
	{
		type t struct{ b string }
		const k = "two"
		v := t{k}
		must(runtime.Await(valAsync(tr, "m", 2)))
		out = append(out, fmt.Sprint(v))
	}
	for i := range 2 {
		type t [2]int
		const k = 3
		out = append(out, fmt.Sprint(t{i, k}))
	}
	func() {
		type t struct{ c bool }
		out = append(out, fmt.Sprint(t{true}))
	}()
	if n > 0 {
		type f int
		type State string
		out = append(out, fmt.Sprint(f(3), State("s")))
	}
	return out
}

// async
func verbatimEmptyLabels(tr *Trace) (n int) {
	must(runtime.Await(valAsync(tr, "n", 1)))
	for i := range 4 {
		if i%2 == 0 {
			goto end
		}
		n += i
	end:
	}
	func() {
		for i := range 3 {
			if i == 1 {
				goto skip
			}
			n += 100
		skip:
		}
	}()
	{
	A:
	B:
		for i := range 3 {
			if i == 0 {
				continue B
			}
			if i == 2 {
				break B
			}
			n += 1000
			goto A2
		A2:
		}
		goto A3
	A3:
		_ = 0
		if n < 0 {
			goto A
		}
	}
	return n
}

type vUnsafe struct {
	a byte
	b int64
	c [3]uint16
}

// unsafe's functions on variables held across an await, in constant and
// type positions too, and inside a func literal.
//
// async
func verbatimUnsafe(tr *Trace) (out []string) {
	s := vUnsafe{a: 1, b: 2, c: [3]uint16{7, 8, 9}}
	x := int32(5)
	buf := []byte("hello")
	str := "world"
	n := must(runtime.Await(valAsync(tr, "n", 2)))
	const size = unsafe.Sizeof(x)
	var arr [unsafe.Sizeof(s.b)]byte
	type sized [unsafe.Alignof(s.c)]int8
	p := unsafe.Pointer(&s)
	cp := (*uint16)(unsafe.Add(p, unsafe.Offsetof(s.c)+uintptr(n)*unsafe.Sizeof(s.c[0])))
	out = append(out, fmt.Sprintf("size %d arr %d sized %d align %d off %d c[n] %d",
		size, len(arr), len(sized{}), unsafe.Alignof(s.b), unsafe.Offsetof(s.b), *cp))
	bs := unsafe.Slice(unsafe.SliceData(buf), n+1)
	st := unsafe.String(unsafe.StringData(str), n+2)
	runtime.Await(valAsync(tr, "again", 0))
	f := func() string {
		return fmt.Sprintf("%s %s %d %d", bs, st, unsafe.Sizeof(arr), unsafe.Offsetof(s.c))
	}
	out = append(out, f(), fmt.Sprint(*(*int32)(unsafe.Pointer(&x)), len(unsafe.Slice(&arr[0], len(arr)))))
	return out
}

// A select with no cases after an await, on a branch not taken (it blocks
// forever), and in a func literal not called.
//
// async
func verbatimSelectEmpty(tr *Trace, block bool) string {
	n := must(runtime.Await(valAsync(tr, "n", 1)))
	if block {
		select {}
	}
	forever := func() { select {} }
	if n > 1 {
		forever()
	}
	return fmt.Sprint("not blocked ", n)
}
