// Package none declares no //async function, only a line that was meant to
// make one.
package none

// want +1 `^//async is not attached to a function declaration: put it on the line directly above func meant, in its doc comment$`
//async

func meant() {}
