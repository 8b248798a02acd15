//go:build !asyncgen_reference

package conformance

import (
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

// TestSpawnIsOneAllocation: runtime.Spawn(trivialAsync()) compiles to
// trivial's spawn helper, which allocates the task and the frame as one
// object. The difference between two runs of spawnAwait is the cost of the
// extra spawns alone.
func TestSpawnIsOneAllocation(t *testing.T) {
	run := func(n int) float64 {
		return testing.AllocsPerRun(10, func() {
			if _, err := runtime.Run(spawnAwaitAsync(n)); err != nil {
				t.Fatal(err)
			}
		})
	}
	const n = 1000
	if per := (run(n+1) - run(1)) / n; per != 1 {
		t.Errorf("allocations per spawn-and-await: %v, want 1", per)
	}
}
