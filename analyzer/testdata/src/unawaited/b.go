package unawaited

import "github.com/asyncgen/asyncgen/runtime"

// The fix returns the await's error, with the zero values of the other
// results, so that a cancellation ends the function; a function with no
// error result could only drop it and go on after its task was cancelled,
// so it gets no fix, and nor does a statement that cannot become an if.

type pair struct{ a, b int }

// async
func counted(n int) (pair, error) {
	if n > 0 {
		fetchAsync(12) // want `^coroutine fetchAsync\(...\) is never awaited: pass it to runtime.Await or runtime.Spawn, or it never runs$`
	}
	for i := 0; i < n; runtime.Sleep(0) { // want `^awaitable Sleep\(...\) is never awaited`
		i++
	}
	(fetchAsync(13)) // want `^coroutine fetchAsync\(...\) is never awaited`
	return pair{}, nil
}

// async
func quiet() int {
	fetchAsync(14)   // want `^coroutine fetchAsync\(...\) is never awaited`
	runtime.Sleep(0) // want `^awaitable Sleep\(...\) is never awaited`
	return 1
}
