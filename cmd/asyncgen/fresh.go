package main

import (
	"bytes"
	"go/ast"
	"os"

	"golang.org/x/tools/go/packages"
)

// A package of the module that a run imports but does not generate for is
// needed only for what its importers see of it: its declarations, the
// FAsync of its //async functions among them. Its export data, which the
// go command compiles from the files on disk, shows them as its source
// with stand-ins for its generated files does when the generated files
// declare, and with the same signatures, what the stand-ins would: when
// each is asyncgen's output for its source as the source is now (the
// stamp's hash) and unedited since (the body's hash), each source with
// //async functions has one, and none is built without such a source. A
// stand-in is made from its source's text alone, so this holds whatever
// the rest of the generated file holds, stale or not (but for an array
// length that the generated signature spells worked out: see
// computedLength): a frame compiled
// against a type since changed in another file makes a file that does
// not build, and the package is then checked from source all the same.
// It takes the packages under it too: a package's export data is compiled
// against theirs, and a declaration whose type comes from one of theirs
// (var Start = other.FAsync) has the type that one's generated file gave
// it. So a package is read from export data only when it and every
// package of the module under it are fresh so: see loader.deps.

// generatedFresh reports whether the generated files that build with
// package p, whose unit (nil when it has none) u is, are asyncgen's output
// for p's sources as they are now.
func generatedFresh(p *packages.Package, u *unit) bool {
	if u == nil {
		// No //async function, and no generated file.
		return true
	}
	if len(u.errs) > 0 {
		// A misplaced //async line or a hand-written x_async.go: its
		// generated files may not be what a run would write.
		return false
	}
	built := map[string]bool{}
	for _, path := range p.GoFiles {
		built[path] = true
	}
	outputs := map[string]bool{}
	for _, s := range u.sources {
		if !built[s.out] || !u.existing[s.out] || !stampedFor(s.out, s.path, s.src) {
			return false
		}
		for _, d := range s.funcs {
			if computedLength(d) {
				return false
			}
		}
		outputs[s.out] = true
	}
	for path := range u.existing {
		if built[path] && !outputs[path] {
			// An orphan, or a reference variant built in its place.
			return false
		}
	}
	return true
}

// computedLength reports whether d's signature holds an array type whose
// length is not a literal. The generated FAsync spells such a length
// worked out ([3]int for [N]int), so its signature goes stale with N,
// declared in another file or package, while d's file and the stamp stay
// as they were: a stand-in, which keeps [N]int, is right, and the export
// data may not be.
func computedLength(d *ast.FuncDecl) bool {
	found := false
	ast.Inspect(d.Type, func(n ast.Node) bool {
		if a, ok := n.(*ast.ArrayType); ok && a.Len != nil {
			if _, lit := a.Len.(*ast.BasicLit); !lit {
				found = true
			}
		}
		return !found
	})
	return found
}

// stampedFor reports whether the generated file at out was written for the
// source file at source as it is now (src, the bytes read and parsed), and
// not edited since.
func stampedFor(out, source string, src []byte) bool {
	data, err := os.ReadFile(out)
	if err != nil {
		return false
	}
	lines := bytes.SplitN(data, []byte("\n"), 4)
	if len(lines) < 4 || string(bytes.TrimSuffix(lines[1], []byte("\r"))) != stamp(source, src) {
		return false
	}
	// A file from before the body's hash was written may have been
	// edited.
	return bodyLine.Match(bytes.TrimSuffix(lines[2], []byte("\r"))) && !edited(data)
}

// importsFresh reports whether every package of the main module that p
// imports is in fresh.
func importsFresh(p *packages.Package, fresh map[string]bool) bool {
	for _, imp := range p.Imports {
		if imp.Module != nil && imp.Module.Main && !fresh[imp.PkgPath] {
			return false
		}
	}
	return true
}
