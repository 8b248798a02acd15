package analyzer

import (
	"golang.org/x/tools/go/analysis"
)

// DeferAwait is retired and reports nothing. runtime.Await in a deferred
// call of an //async function (deferred calls run while the function
// returns, when it can no longer suspend) is refused by go generate, so
// [Unsupported] reports it, where it cannot be turned off; outside //async
// functions, [OutsideAsync] reports every await. The rule remains so that
// the flag -deferawait and configurations that name it keep working.
var DeferAwait = &analysis.Analyzer{
	Name:     "deferawait",
	Doc:      "retired: unsupported reports awaits in deferred calls\n\nDeferred calls run as an //async function returns, panics or is\ncancelled, when it can no longer suspend, so they cannot await: go\ngenerate refuses runtime.Await in a deferred call, and the unsupported\nrule, which cannot be turned off, reports it. This rule reports nothing.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#DeferAwait",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}
