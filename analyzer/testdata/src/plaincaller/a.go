// Package plaincaller uses no asyncgen of its own (it imports no runtime and
// has no //go:generate line), but calls another package's //async function
// directly: the call is still reported.
package plaincaller

import "cases/lib"

// async: prose here, not a mark.
func total() int {
	n, _ := lib.Get(1) // want `^call of async function Get outside an //async function: run it with runtime\.Run\(lib\.GetAsync\(\.\.\.\)\)$`
	return n
}
