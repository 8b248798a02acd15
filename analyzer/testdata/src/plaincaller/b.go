package plaincaller

import (
	. "cases/lib"
	store "cases/lib"
)

// The messages spell the coroutine constructor of another package's
// //async function as the file refers to the package.
func named() func(int) (int, error) {
	n, _ := store.Get(1) // want `^call of async function Get outside an //async function: run it with runtime\.Run\(store\.GetAsync\(\.\.\.\)\)$`
	m, _ := Get(n)       // want `^call of async function Get outside an //async function: run it with runtime\.Run\(GetAsync\(\.\.\.\)\)$`
	_ = m
	return store.Get // want `^async function Get used as a func value: a call of it runs the source body, where runtime\.Await panics; pass a func that runs store\.GetAsync\(\.\.\.\) instead`
}
