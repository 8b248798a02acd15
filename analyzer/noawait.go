package analyzer

import (
	"golang.org/x/tools/go/analysis"
)

// NoAwait warns about an //async function whose body never calls
// runtime.Await or runtime.Spawn: it cannot suspend, so making it a
// coroutine only costs a frame and makes every caller await it.
var NoAwait = &analysis.Analyzer{
	Name:     "noawait",
	Doc:      "warn about //async functions that never await\n\nAn //async function with no runtime.Await (or runtime.Spawn) in its own\nbody never suspends. This is a warning: drop the //async line and call\nthe function directly, unless it must be a coroutine for its callers.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/analyzer#NoAwait",
	Requires: []*analysis.Analyzer{Funcs},
	Run:      runNoAwait,
}

func runNoAwait(pass *analysis.Pass) (any, error) {
	pass = ignoring(pass, "noawait")
	asyncBodies(pass, func(af *AsyncFunc) {
		if containsIntrinsic(pass.TypesInfo, af.Decl.Body, "") != nil {
			return
		}
		pass.Report(analysis.Diagnostic{
			Pos: af.Decl.Name.Pos(), End: af.Decl.Name.End(), Category: "noawait",
			Message: "async function " + af.Name() + " never awaits (warning): drop //async and call it directly, or await something",
		})
	})
	return nil, nil
}
