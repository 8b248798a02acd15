package cgocode

import (
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

func TestIdle(t *testing.T) {
	if _, err := runtime.Run(idleAsync()); err != nil {
		t.Fatal(err)
	}
}
