package conformance

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"strconv"
)

func okCase(name string, run func(tr *Trace) (any, error)) testCase {
	return testCase{name: name, run: run}
}

// cases lists every scenario; most call one //async function, several of
// which nest others.
var cases = []testCase{
	// control.go
	okCase("ifElse/then", func(tr *Trace) (any, error) { return run(ifElseAsync(tr, 3)) }),
	okCase("ifElse/else", func(tr *Trace) (any, error) { return run(ifElseAsync(tr, 1)) }),
	okCase("ifInit", func(tr *Trace) (any, error) { return run(ifInitAsync(tr)) }),
	okCase("ifError", func(tr *Trace) (any, error) { return run(ifErrorAsync(tr)) }),
	okCase("switchTag", func(tr *Trace) (any, error) { return run(switchTagAsync(tr, []int{0, 1, 3, 7})) }),
	okCase("switchNoTag/small", func(tr *Trace) (any, error) { return run(switchNoTagAsync(tr, 5)) }),
	okCase("switchNoTag/medium", func(tr *Trace) (any, error) { return run(switchNoTagAsync(tr, 50)) }),
	okCase("switchNoTag/large", func(tr *Trace) (any, error) { return run(switchNoTagAsync(tr, 500)) }),
	okCase("switchNoTag/negative", func(tr *Trace) (any, error) { return run(switchNoTagAsync(tr, -1)) }),
	okCase("switchInit", func(tr *Trace) (any, error) { return run(switchInitAsync(tr)) }),
	okCase("fallthrough/1", func(tr *Trace) (any, error) { return run(fallthroughsAsync(tr, 1)) }),
	okCase("fallthrough/2", func(tr *Trace) (any, error) { return run(fallthroughsAsync(tr, 2)) }),
	okCase("fallthrough/9", func(tr *Trace) (any, error) { return run(fallthroughsAsync(tr, 9)) }),
	okCase("typeSwitch", func(tr *Trace) (any, error) {
		return run(typeSwitchAsync(tr, []any{1, "s", []byte("b"), nil, errors.New("e"), 2.5}))
	}),
	okCase("gotoLoop", func(tr *Trace) (any, error) { return run(gotoLoopAsync(tr, 4)) }),
	okCase("gotoForward/skip", func(tr *Trace) (any, error) { return run(gotoForwardAsync(tr, true)) }),
	okCase("gotoForward/noskip", func(tr *Trace) (any, error) { return run(gotoForwardAsync(tr, false)) }),
	okCase("labeledBreakContinue", func(tr *Trace) (any, error) { return run(labeledBreakContinueAsync(tr)) }),
	okCase("labeledSwitchBreak", func(tr *Trace) (any, error) { return run(labeledSwitchBreakAsync(tr)) }),
	okCase("shadowing", func(tr *Trace) (any, error) { return run(shadowingAsync(tr)) }),
	okCase("localTypes", func(tr *Trace) (any, error) { return run(localTypesAsync(tr)) }),
	okCase("localDeclGroups", func(tr *Trace) (any, error) { return run(localDeclGroupsAsync(tr)) }),
	okCase("localGenericTypes", func(tr *Trace) (any, error) { return run(localGenericTypesAsync(tr)) }),
	okCase("localGenericTypesHeld", func(tr *Trace) (any, error) { return run(localGenericTypesHeldAsync(tr)) }),
	okCase("redeclareHeld", func(tr *Trace) (any, error) { return run(redeclareHeldAsync(tr)) }),
	okCase("localTypesEmbedded", func(tr *Trace) (any, error) { return run(localTypesEmbeddedAsync(tr)) }),
	okCase("localTypesAgain", func(tr *Trace) (any, error) { return run(localTypesAgainAsync(tr)) }),
	okCase("shadowParam", func(tr *Trace) (any, error) { return run(shadowParamAsync(tr, 7)) }),
	okCase("selectComms", func(tr *Trace) (any, error) { return run(selectCommsAsync(tr)) }),
	okCase("selectOperandOrder", func(tr *Trace) (any, error) { return run(selectOperandOrderAsync(tr)) }),

	// loops.go
	okCase("forBody", func(tr *Trace) (any, error) { return run(forBodyAsync(tr, 4)) }),
	okCase("forInit", func(tr *Trace) (any, error) { return run(forInitAsync(tr)) }),
	okCase("forCond", func(tr *Trace) (any, error) { return run(forCondAsync(tr)) }),
	okCase("forPost", func(tr *Trace) (any, error) { return run(forPostAsync(tr)) }),
	okCase("forAll", func(tr *Trace) (any, error) { return run(forAllAsync(tr)) }),
	okCase("forWhile", func(tr *Trace) (any, error) { return run(forWhileAsync(tr)) }),
	okCase("derefGeneric", func(tr *Trace) (any, error) { x := 41; return run(derefGenericAsync(tr, &x)) }),
	okCase("forHeadsWithoutAwait", func(tr *Trace) (any, error) { return run(forHeadsWithoutAwaitAsync(tr)) }),
	okCase("switchesWithoutAwait", func(tr *Trace) (any, error) { return run(switchesWithoutAwaitAsync(tr, 3, "four")) }),
	okCase("switchesWithoutAwaitNil", func(tr *Trace) (any, error) { return run(switchesWithoutAwaitAsync(tr, nil, 5)) }),
	okCase("forInfinite", func(tr *Trace) (any, error) { return run(forInfiniteAsync(tr)) }),
	okCase("forContinue", func(tr *Trace) (any, error) { return run(forContinueAsync(tr)) }),
	okCase("forNested", func(tr *Trace) (any, error) { return run(forNestedAsync(tr)) }),
	okCase("forReturnInside", func(tr *Trace) (any, error) { return run(forReturnInsideAsync(tr)) }),
	okCase("forManyIterations", func(tr *Trace) (any, error) { return run(forManyIterationsAsync()) }),
	okCase("forSuspendMany", func(tr *Trace) (any, error) { return run(forSuspendManyAsync()) }),

	// ranges.go
	okCase("rangeSlice", func(tr *Trace) (any, error) { return run(rangeSliceAsync(tr, []string{"p", "q"})) }),
	okCase("rangeSliceStrings", func(tr *Trace) (any, error) { return run(rangeSliceStringsAsync(tr)) }),
	okCase("rangeSliceAppend", func(tr *Trace) (any, error) { return run(rangeSliceAppendAsync(tr)) }),
	okCase("rangeExprAwait", func(tr *Trace) (any, error) { return run(rangeExprAwaitAsync(tr)) }),
	okCase("rangeArray", func(tr *Trace) (any, error) { return run(rangeArrayAsync(tr)) }),
	okCase("rangeArrayPointer", func(tr *Trace) (any, error) { return run(rangeArrayPointerAsync(tr)) }),
	okCase("rangeArrayIndexOnly", func(tr *Trace) (any, error) { return run(rangeArrayIndexOnlyAsync(tr)) }),
	okCase("rangeNilArrayPointer", func(tr *Trace) (any, error) { return run(rangeNilArrayPointerAsync(tr)) }),
	okCase("rangeString", func(tr *Trace) (any, error) { return run(rangeStringAsync(tr)) }),
	okCase("rangeMap", func(tr *Trace) (any, error) { return run(rangeMapAsync(tr)) }),
	okCase("rangeMapDelete", func(tr *Trace) (any, error) { return run(rangeMapDeleteAsync(tr)) }),
	okCase("rangeMapNaN", func(tr *Trace) (any, error) { return run(rangeMapNaNAsync(tr)) }),
	okCase("rangeMapNaNKeyOnly", func(tr *Trace) (any, error) { return run(rangeMapNaNKeyOnlyAsync(tr)) }),
	okCase("rangeMapClear", func(tr *Trace) (any, error) { return run(rangeMapClearAsync(tr)) }),
	okCase("rangeMapNil", func(tr *Trace) (any, error) { return run(rangeMapNilAsync(tr)) }),
	okCase("rangeMapGeneric", func(tr *Trace) (any, error) {
		type scores map[float64]string
		return run(rangeMapGenericAsync(tr, scores{math.NaN(): "nan", 2: "two", 1: "one"}))
	}),
	okCase("rangeMapSorted", func(tr *Trace) (any, error) { return run(rangeMapSortedAsync(tr)) }),
	okCase("rangeInt", func(tr *Trace) (any, error) { return run(rangeIntAsync(tr, 3)) }),
	okCase("rangeFunc", func(tr *Trace) (any, error) { return run(rangeFuncAsync(tr)) }),
	okCase("rangeFuncBreak", func(tr *Trace) (any, error) { return run(rangeFuncBreakAsync(tr)) }),
	okCase("rangeFuncReturn", func(tr *Trace) (any, error) { return run(rangeFuncReturnAsync(tr)) }),
	okCase("rangeFuncNested", func(tr *Trace) (any, error) { return run(rangeFuncNestedAsync(tr)) }),
	okCase("rangeNoVars", func(tr *Trace) (any, error) { return run(rangeNoVarsAsync(tr)) }),

	// defers.go
	okCase("deferOrder", func(tr *Trace) (any, error) { return run(deferOrderAsync(tr)) }),
	okCase("deferArgs", func(tr *Trace) (any, error) { return run(deferArgsAsync(tr)) }),
	okCase("deferOperandOrder", func(tr *Trace) (any, error) { return run(deferOperandOrderAsync(tr)) }),
	okCase("deferInLoop", func(tr *Trace) (any, error) { return run(deferInLoopAsync(tr)) }),
	okCase("deferNamedResult", func(tr *Trace) (any, error) { return run(deferNamedResultAsync(tr)) }),
	okCase("deferRecover", func(tr *Trace) (any, error) { return run(deferRecoverAsync(tr)) }),
	okCase("deferRecoverInner", func(tr *Trace) (any, error) { return run(deferRecoverInnerAsync(tr)) }),
	okCase("deferRecoverRepanic", func(tr *Trace) (any, error) { return run(deferRecoverRepanicAsync(tr)) }),
	okCase("deferModifiesAfterAwait", func(tr *Trace) (any, error) { return run(deferModifiesAfterAwaitAsync(tr)) }),
	okCase("deferWithErrorResult", func(tr *Trace) (any, error) { return run(deferWithErrorResultAsync(tr)) }),
	okCase("deferMethodValue", func(tr *Trace) (any, error) { return run(deferMethodValueAsync(tr)) }),
	okCase("deferNoAwait", func(tr *Trace) (any, error) { return run(deferNoAwaitAsync(tr)) }),
	okCase("recoverNotDeferred", func(tr *Trace) (any, error) { return run(recoverNotDeferredAsync(tr)) }),
	okCase("deferRecoverDirect", func(tr *Trace) (any, error) { return run(deferRecoverDirectAsync(tr)) }),
	okCase("deferRecoverElsewhere", func(tr *Trace) (any, error) { return run(deferRecoverElsewhereAsync(tr)) }),
	okCase("deferRecoverFuncValue", func(tr *Trace) (any, error) { return run(deferRecoverFuncValueAsync(tr)) }),
	okCase("deferUntypedArgs", func(tr *Trace) (any, error) { return run(deferUntypedArgsAsync(tr)) }),
	okCase("deferVariadicLiteral", func(tr *Trace) (any, error) { return run(deferVariadicLiteralAsync(tr)) }),
	okCase("deferSkippedByGoto/skip", func(tr *Trace) (any, error) { return run(deferSkippedByGotoAsync(tr, true)) }),
	okCase("deferSkippedByGoto/noskip", func(tr *Trace) (any, error) { return run(deferSkippedByGotoAsync(tr, false)) }),
	okCase("deferLiteralWithResults", func(tr *Trace) (any, error) { return run(deferLiteralWithResultsAsync(tr)) }),
	okCase("panicValueThroughFrames", func(tr *Trace) (any, error) {
		v, err := run(panicValueThroughFramesAsync(tr))
		return fmt.Sprint(v), err
	}),
	okCase("panicEscapes", func(tr *Trace) (any, error) { return run(panickerAsync(tr)) }),

	// closures.go
	okCase("closureShared", func(tr *Trace) (any, error) { return run(closureSharedAsync(tr)) }),
	okCase("closurePerIteration", func(tr *Trace) (any, error) { return run(closurePerIterationAsync(tr)) }),
	okCase("closurePerIterationModified", func(tr *Trace) (any, error) { return run(closurePerIterationModifiedAsync(tr)) }),
	okCase("closureRangeVars", func(tr *Trace) (any, error) { return run(closureRangeVarsAsync(tr)) }),
	okCase("closureCapturesParam", func(tr *Trace) (any, error) { return run(closureCapturesParamAsync(tr, 1)) }),
	okCase("closureCalledAcrossAwait", func(tr *Trace) (any, error) { return run(closureCalledAcrossAwaitAsync(tr)) }),
	okCase("closureReturned", func(tr *Trace) (any, error) { return run(closureReturnedAsync(tr)) }),
	okCase("closurePointer", func(tr *Trace) (any, error) { return run(closurePointerAsync(tr)) }),
	okCase("closureGoroutineFree", func(tr *Trace) (any, error) { return run(closureGoroutineFreeAsync(tr)) }),

	// exprs.go
	okCase("fieldTargets", func(tr *Trace) (any, error) { return run(fieldTargetsAsync(tr)) }),
	okCase("parenTargets", func(tr *Trace) (any, error) { return run(parenTargetsAsync(tr)) }),
	okCase("parenAwaits", func(tr *Trace) (any, error) { return run(parenAwaitsAsync(tr)) }),
	okCase("elidedLiterals", func(tr *Trace) (any, error) { return run(elidedLiteralsAsync(tr)) }),
	okCase("exprCallArgs", func(tr *Trace) (any, error) { return run(exprCallArgsAsync(tr)) }),
	okCase("exprBinary", func(tr *Trace) (any, error) { return run(exprBinaryAsync(tr)) }),
	okCase("exprAnd/false", func(tr *Trace) (any, error) { return run(exprAndShortCircuitAsync(tr, 0)) }),
	okCase("exprAnd/true", func(tr *Trace) (any, error) { return run(exprAndShortCircuitAsync(tr, 7)) }),
	okCase("exprOr/true", func(tr *Trace) (any, error) { return run(exprOrShortCircuitAsync(tr, 1)) }),
	okCase("exprOr/false", func(tr *Trace) (any, error) { return run(exprOrShortCircuitAsync(tr, -9)) }),
	okCase("exprNestedLogic/tt", func(tr *Trace) (any, error) { return run(exprNestedLogicAsync(tr, true, true)) }),
	okCase("exprNestedLogic/ft", func(tr *Trace) (any, error) { return run(exprNestedLogicAsync(tr, false, true)) }),
	okCase("exprNestedLogic/ff", func(tr *Trace) (any, error) { return run(exprNestedLogicAsync(tr, false, false)) }),
	okCase("exprCompositeLiteral", func(tr *Trace) (any, error) { return run(exprCompositeLiteralAsync(tr)) }),
	okCase("exprStructLiteral", func(tr *Trace) (any, error) { return run(exprStructLiteralAsync(tr)) }),
	okCase("exprMapLiteral", func(tr *Trace) (any, error) { return run(exprMapLiteralAsync(tr)) }),
	okCase("exprIndex", func(tr *Trace) (any, error) { return run(exprIndexAsync(tr)) }),
	okCase("exprIndexAssign", func(tr *Trace) (any, error) { return run(exprIndexAssignAsync(tr)) }),
	okCase("exprConversion", func(tr *Trace) (any, error) { return run(exprConversionAsync(tr)) }),
	okCase("chanElemTypes", func(tr *Trace) (any, error) { return run(chanElemTypesAsync(tr)) }),
	okCase("exprReturnTwoResults", func(tr *Trace) (any, error) { return run(exprReturnTwoResultsAsync(tr)) }),
	okCase("exprReturnError", func(tr *Trace) (any, error) { return run(exprReturnErrorAsync(tr)) }),
	okCase("exprMultiAssign", func(tr *Trace) (any, error) { return run(exprMultiAssignAsync(tr)) }),
	okCase("exprSwapAwait", func(tr *Trace) (any, error) { return run(exprSwapAwaitAsync(tr)) }),
	okCase("exprOpAssign", func(tr *Trace) (any, error) { return run(exprOpAssignAsync(tr)) }),
	okCase("exprIncDec", func(tr *Trace) (any, error) { return run(exprIncDecAsync(tr)) }),
	okCase("exprMethodCall", func(tr *Trace) (any, error) { return run(exprMethodCallAsync(tr)) }),
	okCase("exprNestedAwait", func(tr *Trace) (any, error) { return run(exprNestedAwaitAsync(tr)) }),
	okCase("exprUnary", func(tr *Trace) (any, error) { return run(exprUnaryAsync(tr)) }),
	okCase("exprSliceExpr", func(tr *Trace) (any, error) { return run(exprSliceExprAsync(tr)) }),
	okCase("exprSend", func(tr *Trace) (any, error) { return run(exprSendAsync(tr)) }),
	okCase("exprCallResultAwait", func(tr *Trace) (any, error) { return run(exprCallResultAwaitAsync(tr)) }),
	okCase("exprAwaitInStatement", func(tr *Trace) (any, error) { return run(exprAwaitInStatementAsync(tr)) }),

	// order.go
	okCase("orderAssertions", func(tr *Trace) (any, error) { return run(orderAssertionsAsync(tr)) }),
	okCase("orderAssertionPanics", func(tr *Trace) (any, error) { return run(orderAssertionPanicsAsync(tr)) }),
	okCase("orderAssertionGeneric", func(tr *Trace) (any, error) { return run(orderAssertionGenericAsync[int](tr, 1)) }),
	okCase("orderSlices", func(tr *Trace) (any, error) { return run(orderSlicesAsync(tr)) }),
	okCase("orderSlicePanics", func(tr *Trace) (any, error) { return run(orderSlicePanicsAsync(tr)) }),
	okCase("orderReceivers", func(tr *Trace) (any, error) { return run(orderReceiversAsync(tr)) }),
	okCase("orderLiterals", func(tr *Trace) (any, error) { return run(orderLiteralsAsync(tr)) }),
	okCase("orderTargets", func(tr *Trace) (any, error) { return run(orderTargetsAsync(tr)) }),
	okCase("orderRangeTargets", func(tr *Trace) (any, error) { return run(orderRangeTargetsAsync(tr)) }),
	okCase("orderRangeTargetPanics", func(tr *Trace) (any, error) { return run(orderRangeTargetPanicsAsync(tr)) }),

	// generics.go
	okCase("genericMap", func(tr *Trace) (any, error) {
		return run(genericMapAsync(tr, []int{1, 2, 3}, strconv.Itoa))
	}),
	okCase("genericMax", func(tr *Trace) (any, error) { return run(genericMaxAsync(tr, 3, 9, 2)) }),
	okCase("genericMax/empty", func(tr *Trace) (any, error) { return run(genericMaxAsync[string](tr)) }),
	okCase("genericSum", func(tr *Trace) (any, error) { return run(genericSumAsync(tr, []float64{1.5, 2.5})) }),
	okCase("genericCallsGeneric", func(tr *Trace) (any, error) { return run(genericCallsGenericAsync(tr, "a", "b")) }),
	okCase("genericStack", func(tr *Trace) (any, error) { return run(genericStackAsync(tr)) }),
	okCase("blankTypeParams", func(tr *Trace) (any, error) { return run(blankTypeParamsCallerAsync(tr)) }),
	okCase("methods", func(tr *Trace) (any, error) { return run(methodsAsync(tr)) }),
	okCase("methodValueReceiver", func(tr *Trace) (any, error) { return run(methodValueReceiverAsync(tr)) }),
	okCase("fib", func(tr *Trace) (any, error) { return run(fibAsync(12)) }),
	okCase("deepRecursion", func(tr *Trace) (any, error) { return run(deepRecursionAsync(10000)) }),
	okCase("mutualRecursion", func(tr *Trace) (any, error) { return run(mutualEvenAsync(11)) }),
	okCase("resultShapes", func(tr *Trace) (any, error) { return run(resultShapesAsync(tr)) }),
	okCase("callsVariadic", func(tr *Trace) (any, error) { return run(callsVariadicAsync(tr)) }),
	okCase("unnamedParams", func(tr *Trace) (any, error) { return run(unnamedParamsAsync(1, "x")) }),
	okCase("localTypesPerInstance", func(tr *Trace) (any, error) { return run(localTypesPerInstanceCallerAsync(tr)) }),

	// rangefunc.go
	okCase("rangeFuncPanicSeen", func(tr *Trace) (any, error) { return run(rangeFuncPanicSeenAsync(tr)) }),
	okCase("rangeFuncFewerVars", func(tr *Trace) (any, error) { return run(rangeFuncFewerVarsAsync(tr)) }),
	okCase("rangeNamedString", func(tr *Trace) (any, error) { return run(rangeNamedStringAsync(tr, "héllo")) }),
	okCase("rangeFuncPanicNested", func(tr *Trace) (any, error) { return run(rangeFuncPanicNestedAsync(tr)) }),
	okCase("rangeFuncPanicNativeInner", func(tr *Trace) (any, error) { return run(rangeFuncPanicNativeInnerAsync(tr)) }),
	okCase("rangeFuncPanicFromAwaited", func(tr *Trace) (any, error) { return run(rangeFuncPanicFromAwaitedAsync(tr)) }),
	okCase("rangeFuncPanicReplaced", func(tr *Trace) (any, error) { return run(rangeFuncPanicReplacedAsync(tr)) }),
	okCase("rangeFuncPanicSwallowed", func(tr *Trace) (any, error) { return run(rangeFuncPanicSwallowedAsync(tr, false)) }),
	okCase("rangeFuncPanicSwallowed/again", func(tr *Trace) (any, error) { return run(rangeFuncPanicSwallowedAsync(tr, true)) }),
	okCase("rangeFuncBreakIgnored", func(tr *Trace) (any, error) { return run(rangeFuncBreakIgnoredAsync(tr)) }),
	okCase("rangeFuncIteratorPanics", func(tr *Trace) (any, error) { return run(rangeFuncIteratorPanicsAsync(tr)) }),
	okCase("rangeFuncBreakOuter", func(tr *Trace) (any, error) { return run(rangeFuncBreakOuterAsync(tr)) }),
	okCase("rangeFuncGeneric", func(tr *Trace) (any, error) {
		return run(rangeFuncGenericAsync(tr, func(yield func(int) bool) {
			defer tr.Add("generic iterator done")
			for i := range 4 {
				if !yield(i) {
					return
				}
			}
		}, -1))
	}),
	okCase("rangeFuncGeneric/panic", func(tr *Trace) (any, error) {
		return run(rangeFuncGenericAsync(tr, iter.Seq[int](observing(tr, "generic", 4)), 2))
	}),

	okCase("rangeFuncPlainExit/return", func(tr *Trace) (any, error) { return run(rangeFuncPlainExitAsync(tr, 0)) }),
	okCase("rangeFuncPlainExit/goto", func(tr *Trace) (any, error) { return run(rangeFuncPlainExitAsync(tr, 1)) }),
	okCase("rangeFuncPlainExit/breakOuter", func(tr *Trace) (any, error) { return run(rangeFuncPlainExitAsync(tr, 2)) }),
	okCase("rangeFuncPlainExit/continueOuter", func(tr *Trace) (any, error) { return run(rangeFuncPlainExitAsync(tr, 3)) }),
	okCase("rangeFuncPlainExit/continueMiddle", func(tr *Trace) (any, error) { return run(rangeFuncPlainExitAsync(tr, 4)) }),
	okCase("rangeFuncPlainExit/breakMiddle", func(tr *Trace) (any, error) { return run(rangeFuncPlainExitAsync(tr, 5)) }),
	okCase("rangeFuncPlainReturn", func(tr *Trace) (any, error) { return run(rangeFuncPlainReturnAsync(tr)) }),
	okCase("rangeFuncPlainNested/return", func(tr *Trace) (any, error) { return run(rangeFuncPlainNestedAsync(tr, false)) }),
	okCase("rangeFuncPlainNested/goto", func(tr *Trace) (any, error) { return run(rangeFuncPlainNestedAsync(tr, true)) }),
	okCase("rangeFuncPlainNamedResult", func(tr *Trace) (any, error) { return run(rangeFuncPlainNamedResultAsync(tr)) }),
	okCase("rangeFuncPlainCleanupPanics/return", func(tr *Trace) (any, error) { return run(rangeFuncPlainCleanupPanicsAsync(tr, 0)) }),
	okCase("rangeFuncPlainCleanupPanics/goto", func(tr *Trace) (any, error) { return run(rangeFuncPlainCleanupPanicsAsync(tr, 1)) }),
	okCase("rangeFuncPlainCleanupPanics/breakOuter", func(tr *Trace) (any, error) { return run(rangeFuncPlainCleanupPanicsAsync(tr, 2)) }),
	okCase("rangeFuncPlainCleanupPanics/continueOuter", func(tr *Trace) (any, error) { return run(rangeFuncPlainCleanupPanicsAsync(tr, 3)) }),

	// nested.go
	okCase("nestedDeferInRangeFunc", func(tr *Trace) (any, error) { return run(nestedDeferInRangeFuncAsync(tr)) }),
	okCase("nestedLabelsAndClosures", func(tr *Trace) (any, error) { return run(nestedLabelsAndClosuresAsync(tr)) }),
	okCase("nestedSwitchInLoopWithGoto", func(tr *Trace) (any, error) { return run(nestedSwitchInLoopWithGotoAsync(tr)) }),
	okCase("nestedShortCircuitInLoopCond", func(tr *Trace) (any, error) { return run(nestedShortCircuitInLoopCondAsync(tr)) }),
	okCase("nestedRecursionWithDefers", func(tr *Trace) (any, error) { return run(nestedRecursionWithDefersAsync(tr, 4)) }),
	okCase("nestedGenericMethodsInClosureLoop", func(tr *Trace) (any, error) { return run(nestedGenericMethodsInClosureLoopAsync(tr)) }),
	okCase("nestedErrorsAcrossFrames", func(tr *Trace) (any, error) { return run(nestedErrorsAcrossFramesAsync(tr)) }),

	// concurrent.go
	{name: "spawnOrder", concurrent: true, run: func(tr *Trace) (any, error) { return run(spawnOrderAsync(tr)) },
		want: wantTrace(`[]string{"a", "b", "c"}`, "spawned", "a start", "b start", "c start", "b done", "c done", "a done")},
	{name: "spawnInLoop", concurrent: true, run: func(tr *Trace) (any, error) { return run(spawnInLoopAsync(tr)) },
		want: wantTrace(`[]string{"x", "y", "z"}`, "x start", "y start", "z start", "z done", "y done", "x done")},
	{name: "cancelSleeper", concurrent: true, run: func(tr *Trace) (any, error) { return run(cancelSleeperAsync(tr)) },
		want: wantTrace(`"ok"`, "victim start", "victim: cancelled true", "cancelled=true is=true")},
	{name: "cancelWithDefers", concurrent: true, run: func(tr *Trace) (any, error) { return run(cancelWithDefersAsync(tr)) },
		want: wantTrace(`true`, "await returned true", "deferred runs on cancellation")},
	{name: "futureWait", concurrent: true, run: func(tr *Trace) (any, error) { return run(futureWaitAsync(tr)) },
		want: wantTrace(`99`, "waiting", "setting")},
	{name: "pingPong", concurrent: true, run: func(tr *Trace) (any, error) { return run(pingPongAsync(tr, 2)) },
		want: wantTrace(`20`, "ping 0", "pong 0", "ping 1", "pong 1")},
	// A spawned task's panic waits in the task until it is awaited, in
	// reference mode too.
	okCase("taskPanic", func(tr *Trace) (any, error) { return run(taskPanicAsync(tr)) }),
	{name: "timeAdvances", concurrent: true, run: func(tr *Trace) (any, error) { return run(timeAdvancesAsync(tr)) },
		want: wantTrace(`[]string{"1s", "1m0s", "1h0m0s"}`)},

	// retention.go
	{name: "deadLocalCollected", concurrent: true, run: func(tr *Trace) (any, error) { return run(collectedWhileSuspendedAsync(tr, holdThenWaitAsync)) },
		want: wantTrace(`true`, "collected while suspended: true", "held 7")},
	{name: "deadLocalInLoopCollected", concurrent: true, run: func(tr *Trace) (any, error) { return run(collectedWhileSuspendedAsync(tr, holdInLoopAsync)) },
		want: wantTrace(`true`, "collected while suspended: true", "held 3")},
	{name: "deadParamCollected", concurrent: true, run: func(tr *Trace) (any, error) { return run(collectedWhileSuspendedAsync(tr, holdParamAsyncOf)) },
		want: wantTrace(`true`, "collected while suspended: true", "held 5")},

	// verbatim.go
	okCase("verbatim/ranges", func(tr *Trace) (any, error) { return run(verbatimRangesAsync(tr)) }),
	okCase("verbatim/labels", func(tr *Trace) (any, error) { return run(verbatimLabelsAsync(tr)) }),
	okCase("verbatim/switches", func(tr *Trace) (any, error) { return run(verbatimSwitchesAsync(tr, 5)) }),
	okCase("verbatim/switchesNil", func(tr *Trace) (any, error) { return run(verbatimSwitchesAsync(tr, nil)) }),
	okCase("verbatim/switchesErr", func(tr *Trace) (any, error) { return run(verbatimSwitchesAsync(tr, errors.New("e"))) }),
	okCase("verbatim/select", func(tr *Trace) (any, error) { return run(verbatimSelectAsync(tr)) }),
	okCase("verbatim/defers", func(tr *Trace) (any, error) { return run(verbatimDefersAsync(tr)) }),
	okCase("verbatim/defers2", func(tr *Trace) (any, error) { return run(verbatimDefers2Async(tr)) }),
	okCase("verbatim/deferLoop", func(tr *Trace) (any, error) { return run(verbatimDeferLoopAsync(tr)) }),
	okCase("verbatim/unsafe", func(tr *Trace) (any, error) { return run(verbatimUnsafeAsync(tr)) }),
	okCase("verbatim/selectEmpty", func(tr *Trace) (any, error) { return run(verbatimSelectEmptyAsync(tr, false)) }),
	okCase("verbatim/assign", func(tr *Trace) (any, error) { return run(verbatimAssignAsync(tr)) }),
	okCase("verbatim/names", func(tr *Trace) (any, error) { return run(verbatimNamesAsync(tr, 5)) }),
	okCase("verbatim/namesS", func(tr *Trace) (any, error) { return run(verbatimNamesAsync(tr, "s")) }),
	okCase("verbatim/namesLoop", func(tr *Trace) (any, error) { return run(verbatimNamesLoopAsync(tr)) }),
	okCase("verbatim/pkgNames", func(tr *Trace) (any, error) { return run(verbatimPkgNamesAsync(tr, 9)) }),
	okCase("verbatim/pkgNames2", func(tr *Trace) (any, error) { return run(verbatimPkgNames2Async(tr)) }),
	okCase("verbatim/decls", func(tr *Trace) (any, error) { return run(verbatimDeclsAsync(tr)) }),
	okCase("verbatim/lits", func(tr *Trace) (any, error) { return run(verbatimLitsAsync(tr)) }),
	okCase("verbatim/ops", func(tr *Trace) (any, error) { return run(verbatimOpsAsync(tr)) }),
	okCase("verbatim/builtins", func(tr *Trace) (any, error) { return run(verbatimBuiltinsAsync(tr)) }),
	okCase("verbatim/types", func(tr *Trace) (any, error) { return run(verbatimTypesAsync(tr)) }),
	okCase("verbatim/frame", func(tr *Trace) (any, error) { return run(verbatimFrameAsync(tr)) }),
	okCase("verbatim/frameLoop", func(tr *Trace) (any, error) { return run(verbatimFrameLoopAsync(tr)) }),
	okCase("verbatim/ptrVars", func(tr *Trace) (any, error) { return run(verbatimPtrVarsAsync(tr)) }),
	okCase("verbatim/shadow", func(tr *Trace) (any, error) { return run(verbatimShadowAsync(tr)) }),
	okCase("verbatim/escape", func(tr *Trace) (any, error) { return run(verbatimEscapeAsync(tr)) }),
	okCase("verbatim/jumps", func(tr *Trace) (any, error) { return run(verbatimJumpsAsync(tr, 1)) }),
	okCase("verbatim/jumpsS", func(tr *Trace) (any, error) { return run(verbatimJumpsAsync(tr, "s")) }),
	okCase("verbatim/ret0", func(tr *Trace) (any, error) { return run(verbatimReturnAsync(tr, 0)) }),
	okCase("verbatim/ret1", func(tr *Trace) (any, error) { return run(verbatimReturnAsync(tr, 1)) }),
	okCase("verbatim/ret3", func(tr *Trace) (any, error) { return run(verbatimReturnAsync(tr, 3)) }),
	okCase("verbatim/misc", func(tr *Trace) (any, error) { return run(verbatimMiscAsync(tr)) }),
	okCase("verbatim/blockTypes", func(tr *Trace) (any, error) { return run(verbatimBlockTypesAsync(tr)) }),
	okCase("verbatim/emptyLabels", func(tr *Trace) (any, error) { return run(verbatimEmptyLabelsAsync(tr)) }),
	okCase("verbatim/litSig", func(tr *Trace) (any, error) { return run(verbatimLitSignaturesAsync(tr)) }),
	okCase("verbatim/rfDefer", func(tr *Trace) (any, error) { return run(verbatimRangeFuncDeferAsync(tr)) }),
	okCase("verbatim/labelBoth", func(tr *Trace) (any, error) { return run(verbatimLabelBothAsync(tr)) }),
	okCase("verbatim/locks", func(tr *Trace) (any, error) { return run(verbatimLocksAsync(tr)) }),
	okCase("verbatim/tsw1", func(tr *Trace) (any, error) { return run(verbatimTypeSwitchShapesAsync(tr, func() int { return 4 })) }),
	okCase("verbatim/tsw2", func(tr *Trace) (any, error) { return run(verbatimTypeSwitchShapesAsync(tr, []vPt{{1, 2}})) }),
	okCase("verbatim/tsw3", func(tr *Trace) (any, error) { return run(verbatimTypeSwitchShapesAsync(tr, make(<-chan int))) }),
	okCase("verbatim/tsw4", func(tr *Trace) (any, error) { n := 5; return run(verbatimTypeSwitchShapesAsync(tr, &n)) }),
	okCase("verbatim/tsw5", func(tr *Trace) (any, error) { return run(verbatimTypeSwitchShapesAsync(tr, vPt{1, 2})) }),
	okCase("verbatim/tsw6", func(tr *Trace) (any, error) { return run(verbatimTypeSwitchShapesAsync(tr, struct{}{})) }),
	okCase("verbatim/tsw7", func(tr *Trace) (any, error) { return run(verbatimTypeSwitchShapesAsync(tr, vNamed[int]{3})) }),
	okCase("verbatim/tsw8", func(tr *Trace) (any, error) { return run(verbatimTypeSwitchShapesAsync(tr, [2]int{1, 9})) }),
	okCase("verbatim/escLoop", func(tr *Trace) (any, error) { return run(verbatimEscapeInLoopAsync(tr, 5)) }),
	okCase("verbatim/deferNested", func(tr *Trace) (any, error) { return run(verbatimDeferNestedAsync(tr)) }),
	okCase("verbatim/rfj0", func(tr *Trace) (any, error) { return run(verbatimRangeFuncJumpsAsync(tr, 0)) }),
	okCase("verbatim/rfj1", func(tr *Trace) (any, error) { return run(verbatimRangeFuncJumpsAsync(tr, 1)) }),
	okCase("verbatim/rfj2", func(tr *Trace) (any, error) { return run(verbatimRangeFuncJumpsAsync(tr, 2)) }),
	okCase("verbatim/rfj3", func(tr *Trace) (any, error) { return run(verbatimRangeFuncJumpsAsync(tr, 3)) }),
	okCase("verbatim/fieldNames", func(tr *Trace) (any, error) { return run(verbatimFieldNamesAsync(tr, 9)) }),
	okCase("verbatim/inLowered", func(tr *Trace) (any, error) { return run(verbatimInLoweredAsync(tr, 4)) }),
	okCase("verbatim/inLoweredS", func(tr *Trace) (any, error) { return run(verbatimInLoweredAsync(tr, "s")) }),
	okCase("verbatim/genVerb", func(tr *Trace) (any, error) {
		return run(verbatimGenericVerbatimAsync(tr, []string{"a", "b"}, []vMyInt{1, 2}))
	}),
	okCase("verbatim/genVerbF", func(tr *Trace) (any, error) { return run(verbatimGenericVerbatimAsync(tr, []int{0}, []float64{1.5})) }),
}
