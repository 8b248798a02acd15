package blocking

import "sync"

// A sync.Locker is a lock whose Lock waits for it: through the interface
// too, it blocks the loop.
//
// async
func lockers(mu *sync.Mutex, rw *sync.RWMutex, cond *sync.Cond) {
	var l sync.Locker = mu
	l.Lock() // want `sync.Locker.Lock blocks the event loop: use runtime.NewLock\(\) instead of a sync.Locker and await lock.Acquire\(\)`
	l.Unlock()
	rw.RLocker().Lock() // want `sync.Locker.Lock blocks the event loop`
	cond.L.Lock()       // want `sync.Locker.Lock blocks the event loop`
	cond.L.Unlock()
	var s spin
	s.Lock() // a Lock of its own, not through sync.Locker
}

// async
func lockerOf[L sync.Locker](l L) {
	l.Lock() // want `sync.Locker.Lock blocks the event loop`
	defer l.Unlock()
}

type spin struct{}

func (spin) Lock() {}
