package lockacrossawait

import (
	"sync"

	"github.com/asyncgen/asyncgen/runtime"
)

type store struct {
	mu sync.Mutex
	rw sync.RWMutex
	m  map[string]int
}

// async
func (s *store) bad(key string) error {
	s.mu.Lock()
	_, err := runtime.Await(runtime.Sleep(0)) // want `runtime.Await while s.mu \(sync.Mutex\) is held: unlock before awaiting, or use runtime.NewLock and await its Acquire`
	s.m[key]++
	s.mu.Unlock()
	return err
}

// async
func (s *store) deferred(key string) error {
	s.rw.RLock()
	defer s.rw.RUnlock()
	if s.m[key] > 0 {
		_, err := runtime.Await(runtime.Sleep(0)) // want `runtime.Await while s.rw \(sync.RWMutex\) is held`
		return err
	}
	return nil
}

// async
func (s *store) good(key string) error {
	s.mu.Lock()
	s.m[key]++
	s.mu.Unlock()
	_, err := runtime.Await(runtime.Sleep(0))
	if err != nil {
		return err
	}
	s.mu.Lock()
	if s.m[key] > 1 {
		s.mu.Unlock()
		_, err = runtime.Await(runtime.Sleep(0))
		return err
	}
	s.mu.Unlock()
	return nil
}

// async
func (s *store) branch(key string) error {
	s.mu.Lock()
	if s.m[key] == 0 {
		s.mu.Unlock()
		return nil
	}
	_, err := runtime.Await(runtime.Sleep(0)) // want `runtime.Await while s.mu \(sync.Mutex\) is held`
	s.mu.Unlock()
	return err
}

// async
func (s *store) loop(keys []string) error {
	for _, k := range keys {
		_, err := runtime.Await(runtime.Sleep(0)) // want `runtime.Await while s.mu \(sync.Mutex\) is held`
		if err != nil {
			return err
		}
		s.mu.Lock()
		s.m[k]++
		if s.m[k] > 1 {
			continue // still held at the next await
		}
		s.mu.Unlock()
	}
	return nil
}

// async
func (s *store) unlockedOnEveryPath(key string) error {
	s.mu.Lock()
	if s.m[key] == 0 {
		s.mu.Unlock()
	} else {
		s.m[key]--
		s.mu.Unlock()
	}
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func (s *store) inArgument(key string) error {
	s.mu.Lock()
	s.m[key] = must(runtime.Await(s.countAsync())) // want `runtime.Await while s.mu \(sync.Mutex\) is held`
	s.mu.Unlock()
	return nil
}

// async
func (s *store) count() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return len(s.m), err
}

func must(n int, err error) int { return n }

// A literal called on the spot runs in the function's flow, its deferred
// calls when it returns.
//
// async
func (s *store) literal(key string) error {
	s.mu.Lock()
	func() { s.mu.Unlock() }()
	_, err := runtime.Await(runtime.Sleep(0))
	if err != nil {
		return err
	}
	func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.m[key]++
	}()
	_, err = runtime.Await(runtime.Sleep(0))
	if err != nil {
		return err
	}
	func() { s.rw.Lock() }()
	_, err = runtime.Await(runtime.Sleep(0)) // want `runtime.Await while s.rw \(sync.RWMutex\) is held`
	s.rw.Unlock()
	return err
}

// async
func (s *store) panicsWhileHeld(key string) error {
	s.mu.Lock()
	switch s.m[key] {
	case 0:
		s.m[key] = 1
		s.mu.Unlock()
	default:
		panic("bad state") // the path that holds mu ends here
	}
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// An unlock through a func value that holds the method value releases the
// lock it names.
//
// async
func (s *store) unlockValue(key string) error {
	s.mu.Lock()
	unlock := sync.OnceFunc(s.mu.Unlock)
	defer unlock()
	if _, ok := s.m[key]; ok {
		return nil
	}
	unlock()
	_, err := runtime.Await(runtime.Sleep(0))
	s.mu.Lock()
	release := s.mu.Unlock
	release()
	_, err = runtime.Await(runtime.Sleep(0))
	s.rw.Lock()
	other := s.mu.Unlock
	other()
	_, err = runtime.Await(runtime.Sleep(0)) // want `runtime.Await while s.rw \(sync.RWMutex\) is held`
	s.rw.Unlock()
	return err
}
