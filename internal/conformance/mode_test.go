//go:build !asyncgen_reference

package conformance

// reference reports whether the test runs the reference variant.
const reference = false
