package runtime

import (
	"slices"
	"testing"
)

// readyHandles empties l's ready queue and returns the indexes, in hs, of the
// handles that were in it, in order.
func readyHandles(l *Loop, hs []*Handle) []int {
	var got []int
	for l.ready.len() > 0 {
		got = append(got, slices.Index(hs, l.ready.pop().(*Handle)))
	}
	return got
}

func TestWaitList(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var wl waitList
	var hs []*Handle
	var ws []*waiter
	for range 5 {
		w := wl.addFunc(l, func() {})
		hs, ws = append(hs, w.handle()), append(ws, w)
	}
	// Out of the middle, the head and the tail; one that is not there.
	for _, i := range []int{2, 0, 4} {
		if !wl.remove(ws[i]) {
			t.Fatalf("remove(%d) = false, want true", i)
		}
	}
	if wl.remove(ws[2]) {
		t.Fatal("remove of a waiter removed before = true, want false")
	}
	wl.add(ws[0]) // back in, last
	if !wl.wakeFirst() {
		t.Fatal("wakeFirst = false with waiters left")
	}
	if got, want := readyHandles(l, hs), []int{1}; !slices.Equal(got, want) {
		t.Fatalf("wakeFirst woke %v, want %v", got, want)
	}
	wl.wakeAll()
	if got, want := readyHandles(l, hs), []int{3, 0}; !slices.Equal(got, want) {
		t.Fatalf("wakeAll woke %v, want %v", got, want)
	}
	if wl.wakeFirst() || wl.remove(ws[3]) {
		t.Fatal("the list is not empty after wakeAll")
	}
	wl.add(ws[1]) // an emptied list takes waiters again
	if !wl.remove(ws[1]) || wl.tail != nil {
		t.Fatal("the only waiter did not leave")
	}
}
