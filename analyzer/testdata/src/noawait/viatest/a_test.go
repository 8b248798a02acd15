package viatest

import (
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

func TestWork(t *testing.T) {
	if n, err := runtime.Run(workAsync()); n != 1 || err != nil {
		t.Fatal(n, err)
	}
}
