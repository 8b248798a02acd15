package lockacrossawait

import (
	"sync"

	"github.com/asyncgen/asyncgen/runtime"
)

// cache embeds its mutex, as much Go code does.
type cache struct {
	sync.Mutex
	m map[string]int
}

// The embedded mutex locked through its field name and unlocked through
// the promoted method: one lock, released before the await.
//
// async
func (c *cache) promoted() error {
	c.Mutex.Lock()
	c.m["k"]++
	c.Unlock()
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// The other way round.
//
// async
func (c *cache) promoted2() error {
	c.Lock()
	c.m["k"]++
	c.Mutex.Unlock()
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// Held through the promoted method, it is reported by its field.
//
// async
func (c *cache) promotedHeld() error {
	c.Lock()
	_, err := runtime.Await(runtime.Sleep(0)) // want `runtime.Await while c \(sync.Mutex\) is held`
	c.Unlock()
	return err
}

type vault struct {
	mu    sync.Mutex
	count int
}

type vaultWrap struct{ vault }

// (*s).mu and s.mu are the same field, as w.mu and w.vault.mu are.
//
// async
func (s *vault) deref(w *vaultWrap) error {
	(*s).mu.Lock()
	s.count++
	s.mu.Unlock()
	w.mu.Lock()
	w.vault.mu.Unlock()
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// Two different mutexes of one struct stay two locks.
//
// async
func (s *vault) other(o *vault) error {
	s.mu.Lock()
	o.mu.Unlock()
	_, err := runtime.Await(runtime.Sleep(0)) // want `runtime.Await while s.mu \(sync.Mutex\) is held`
	s.mu.Unlock()
	return err
}
