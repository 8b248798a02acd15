package stale

// Plain is built without cgo too.
func Plain() int { return 1 }
