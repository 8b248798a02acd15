package aa

import "testing"

// The test variant of the package has the type error too.
func TestUse(t *testing.T) {}
