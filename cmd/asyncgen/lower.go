package main

import "github.com/asyncgen/asyncgen/rewrite"

// lowerFile compiles the //async functions of one file: the rewrite
// package's entry point, a variable so that tests call the same code.
var lowerFile = rewrite.File
