package lockacrossawait

import (
	"sync"

	"github.com/asyncgen/asyncgen/runtime"
)

// A TryLock that succeeded holds its lock like Lock; on the branch where it
// failed, awaiting before trying again is fine.
//
// async
func tryLock(mu *sync.Mutex, rw *sync.RWMutex, ready bool) error {
	if mu.TryLock() {
		_, err := runtime.Await(runtime.Sleep(0)) // want `runtime.Await while mu \(sync.Mutex\) is held`
		mu.Unlock()
		if err != nil {
			return err
		}
	} else {
		runtime.Await(runtime.Sleep(0)) // busy: wait, the lock is not held here
	}
	for !mu.TryLock() {
		runtime.Await(runtime.Sleep(0)) // retry later: not held
	}
	runtime.Await(runtime.Sleep(0)) // want `runtime.Await while mu \(sync.Mutex\) is held`
	mu.Unlock()
	if ready && rw.TryRLock() {
		runtime.Await(runtime.Sleep(0)) // want `runtime.Await while rw \(sync.RWMutex\) is held`
		rw.RUnlock()
	} else {
		// ready was false, or TryRLock failed: not held.
		runtime.Await(runtime.Sleep(0))
	}
	if !ready || !rw.TryLock() {
		runtime.Await(runtime.Sleep(0)) // not held: ready was false, or TryLock failed
		return nil
	}
	defer rw.Unlock()
	_, err := runtime.Await(runtime.Sleep(0)) // want `runtime.Await while rw \(sync.RWMutex\) is held`
	return err
}

// A TryLock whose result goes into a variable is not followed.
//
// async
func tryLockVar(mu *sync.Mutex) {
	ok := mu.TryLock()
	if !ok {
		runtime.Await(runtime.Sleep(0))
	}
}
