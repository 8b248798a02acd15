// Package none declares no //async function, only a line that was meant to
// make one, in a package set up for asyncgen (a package that is not, which
// neither imports the runtime nor runs asyncgen, is the ordinary case:
// its "// async" lines are prose).
package none

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// want +1 `^//async is not attached to a function declaration: put it on the line directly above func meant, in its doc comment$`
//async

func meant() {}
