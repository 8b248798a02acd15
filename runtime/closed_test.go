package runtime

import (
	"sync"
	"testing"
)

// Closed may be asked from any goroutine while the loop closes on its
// own, as an asynchttp.Client serving several loops does: under the race
// detector, a plain field would be a data race.
func TestClosedFromAnotherGoroutine(t *testing.T) {
	l := NewLoop()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !l.Closed() {
		}
	}()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
}
