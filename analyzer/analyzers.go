package analyzer

import "golang.org/x/tools/go/analysis"

// Analyzers are the rules of asyncvet, one analyzer per diagnostic category,
// in the order of the package documentation. Each requires [Funcs].
var Analyzers = []*analysis.Analyzer{
	OutsideAsync,
	DirectCall,
	Unawaited,
	DroppedTask,
	AwaitErr,
	Blocking,
	LockAcrossAwait,
	TaskGroupWait,
	GoStmt,
	DeferAwait,
	NoAwait,
	Unsupported,
	Generated,
}
