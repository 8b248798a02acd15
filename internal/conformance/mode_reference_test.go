//go:build asyncgen_reference

package conformance

const reference = true
