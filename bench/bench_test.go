package main

import "testing"

// TestWorkloads runs the Go workloads small, so that go test ./... keeps
// them compiling and finishing; go run ./bench measures them.
func TestWorkloads(t *testing.T) {
	rows := runGo(1000)
	if len(rows) != 4 {
		t.Fatalf("runGo returned %d rows, want 4", len(rows))
	}
	for _, r := range rows[:3] {
		if r.value <= 0 {
			t.Errorf("%s = %v %s, want a positive time", r.name, r.value, r.unit)
		}
	}
}
