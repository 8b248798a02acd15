package lockacrossawait

import (
	"sync"

	"github.com/asyncgen/asyncgen/runtime"
)

// A lock reached through sync.Locker is held across an await as a
// sync.Mutex is.
//
// async
func lockers(mu *sync.Mutex, rw *sync.RWMutex, cond *sync.Cond) error {
	var l sync.Locker = mu
	l.Lock()
	_, err := runtime.Await(runtime.Sleep(0)) // want `runtime.Await while l \(sync.Locker\) is held: unlock before awaiting, or use runtime.NewLock and await its Acquire`
	l.Unlock()
	if err != nil {
		return err
	}
	cond.L.Lock()
	_, err = runtime.Await(runtime.Sleep(0)) // want `runtime.Await while cond.L \(sync.Locker\) is held: unlock before awaiting, or use runtime.NewLock and await its Acquire`
	cond.L.Unlock()
	if err != nil {
		return err
	}
	rw.RLocker().Lock()
	_, err = runtime.Await(runtime.Sleep(0)) // want `runtime.Await while rw.RLocker\(\) \(sync.Locker\) is held: unlock before awaiting, or use runtime.NewLock and await its Acquire`
	rw.RLocker().Unlock()
	return err
}

// async
func lockerOf[L sync.Locker](l L) error {
	l.Lock()
	defer l.Unlock()
	_, err := runtime.Await(runtime.Sleep(0)) // want `runtime.Await while l \(sync.Locker\) is held`
	return err
}

// The same lock released another way than it was taken is released.
//
// async
func lockersReleased(mu *sync.Mutex, rw *sync.RWMutex, cond *sync.Cond) error {
	var l sync.Locker = mu
	l.Lock()
	l.Unlock()
	_, err := runtime.Await(runtime.Sleep(0))
	if err != nil {
		return err
	}
	l.Lock()
	mu.Unlock() // what l holds
	_, err = runtime.Await(runtime.Sleep(0))
	if err != nil {
		return err
	}
	cond.L.Lock()
	cond.L.Unlock()
	_, err = runtime.Await(runtime.Sleep(0))
	if err != nil {
		return err
	}
	rw.RLocker().Lock()
	rw.RUnlock()
	_, err = runtime.Await(runtime.Sleep(0))
	if err != nil {
		return err
	}
	rl := rw.RLocker()
	rl.Lock()
	rw.RLocker().Unlock()
	_, err = runtime.Await(runtime.Sleep(0))
	if err != nil {
		return err
	}
	sync.Locker(mu).Lock()
	(*mu).Unlock()
	_, err = runtime.Await(runtime.Sleep(0))
	if err != nil {
		return err
	}
	var s spin
	s.Lock() // a Lock of its own, not a sync lock
	_, err = runtime.Await(runtime.Sleep(0))
	return err
}

// A variable that does not hold one lock for its whole life, or holds a
// copy, is a lock of its own.
//
// async
func lockersApart(a, b *sync.Mutex) error {
	var l sync.Locker = a
	l.Lock()
	a.Unlock()
	l = b
	_, err := runtime.Await(runtime.Sleep(0)) // want `runtime.Await while l \(sync.Locker\) is held`
	l.Unlock()
	if err != nil {
		return err
	}
	var m sync.Mutex
	c := m
	c.Lock()
	m.Unlock()
	_, err = runtime.Await(runtime.Sleep(0)) // want `runtime.Await while c \(sync.Mutex\) is held`
	c.Unlock()
	return err
}

type spin struct{}

func (spin) Lock() {}
