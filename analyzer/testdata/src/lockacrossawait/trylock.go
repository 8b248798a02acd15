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

func okd(_ struct{}, err error) bool { return err == nil }

// An await on the right of && or || runs only when a TryLock on the left
// succeeded.
//
// async
func tryLockAnd(mu *sync.Mutex) {
	if mu.TryLock() && okd(runtime.Await(runtime.Sleep(0))) { // want `runtime.Await while mu \(sync.Mutex\) is held`
		mu.Unlock()
	}
}

// async
func tryLockOr(rw *sync.RWMutex, ready bool) {
	if ready || okd(runtime.Await(runtime.Sleep(0))) { // no TryLock on the left
		return
	}
	if !rw.TryLock() || !okd(runtime.Await(runtime.Sleep(0))) { // want `runtime.Await while rw \(sync.RWMutex\) is held`
		return
	}
	rw.Unlock()
}

// The cases of a switch without a tag are conditions; a case compared
// with a tag is not followed.
//
// async
func tryLockSwitch(mu *sync.Mutex, rw *sync.RWMutex, ready bool) {
	switch {
	case rw.TryRLock():
		runtime.Await(runtime.Sleep(0)) // want `runtime.Await while rw \(sync.RWMutex\) is held`
		rw.RUnlock()
	case ready:
		runtime.Await(runtime.Sleep(0))
	}
	switch false {
	case mu.TryLock():
		runtime.Await(runtime.Sleep(0)) // TryLock failed here: not held
		return
	}
	mu.Unlock()
}

// A method expression names its receiver in its first argument.
//
// async
func methodExprs(mu *sync.Mutex) {
	(*sync.Mutex).Lock(mu)
	mu.Unlock()
	runtime.Await(runtime.Sleep(0)) // unlocked: not held
	mu.Lock()
	(*sync.Mutex).Unlock(mu)
	runtime.Await(runtime.Sleep(0)) // unlocked: not held
	if (*sync.Mutex).TryLock(mu) {
		runtime.Await(runtime.Sleep(0)) // want `runtime.Await while mu \(sync.Mutex\) is held`
		mu.Unlock()
	}
}
