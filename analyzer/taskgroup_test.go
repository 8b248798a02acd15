package analyzer_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/asyncgen/asyncgen/analyzer"
)

func TestTaskGroupWait(t *testing.T) {
	run(t, analyzer.TaskGroupWait, "./taskgroupwait")
}

// TestTaskGroupWaitDoc checks the x/tools conventions that TestDocs checks
// for the rules of [analyzer.Analyzers].
func TestTaskGroupWaitDoc(t *testing.T) {
	a := analyzer.TaskGroupWait
	first, _, _ := strings.Cut(a.Doc, "\n")
	if len(first) >= 60 || strings.HasSuffix(first, ".") || strings.ToLower(first[:1]) != first[:1] {
		t.Errorf("first line of Doc %q: want lowercase, no period, under 60 characters", first)
	}
	if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
		t.Error(err)
	}
}
