package runtime

import (
	"bytes"
	"math"
	"regexp"
	"slices"
	"testing"
)

// TestLiveTasksInCreationOrder checks that DumpTasks, and so Run's
// cancellation at exit, see the live tasks in the order they were made
// after tasks in the middle and at the start ended, also when the tasks'
// numbers wrap around.
func TestLiveTasksInCreationOrder(t *testing.T) {
	for _, start := range []uint32{0, math.MaxUint32 - 2} {
		l := NewLoop(WithClock(NewVirtualClock()))
		l.taskSeq = start
		futs := make([]*Future[int], 6)
		var names []string
		for i := range futs {
			futs[i] = NewFuture[int]()
			f := futs[i]
			tk := SpawnOn(l, script(await(func() Awaitable[int] { return f }, nil)))
			names = append(names, tk.Name())
		}
		runReady(t, l)
		for _, i := range []int{2, 0, 4} { // the middle, the first, and one more
			futs[i].SetResult(i)
		}
		runReady(t, l)
		// One more task after the removals.
		late := SpawnOn(l, script(await(func() Awaitable[int] { return futs[5] }, nil)))
		var b bytes.Buffer
		if err := l.DumpTasks(&b); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range regexp.MustCompile(`(?m)^(Task-\d+):`).FindAllStringSubmatch(b.String(), -1) {
			got = append(got, m[1])
		}
		want := []string{names[1], names[3], names[5], late.Name()}
		if !slices.Equal(got, want) {
			t.Errorf("numbers from %d: DumpTasks lists %v, want %v\n%s", start, got, want, b.String())
		}
		futs[1].SetResult(1)
		futs[3].SetResult(3)
		futs[5].SetResult(5)
		runReady(t, l)
		if n := l.tasks.len(); n != 0 {
			t.Errorf("numbers from %d: %d tasks live after all ended", start, n)
		}
		l.Close()
	}
}

// TestTaskSetShrinks checks that the set of live tasks gives back the
// array a crowd of tasks made large, once they are gone.
func TestTaskSetShrinks(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	fut := NewFuture[int]()
	for range 10000 {
		SpawnOn(l, script(await(func() Awaitable[int] { return fut }, nil)))
	}
	runReady(t, l)
	big := cap(l.tasks.s)
	fut.SetResult(1)
	runReady(t, l)
	if n, c := l.tasks.len(), cap(l.tasks.s); n != 0 || c > 2048 {
		t.Errorf("after 10000 tasks ended: %d live, room for %d (%d at the peak)", n, c, big)
	}
}

// runReady runs passes of l while something is ready.
func runReady(t *testing.T, l *Loop) {
	t.Helper()
	for l.ready.len() > 0 {
		if err := l.runPasses(1); err != nil {
			t.Fatal(err)
		}
	}
}
