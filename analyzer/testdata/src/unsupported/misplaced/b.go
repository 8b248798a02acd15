// want +1 `^//async is not attached to a function declaration: it applies only to top-level function declarations, not to the package clause$`
// async
package misplaced

// want +1 `put it on the line directly above func inOtherFile`
//async

func inOtherFile() {}
