package runtime

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// pyGetter is
//
//	async def getter(q, name):
//	    L(f"{name} waits")
//	    try:
//	        v = await q.get()
//	        L(f"{name} got {v}")
//	    except BaseException as e:
//	        L(out(name, e))
func pyGetter(tr *pyTrace, q *Queue[int], name string) Coro[struct{}] {
	return script(
		do(func() { tr.add("%s waits", name) }),
		await(func() Awaitable[int] { return q.Get() }, func(v int, err error) {
			if err != nil {
				tr.add("%s %s", name, pyErr(err))
				return
			}
			tr.add("%s got %d", name, v)
		}),
	)
}

// pyPutter is
//
//	async def putter(q, name, v):
//	    L(f"{name} puts {v}")
//	    try:
//	        await q.put(v)
//	        L(f"{name} put {v}")
//	    except BaseException as e:
//	        L(out(name, e))
func pyPutter(tr *pyTrace, q *Queue[int], name string, v int) Coro[struct{}] {
	return script(
		do(func() { tr.add("%s puts %d", name, v) }),
		await(func() Awaitable[struct{}] { return q.Put(v) }, func(_ struct{}, err error) {
			if err != nil {
				tr.add("%s %s", name, pyErr(err))
				return
			}
			tr.add("%s put %d", name, v)
		}),
	)
}

type prioTestItem struct {
	prio int
	name string
}

func TestQueueOrder(t *testing.T) {
	tests := []struct {
		name string
		q    *Queue[prioTestItem]
		want []string
	}{
		{"fifo", NewQueue[prioTestItem](0), []string{"c", "a", "d", "b", "e"}},
		{"lifo", NewLifoQueue[prioTestItem](0), []string{"e", "b", "d", "a", "c"}},
		{"priority, equal items in insertion order", NewPriorityQueueFunc(0, func(a, b prioTestItem) bool { return a.prio < b.prio }),
			[]string{"a", "c", "d", "e", "b"}},
	}
	in := []prioTestItem{{2, "c"}, {1, "a"}, {3, "d"}, {5, "b"}, {3, "e"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, it := range in {
				if err := tt.q.PutNowait(it); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for !tt.q.Empty() {
				it, err := tt.q.GetNowait()
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, it.name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("order mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPriorityQueueOrdered(t *testing.T) {
	q := NewPriorityQueue[string](0)
	for _, s := range []string{"pear", "apple", "fig", "kiwi", "apple"} {
		q.PutNowait(s)
	}
	var got []string
	for q.Len() > 0 {
		s, _ := q.GetNowait()
		got = append(got, s)
	}
	if diff := cmp.Diff([]string{"apple", "apple", "fig", "kiwi", "pear"}, got); diff != "" {
		t.Errorf("order mismatch (-want +got):\n%s", diff)
	}
}

// TestZeroQueuePutReady polls Put on the zero Queue, which is unbounded:
// it must be ready at once, never wait.
func TestZeroQueuePutReady(t *testing.T) {
	var q Queue[int]
	var tk task
	for i := range 3 {
		put := q.Put(i)
		if st := put.Poll(&tk.core); st != Ready {
			t.Fatalf("Put %d: Poll = %v, want Ready", i, st)
		}
		put.Result()
	}
	if q.Len() != 3 {
		t.Errorf("Len = %d, want 3", q.Len())
	}
}

// TestQueueFIFORingGrows puts and gets across the ring's wrap-around and
// growth.
func TestQueueFIFORingGrows(t *testing.T) {
	var q Queue[int] // the zero Queue is unbounded FIFO
	next, want := 0, 0
	for round := 0; round < 50; round++ {
		for i := 0; i < round%7+3; i++ {
			q.PutNowait(next)
			next++
		}
		for i := 0; i < round%5+1 && !q.Empty(); i++ {
			v, _ := q.GetNowait()
			if v != want {
				t.Fatalf("GetNowait = %d, want %d", v, want)
			}
			want++
		}
	}
	if q.Len() != next-want {
		t.Errorf("Len = %d, want %d", q.Len(), next-want)
	}
}

// A bounded queue whose ring is larger than its maxsize (3 in a ring of 4)
// refuses the put past maxsize, on the fast path and after a hand-off to
// the last waiting getter, which sets the room for the puts after it.
func TestQueueBoundNotPowerOfTwo(t *testing.T) {
	q := NewQueue[int](3)
	for i := range 3 {
		if err := q.PutNowait(i); err != nil {
			t.Fatalf("put %d: %v", i, err)
		}
	}
	if err := q.PutNowait(3); !errors.Is(err, ErrQueueFull) {
		t.Fatalf("4th put into maxsize 3: %v, want ErrQueueFull (Len %d)", err, q.Len())
	}

	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	q = NewQueue[int](3)
	q.PutNowait(0)
	q.GetNowait() // the ring exists: PutNowait hands off itself
	var errs []error
	_, err := runOn(l, script(
		do(func() { SpawnOn(l, script(await(func() Awaitable[int] { return q.Get() }, nil))) }),
		sleep(0), // the getter waits
		do(func() {
			for i := range 4 { // the first is the hand-off
				errs = append(errs, q.PutNowait(i))
			}
		}),
	))
	if err != nil {
		t.Fatal(err)
	}
	if errs[0] != nil || errs[1] != nil || errs[2] != nil || !errors.Is(errs[3], ErrQueueFull) {
		t.Fatalf("four puts after a getter waited, into maxsize 3: %v, want the 4th ErrQueueFull (Len %d)", errs, q.Len())
	}
}

// The hand-off to a waiting getter wakes it the slow way when the ready
// queue has no room for the inline push, as in debug mode.
func TestQueueHandOffInDebugMode(t *testing.T) {
	l := NewLoop(WithDebug(), WithClock(NewVirtualClock()))
	defer l.Close()
	q := NewQueue[int](0)
	q.PutNowait(0)
	q.GetNowait() // the ring exists: PutNowait hands off itself
	got := -1
	var g *Task[struct{}]
	_, err := runOn(l, script(
		do(func() {
			g = SpawnOn(l, script(await(func() Awaitable[int] { return q.Get() }, func(v int, _ error) { got = v })))
		}),
		sleep(0), // the getter waits
		do(func() { q.PutNowait(5) }),
		sleep(time.Second),
	))
	if err != nil {
		t.Fatal(err)
	}
	if got != 5 || !g.Done() {
		t.Fatalf("getter got %d, done %v; want 5, done", got, g.Done())
	}
}

func TestQueueNowait(t *testing.T) {
	q := NewQueue[int](2)
	type state struct {
		Len          int
		Empty, Full  bool
		Err          error
		Maxsize, Val int
	}
	snap := func(v int, err error) state {
		return state{q.Len(), q.Empty(), q.Full(), err, q.Maxsize(), v}
	}
	var got []state
	got = append(got, snap(q.GetNowait()))
	got = append(got, snap(0, q.PutNowait(1)))
	got = append(got, snap(0, q.PutNowait(2)))
	got = append(got, snap(0, q.PutNowait(3)))
	got = append(got, snap(q.GetNowait()))
	got = append(got, snap(0, q.TaskDone()))
	got = append(got, snap(0, q.TaskDone()))
	q.Shutdown(false)
	got = append(got, snap(0, q.PutNowait(4)))
	got = append(got, snap(q.GetNowait()))
	got = append(got, snap(q.GetNowait()))
	want := []state{
		{0, true, false, ErrQueueEmpty, 2, 0},
		{1, false, false, nil, 2, 0},
		{2, false, true, nil, 2, 0},
		{2, false, true, ErrQueueFull, 2, 0},
		{1, false, false, nil, 2, 1},
		{1, false, false, nil, 2, 0},
		{1, false, false, nil, 2, 0},
		{1, false, false, ErrQueueShutDown, 2, 0},
		{0, true, false, nil, 2, 2},
		{0, true, false, ErrQueueShutDown, 2, 0},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if err := q.TaskDone(); err == nil {
		t.Errorf("third TaskDone after two puts: got nil error")
	}
}

// TestQueueGettersFIFO: getters are served in the order they began to wait.
//
//	q = asyncio.Queue()
//	ts = [asyncio.create_task(getter(q, n)) for n in "abc"]
//	await asyncio.sleep(0)
//	for i in range(3):
//	    q.put_nowait(i); L(f"put {i}")
//	await settle()
func TestQueueGettersFIFO(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		q := NewQueue[int](0)
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, pyGetter(tr, q, "a")), spawnInto(l, &ts, pyGetter(tr, q, "b")), spawnInto(l, &ts, pyGetter(tr, q, "c")),
			yields(1),
			do(func() {
				for i := range 3 {
					q.PutNowait(i)
					tr.add("put %d", i)
				}
			}),
			settle5(),
		}
	})
	checkPy(t, "getters_fifo", got)
}

// TestQueuePuttersFIFO: putters of a full queue are served in the order they
// began to wait.
//
//	q = asyncio.Queue(1); q.put_nowait(0)
//	ts = [asyncio.create_task(putter(q, n, i+1)) for i, n in enumerate("abc")]
//	await asyncio.sleep(0)
//	for i in range(4):
//	    L(f"got {await q.get()}")
//	await settle()
func TestQueuePuttersFIFO(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		q := NewQueue[int](1)
		q.PutNowait(0)
		var ts []*Task[struct{}]
		s := []step{
			spawnInto(l, &ts, pyPutter(tr, q, "a", 1)), spawnInto(l, &ts, pyPutter(tr, q, "b", 2)), spawnInto(l, &ts, pyPutter(tr, q, "c", 3)),
			yields(1),
		}
		for range 4 {
			s = append(s, await(func() Awaitable[int] { return q.Get() }, func(v int, err error) { tr.add("got %d", v) }))
		}
		return append(s, settle5())
	})
	checkPy(t, "putters_fifo", got)
}

// TestQueueGetterCancelledAfterChosen: a getter woken for an item and
// cancelled before it ran passes the item on to the next getter.
//
//	q = asyncio.Queue()
//	ta = asyncio.create_task(getter(q, "a")); tb = asyncio.create_task(getter(q, "b"))
//	await asyncio.sleep(0)
//	q.put_nowait(1); ta.cancel(); L("put 1, cancel a")
//	await asyncio.sleep(0); L("main")
//	await settle(); L(f"len {q.qsize()}")
func TestQueueGetterCancelledAfterChosen(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		q := NewQueue[int](0)
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, pyGetter(tr, q, "a")), spawnInto(l, &ts, pyGetter(tr, q, "b")),
			yields(1),
			do(func() { q.PutNowait(1); ts[0].Cancel(); tr.add("put 1, cancel a") }),
			yields(1), do(func() { tr.add("main") }),
			settle5(), do(func() { tr.add("len %d", q.Len()) }),
		}
	})
	checkPy(t, "getter_cancelled_after_chosen", got)
}

// TestQueueGetterCancelledWhileWaiting: a cancelled getter is skipped.
//
//	(as TestQueueGetterCancelledAfterChosen, with)
//	ta.cancel(); q.put_nowait(1); L("cancel a, put 1")
func TestQueueGetterCancelledWhileWaiting(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		q := NewQueue[int](0)
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, pyGetter(tr, q, "a")), spawnInto(l, &ts, pyGetter(tr, q, "b")),
			yields(1),
			do(func() { ts[0].Cancel(); q.PutNowait(1); tr.add("cancel a, put 1") }),
			yields(1), do(func() { tr.add("main") }),
			settle5(), do(func() { tr.add("len %d", q.Len()) }),
		}
	})
	checkPy(t, "getter_cancelled_waiting", got)
}

// TestQueueGetterCancelledTwice: a getter cancelled twice while it waits
// leaves the line once; its turn passes nothing on, so the getters behind
// it keep their places.
//
//	ts = [asyncio.create_task(getter(q, n)) for n in "abcd"]
//	await asyncio.sleep(0)
//	ts[0].cancel(); ts[0].cancel(); q.put_nowait(1); L("cancel a twice, put 1")
//	await settle(); q.put_nowait(2); L("put 2")
//	await settle(); q.put_nowait(3); L("put 3")
//	await settle(); L(f"len {q.qsize()}")
func TestQueueGetterCancelledTwice(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		q := NewQueue[int](0)
		var ts []*Task[struct{}]
		s := []step{}
		for _, n := range []string{"a", "b", "c", "d"} {
			s = append(s, spawnInto(l, &ts, pyGetter(tr, q, n)))
		}
		put := func(v int) { q.PutNowait(v); tr.add("put %d", v) }
		return append(s,
			yields(1),
			do(func() { ts[0].Cancel(); ts[0].Cancel(); q.PutNowait(1); tr.add("cancel a twice, put 1") }),
			settle5(), do(func() { put(2) }),
			settle5(), do(func() { put(3) }),
			settle5(), do(func() { tr.add("len %d", q.Len()) }),
		)
	})
	checkPy(t, "getter_cancelled_twice", got)
}

// TestQueuePutterCancelledAfterChosen: a putter woken for a free slot and
// cancelled before it ran passes the slot on to the next putter.
//
//	q = asyncio.Queue(1); q.put_nowait(0)
//	ta = asyncio.create_task(putter(q, "a", 1)); tb = asyncio.create_task(putter(q, "b", 2))
//	await asyncio.sleep(0)
//	L(f"got {q.get_nowait()}"); ta.cancel(); L("cancel a")
//	await asyncio.sleep(0); L("main")
//	await settle(); L(f"got {q.get_nowait()}"); L(f"len {q.qsize()}")
func TestQueuePutterCancelledAfterChosen(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		q := NewQueue[int](1)
		q.PutNowait(0)
		var ts []*Task[struct{}]
		get := func() { v, _ := q.GetNowait(); tr.add("got %d", v) }
		return []step{
			spawnInto(l, &ts, pyPutter(tr, q, "a", 1)), spawnInto(l, &ts, pyPutter(tr, q, "b", 2)),
			yields(1),
			do(func() { get(); ts[0].Cancel(); tr.add("cancel a") }),
			yields(1), do(func() { tr.add("main") }),
			settle5(), do(func() { get(); tr.add("len %d", q.Len()) }),
		}
	})
	checkPy(t, "putter_cancelled_after_chosen", got)
}

// TestQueueShutdown follows asyncio 3.13:
//
//	q = asyncio.Queue(2)
//	q.put_nowait(1); q.put_nowait(2)
//	tp = asyncio.create_task(putter(q, "p", 3))
//	async def joiner():
//	    await q.join(); L("joined")
//	tj = asyncio.create_task(joiner())
//	await asyncio.sleep(0)
//	q.shutdown(immediate); L(f"shutdown {immediate}")
//	tg = [asyncio.create_task(getter(q, n)) for n in "abc"]
//	await settle()
//	L(f"len {q.qsize()}")
func TestQueueShutdown(t *testing.T) {
	for _, immediate := range []bool{false, true} {
		got := runPy(t, func(tr *pyTrace, l *Loop) []step {
			q := NewQueue[int](2)
			q.PutNowait(1)
			q.PutNowait(2)
			var ts []*Task[struct{}]
			joiner := script(await(func() Awaitable[struct{}] { return q.Join() }, func(_ struct{}, err error) {
				if err == nil {
					tr.add("joined")
				}
			}))
			return []step{
				spawnInto(l, &ts, pyPutter(tr, q, "p", 3)), spawnInto(l, &ts, joiner),
				yields(1),
				do(func() { q.Shutdown(immediate); tr.add("shutdown %s", pyBool(immediate)) }),
				spawnInto(l, &ts, pyGetter(tr, q, "a")), spawnInto(l, &ts, pyGetter(tr, q, "b")), spawnInto(l, &ts, pyGetter(tr, q, "c")),
				settle5(),
				do(func() { tr.add("len %d", q.Len()); ts[1].Cancel() }),
			}
		})
		checkPy(t, "shutdown "+pyBool(immediate), got)
	}
}

// TestQueueShutdownWakesGetters:
//
//	q = asyncio.Queue()
//	tg = [asyncio.create_task(getter(q, n)) for n in "ab"]
//	await asyncio.sleep(0)
//	q.shutdown(); L("shutdown")
//	await settle()
func TestQueueShutdownWakesGetters(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		q := NewQueue[int](0)
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, pyGetter(tr, q, "a")), spawnInto(l, &ts, pyGetter(tr, q, "b")),
			yields(1),
			do(func() { q.Shutdown(false); tr.add("shutdown") }),
			settle5(),
		}
	})
	checkPy(t, "shutdown_wakes_getters", got)
}

// TestQueueJoin: Join waits until every item is marked done.
//
//	q = asyncio.Queue()
//	for i in range(3): q.put_nowait(i)
//	async def worker():
//	    while True:
//	        v = await q.get()
//	        L(f"work {v}"); await asyncio.sleep(0); q.task_done()
//	async def joiner(name):
//	    await q.join(); L(f"{name} joined")
//	tw = asyncio.create_task(worker())
//	tj = [asyncio.create_task(joiner(n)) for n in "ab"]
//	await settle(); await settle()
func TestQueueJoin(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		q := NewQueue[int](0)
		for i := range 3 {
			q.PutNowait(i)
		}
		var w []step
		for range 3 {
			w = append(w,
				await(func() Awaitable[int] { return q.Get() }, func(v int, err error) { tr.add("work %d", v) }),
				yields(1),
				do(func() { q.TaskDone() }),
			)
		}
		joiner := func(name string) Coro[struct{}] {
			return script(
				await(func() Awaitable[struct{}] { return q.Join() }, nil),
				do(func() { tr.add("%s joined", name) }),
			)
		}
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, script(w...)), spawnInto(l, &ts, joiner("a")), spawnInto(l, &ts, joiner("b")),
			settle5(), settle5(),
		}
	})
	checkPy(t, "join", got)
}

// TestQueueJoinCancelled: a cancelled joiner leaves; the others still join.
func TestQueueJoinCancelled(t *testing.T) {
	got := runPy(t, func(tr *pyTrace, l *Loop) []step {
		q := NewQueue[int](0)
		q.PutNowait(1)
		joiner := func(name string) Coro[struct{}] {
			return script(
				await(func() Awaitable[struct{}] { return q.Join() }, func(_ struct{}, err error) {
					if err != nil {
						tr.add("%s %s", name, pyErr(err))
						return
					}
					tr.add("%s joined", name)
				}),
			)
		}
		var ts []*Task[struct{}]
		return []step{
			spawnInto(l, &ts, joiner("a")), spawnInto(l, &ts, joiner("b")),
			yields(1),
			do(func() { ts[0].Cancel(); q.GetNowait(); q.TaskDone() }),
			settle5(),
		}
	})
	checkPy(t, "join_cancelled", got)
}

// TestQueueNoItemLostUnderCancellation cancels random getters and putters of
// a small queue while items flow, and checks that every item put is got
// exactly once or still in the queue.
func TestQueueNoItemLostUnderCancellation(t *testing.T) {
	for seed := range 20 {
		var (
			put, got []int
			tasks    []*Task[struct{}]
		)
		q := NewQueue[int](2)
		l := NewLoop(WithClock(NewVirtualClock()))
		next := 0
		mkPutter := func() Coro[struct{}] {
			v := next
			next++
			return script(await(func() Awaitable[struct{}] { return q.Put(v) }, func(_ struct{}, err error) {
				if err == nil {
					put = append(put, v)
				}
			}))
		}
		mkGetter := func() Coro[struct{}] {
			return script(await(func() Awaitable[int] { return q.Get() }, func(v int, err error) {
				if err == nil {
					got = append(got, v)
				}
			}))
		}
		rnd := uint32(seed*7919 + 1)
		rand := func(n int) int {
			rnd = rnd*1664525 + 1013904223
			return int(rnd>>16) % n
		}
		var s []step
		for range 200 {
			s = append(s, do(func() {
				switch rand(4) {
				case 0:
					tasks = append(tasks, SpawnOn(l, mkPutter()))
				case 1:
					tasks = append(tasks, SpawnOn(l, mkGetter()))
				case 2:
					if len(tasks) > 0 {
						tasks[rand(len(tasks))].Cancel()
					}
				case 3:
					if v, err := q.GetNowait(); err == nil {
						got = append(got, v)
					}
				}
			}), yields(rand(2)))
		}
		s = append(s, settle5(), do(func() {
			for _, t := range tasks {
				t.Cancel()
			}
		}), settle5())
		if _, err := RunUntilComplete(l, script(s...)); err != nil {
			t.Fatal(err)
		}
		l.Close()
		for !q.Empty() {
			v, _ := q.GetNowait()
			got = append(got, v)
		}
		seen := map[int]int{}
		for _, v := range got {
			seen[v]++
		}
		for _, v := range put {
			if seen[v] != 1 {
				t.Errorf("seed %d: item %d put, got %d times", seed, v, seen[v])
			}
			delete(seen, v)
		}
		if len(seen) > 0 {
			t.Errorf("seed %d: items got but never put: %v", seed, seen)
		}
		if q.getters.tail != nil || q.putters.tail != nil {
			t.Errorf("seed %d: getters or putters left waiting", seed)
		}
	}
}

func TestQueueErrors(t *testing.T) {
	for _, err := range []error{ErrQueueFull, ErrQueueEmpty, ErrQueueShutDown} {
		if errors.Is(err, ErrCancelled) {
			t.Errorf("%v is ErrCancelled", err)
		}
	}
}

// TestHandOffAllocatesNothing: moving more items through a queue, or more
// round trips through a contended lock, costs no more allocations: waiting
// and waking allocate nothing in steady state.
func TestHandOffAllocatesNothing(t *testing.T) {
	tests := []struct {
		name string
		run  func(l *Loop, n int)
	}{
		{"queue", func(l *Loop, n int) {
			q := NewQueue[int](64)
			SpawnOn(l, produce(q, n))
			RunUntilComplete(l, consume(q, n))
		}},
		{"lock", func(l *Loop, n int) {
			lk := NewLock()
			var ts []*Task[struct{}]
			for i := range lockTasks {
				ts = append(ts, SpawnOn(l, lockLoop(lk, share(n, i))))
			}
			RunUntilComplete(l, awaitAll(ts))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			allocs := func(n int) float64 {
				return testing.AllocsPerRun(5, func() {
					l := NewLoop(WithClock(NewVirtualClock()))
					tt.run(l, n)
					l.Close()
				})
			}
			if small, large := allocs(1000), allocs(50000); large > small {
				t.Errorf("allocations: %v for 1000 items, %v for 50000", small, large)
			}
		})
	}
}

// TestQueueWaitsInDump: DumpTasks names what a task waits for on a queue.
func TestQueueWaitsInDump(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	empty, full := NewQueue[int](0), NewQueue[int](1)
	full.PutNowait(0)
	fut := NewFuture[int]()
	next := AsCompleted[int](fut)[0]
	get := SpawnOn(l, script(await(func() Awaitable[int] { return empty.Get() }, nil)))
	put := SpawnOn(l, script(await(func() Awaitable[struct{}] { return full.Put(1) }, nil)))
	as := SpawnOn(l, script(await(func() Awaitable[int] { return next }, nil)))
	if _, err := RunUntilComplete(l, script(yields(1))); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := l.DumpTasks(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		get.Name() + ": awaiting Queue.Get\n",
		put.Name() + ": awaiting Queue.Put\n",
		as.Name() + ": awaiting AsCompleted\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("DumpTasks:\n%s\nwant a line %q", b.String(), want)
		}
	}
	for _, tk := range []*task{&get.task, &put.task, &as.task} {
		tk.Cancel()
	}
	if _, err := RunUntilComplete(l, script(yields(1))); err != nil {
		t.Fatal(err)
	}
}
