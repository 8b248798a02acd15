package runtime

import (
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// These scenarios are asyncio programs written with hand-written frames. The
// same programs in Python are in testdata/asyncio_semantics.py; the wanted
// lines below are what CPython 3.11 prints for them, and the test checks them
// against python3 too when it is installed.

type logbook struct{ lines []string }

// p logs its operands joined by spaces, as Python's print.
func (b *logbook) p(a ...any) {
	for i, x := range a {
		if v, ok := x.(bool); ok { // Python spells booleans True and False
			a[i] = map[bool]string{true: "True", false: "False"}[v]
		}
	}
	b.lines = append(b.lines, strings.TrimSuffix(fmt.Sprintln(a...), "\n"))
}

func seconds(l *Loop) int { return int(l.Now().Round(time.Second) / time.Second) }

type scenario struct {
	name string
	main func(l *Loop, b *logbook) Coro[struct{}]
	want string
	// cpythonAnyOrder is where CPython's order stops being defined: asyncio.run
	// cancels the tasks left at exit in the order of a WeakSet (by address);
	// asyncgen cancels them in creation order.
	cpythonAnyOrder int
}

var scenarios = []scenario{{
	name: "wake_through_ready",
	want: "y | z1 | main yv | z2 | z3",
	main: func(l *Loop, b *logbook) Coro[struct{}] {
		var ty *Task[string]
		var tz *Task[struct{}]
		return script(
			do(func() {
				ty = SpawnOn(l, scriptValue(func() string { return "yv" }, do(func() { b.p("y") })))
				tz = SpawnOn(l, script(do(func() { b.p("z1") }), sleep(0), do(func() { b.p("z2") }), sleep(0), do(func() { b.p("z3") })))
			}),
			await(func() Awaitable[string] { return ty }, func(v string, err error) { b.p("main", v) }),
			await(func() Awaitable[struct{}] { return tz }, nil),
		)
	},
}, {
	name: "timers_order",
	want: "cb1 | cb2 | c | a | b",
	main: func(l *Loop, b *logbook) Coro[struct{}] {
		var ts []Awaitable[struct{}]
		return script(
			do(func() {
				l.CallLater(time.Second, func() { b.p("cb1") })
				for _, n := range []string{"c", "a", "b"} {
					ts = append(ts, SpawnOn(l, script(sleep(time.Second), do(func() { b.p(n) }))))
				}
				l.CallLater(time.Second, func() { b.p("cb2") })
			}),
			await(func() Awaitable[[]struct{}] { return Gather(ts...) }, nil),
		)
	},
}, {
	name: "gather_first_error",
	want: "ok 1 | bad | gather error boom | ok 3 | end",
	main: func(l *Loop, b *logbook) Coro[struct{}] {
		ok := func(n int) Coro[int] {
			return scriptValue(func() int { return n }, sleep(time.Duration(n)*time.Second), do(func() { b.p("ok", n) }))
		}
		bad := scriptValue(func() int { return 0 }, sleep(2*time.Second), do(func() { b.p("bad") }), ret(func() error { return errors.New("boom") }))
		return script(
			await(func() Awaitable[[]int] { return Gather[int](ok(1), bad, ok(3)) }, func(_ []int, err error) { b.p("gather error", err) }),
			sleep(5*time.Second),
			do(func() { b.p("end") }),
		)
	},
}, {
	name: "gather_all",
	want: "all ['2', 'boom', '1']",
	main: func(l *Loop, b *logbook) Coro[struct{}] {
		ok := func(n int) Coro[int] {
			return scriptValue(func() int { return n }, sleep(time.Duration(n)*time.Second))
		}
		bad := scriptValue(func() int { return 0 }, sleep(time.Second), ret(func() error { return errors.New("boom") }))
		return script(
			await(func() Awaitable[[]Result[int]] { return GatherAll[int](ok(2), bad, ok(1)) }, func(rs []Result[int], err error) {
				var items []string
				for _, r := range rs {
					if r.Err != nil {
						items = append(items, "'"+r.Err.Error()+"'")
					} else {
						items = append(items, fmt.Sprintf("'%d'", r.Val))
					}
				}
				b.p("all", "["+strings.Join(items, ", ")+"]")
			}),
		)
	},
}, {
	name: "wait_for",
	want: "slow cancelled at 2 | slow cleanup done at 3 | timeout at 3",
	main: func(l *Loop, b *logbook) Coro[struct{}] {
		var cancelled bool
		slow := script(
			await(func() Awaitable[struct{}] { return Sleep(10 * time.Second) }, func(_ struct{}, err error) {
				if cancelled = errors.Is(err, ErrCancelled); cancelled {
					b.p("slow cancelled at", seconds(l))
				}
			}),
			when(func() bool { return cancelled }, sleep(time.Second)),
			do(func() { b.p("slow cleanup done at", seconds(l)) }),
			ret(func() error { return ErrCancelled }),
		)
		return script(
			await(func() Awaitable[struct{}] { return WaitFor[struct{}](slow, 2*time.Second) }, func(_ struct{}, err error) {
				if errors.Is(err, ErrTimeout) {
					b.p("timeout at", seconds(l))
				}
			}),
		)
	},
}, {
	name: "shield",
	want: "outer cancelled | t cancelled True | inner done | end",
	main: func(l *Loop, b *logbook) Coro[struct{}] {
		inner := scriptValue(func() int { return 7 }, sleep(2*time.Second), do(func() { b.p("inner done") }))
		var t *Task[int]
		var outerErr error
		outer := scriptValue(func() int { return 7 },
			await(func() Awaitable[int] { return Shield[int](inner) }, func(_ int, err error) {
				if outerErr = err; errors.Is(err, ErrCancelled) {
					b.p("outer cancelled")
				}
			}),
			ret(func() error { return outerErr }),
		)
		return script(
			do(func() { t = SpawnOn(l, outer) }),
			sleep(time.Second),
			do(func() { t.Cancel() }),
			await(func() Awaitable[int] { return t }, func(_ int, err error) {
				if errors.Is(err, ErrCancelled) {
					b.p("t cancelled", t.Cancelled())
				}
			}),
			sleep(2*time.Second),
			do(func() { b.p("end") }),
		)
	},
}, {
	name: "cancel_chain",
	want: "leaf cancelled | after 1 yield True False | mid cancelled | after 2 yields True True | after 3 yields True True True",
	main: func(l *Loop, b *logbook) Coro[struct{}] {
		var lt, mt *Task[struct{}]
		var leafErr, midErr error
		leaf := script(
			await(func() Awaitable[struct{}] { return Sleep(10 * time.Second) }, func(_ struct{}, err error) {
				if leafErr = err; err != nil {
					b.p("leaf cancelled")
				}
			}),
			ret(func() error { return leafErr }),
		)
		mid := script(
			await(func() Awaitable[struct{}] { return lt }, func(_ struct{}, err error) {
				if midErr = err; err != nil {
					b.p("mid cancelled")
				}
			}),
			ret(func() error { return midErr }),
		)
		return script(
			do(func() { lt = SpawnOn(l, leaf); mt = SpawnOn(l, mid) }),
			sleep(time.Second),
			do(func() { mt.Cancel() }),
			sleep(0), do(func() { b.p("after 1 yield", lt.Cancelled(), mt.Done()) }),
			sleep(0), do(func() { b.p("after 2 yields", lt.Done(), mt.Done()) }),
			sleep(0), do(func() { b.p("after 3 yields", lt.Done(), mt.Done(), mt.Cancelled()) }),
		)
	},
}, {
	name:            "run_exit",
	want:            "bg 1 start | bg 2 start | main returns | bg 1 cleanup | bg 2 cleanup",
	cpythonAnyOrder: 3,
	main: func(l *Loop, b *logbook) Coro[struct{}] {
		bg := func(n int) Coro[struct{}] {
			return script(do(func() { b.p("bg", n, "start") }), sleep(100*time.Second), do(func() { b.p("bg", n, "cleanup") }))
		}
		return script(
			do(func() { SpawnOn(l, bg(1)); SpawnOn(l, bg(2)) }),
			sleep(0),
			do(func() { b.p("main returns") }),
		)
	},
}, {
	name: "taskgroup",
	want: "ok 1 | bad x | bad y | ok 3 cancelled | group errors ['x', 'y']",
	main: func(l *Loop, b *logbook) Coro[struct{}] {
		ok := func(n int) Coro[struct{}] {
			var err error
			return script(
				await(func() Awaitable[struct{}] { return Sleep(time.Duration(n) * time.Second) }, func(_ struct{}, e error) { err = e }),
				do(func() {
					if err != nil {
						b.p("ok", n, "cancelled")
					} else {
						b.p("ok", n)
					}
				}),
				ret(func() error { return err }),
			)
		}
		bad := func(n int, msg string) Coro[struct{}] {
			return script(sleep(time.Duration(n)*time.Second), do(func() { b.p("bad", msg) }), ret(func() error { return errors.New(msg) }))
		}
		var tg *TaskGroup
		return script(
			await(func() Awaitable[*TaskGroup] { return NewTaskGroup() }, func(g *TaskGroup, _ error) { tg = g }),
			do(func() {
				SpawnIn(tg, ok(1))
				SpawnIn(tg, bad(2, "x"))
				SpawnIn(tg, ok(3))
				SpawnIn(tg, bad(2, "y"))
			}),
			await(func() Awaitable[struct{}] { return tg.Wait() }, func(_ struct{}, err error) {
				var msgs []string
				if j, ok := err.(interface{ Unwrap() []error }); ok {
					for _, e := range j.Unwrap() {
						msgs = append(msgs, "'"+e.Error()+"'")
					}
				}
				slices.Sort(msgs)
				b.p("group errors", "["+strings.Join(msgs, ", ")+"]")
			}),
		)
	},
}, {
	name: "timeout",
	want: "first sleep done | timeout at 2",
	main: func(l *Loop, b *logbook) Coro[struct{}] {
		var err error
		body := script(
			sleep(time.Second),
			do(func() { b.p("first sleep done") }),
			await(func() Awaitable[struct{}] { return Sleep(5 * time.Second) }, func(_ struct{}, e error) { err = e }),
			when(func() bool { return err == nil }, do(func() { b.p("not reached") })),
			ret(func() error { return err }),
		)
		return script(
			await(func() Awaitable[struct{}] { return Timeout[struct{}](2*time.Second, body) }, func(_ struct{}, err error) {
				if errors.Is(err, ErrTimeout) {
					b.p("timeout at", seconds(l))
				}
			}),
		)
	},
}, {
	name: "wait",
	want: "first [1] 2 | timeout 1 2 | all 3 0",
	main: func(l *Loop, b *logbook) Coro[struct{}] {
		var ts []*Task[int]
		s := func(n int) Coro[int] {
			return scriptValue(func() int { return n }, sleep(time.Duration(n)*time.Second))
		}
		report := func(label string, first bool) func(Waited[int], error) {
			return func(w Waited[int], err error) {
				if first {
					var vals []string
					for _, t := range w.Done {
						v, _ := t.Result()
						vals = append(vals, fmt.Sprint(v))
					}
					b.p(label, "["+strings.Join(vals, ", ")+"]", len(w.Pending))
					return
				}
				b.p(label, len(w.Done), len(w.Pending))
			}
		}
		return script(
			do(func() { ts = []*Task[int]{SpawnOn(l, s(3)), SpawnOn(l, s(1)), SpawnOn(l, s(2))} }),
			await(func() Awaitable[Waited[int]] { return Wait(ts, FirstCompleted, Forever) }, report("first", true)),
			await(func() Awaitable[Waited[int]] { return Wait(ts, AllCompleted, 500*time.Millisecond) }, report("timeout", false)),
			await(func() Awaitable[Waited[int]] { return Wait(ts, AllCompleted, Forever) }, report("all", false)),
		)
	},
}, {
	name: "as_completed",
	want: "got 1 | got 2 | got 3",
	main: func(l *Loop, b *logbook) Coro[struct{}] {
		s := func(n int) Coro[int] {
			return scriptValue(func() int { return n }, sleep(time.Duration(n)*time.Second))
		}
		var next []Awaitable[int]
		got := func(v int, err error) { b.p("got", v) }
		return script(
			do(func() { next = AsCompleted[int](s(3), s(1), s(2)) }),
			await(func() Awaitable[int] { return next[0] }, got),
			await(func() Awaitable[int] { return next[1] }, got),
			await(func() Awaitable[int] { return next[2] }, got),
		)
	},
}}

func runScenario(t *testing.T, sc scenario) string {
	t.Helper()
	l := NewLoop(WithClock(NewVirtualClock()))
	b := &logbook{}
	if _, err := runOn(l, sc.main(l, b)); err != nil {
		t.Fatalf("%s: Run: %v", sc.name, err)
	}
	return strings.Join(b.lines, " | ")
}

func TestSemantics(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			if diff := cmp.Diff(sc.want, runScenario(t, sc)); diff != "" {
				t.Errorf("printed lines (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSemanticsMatchCPython checks the wanted lines against CPython itself.
func TestSemanticsMatchCPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	// The Python programs run on a virtual clock of their own (see the
	// script), so this takes no time and cannot flake.
	out, err := exec.Command(py, "testdata/asyncio_semantics.py").Output()
	if err != nil {
		t.Fatalf("python3 testdata/asyncio_semantics.py: %v", err)
	}
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, lines, _ := strings.Cut(line, ": ")
		got[name] = lines
	}
	for _, sc := range scenarios {
		want, cpython := sc.want, got[sc.name]
		if sc.cpythonAnyOrder > 0 {
			want, cpython = sortFrom(want, sc.cpythonAnyOrder), sortFrom(cpython, sc.cpythonAnyOrder)
		}
		if diff := cmp.Diff(want, cpython); diff != "" {
			t.Errorf("%s: CPython printed differently (-want +cpython):\n%s", sc.name, diff)
		}
	}
}

// sortFrom sorts the lines of a " | "-joined log from the i-th on.
func sortFrom(log string, i int) string {
	lines := strings.Split(log, " | ")
	if i < len(lines) {
		slices.Sort(lines[i:])
	}
	return strings.Join(lines, " | ")
}

func TestFirsts(t *testing.T) {
	a, b, c := new(int), new(int), new(int)
	key := func(p *int) any {
		if p == c {
			return nil // c is never the same as anything
		}
		return p
	}
	if got := firsts([]*int{a, b, c, c}, key); got != nil {
		t.Errorf("firsts of distinct elements = %v, want nil", got)
	}
	for _, n := range []int{16, 40} { // a linear scan up to 16, then a map
		xs := []*int{a, b, c, c}
		want := []int{0, 1, 2, 3}
		for len(xs) < n {
			xs = append(xs, b, a)
			want = append(want, 1, 0)
		}
		if got := firsts(xs, key); !slices.Equal(got, want) {
			t.Errorf("firsts of %d = %v, want %v", n, got, want)
		}
		if got := distinct(xs, key); !slices.Equal(got, []*int{a, b, c, c}) {
			t.Errorf("distinct of %d = %v, want [a b c c]", n, got)
		}
	}
}

// A group that has run many tasks keeps those still running, not every one
// it ran (asyncio's _on_task_done discards each): a server's group of
// connection handlers does not grow for ever.
func TestTaskGroupDropsFinishedTasks(t *testing.T) {
	var tg *TaskGroup
	var most int
	steps := []step{await(func() Awaitable[*TaskGroup] { return NewTaskGroup() }, func(g *TaskGroup, _ error) { tg = g })}
	for range 1000 {
		steps = append(steps,
			do(func() { SpawnIn(tg, script(sleep(time.Millisecond))) }),
			sleep(2*time.Millisecond),
			do(func() { most = max(most, len(tg.members)) }))
	}
	steps = append(steps, await(func() Awaitable[struct{}] { return tg.Wait() }, nil))
	if _, err := Run(script(steps...), WithClock(NewVirtualClock())); err != nil {
		t.Fatal(err)
	}
	if most > 40 {
		t.Errorf("the group held %d tasks at once, with one running at a time", most)
	}
}
