package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/packages"

	"github.com/asyncgen/asyncgen/analyzer"
	"github.com/asyncgen/asyncgen/rewrite"
)

// A source is a Go file of a package, parsed for its //async declarations
// before type checking.
type source struct {
	path   string          // absolute
	out    string          // absolute path of its generated file
	funcs  []*ast.FuncDecl // its //async declarations
	syntax *ast.File
	src    []byte // the bytes syntax was parsed from, which the stamp hashes
}

// A unit is one package as the generator sees it: its directory, its source
// files, and the generated files that exist on disk.
type unit struct {
	name     string
	path     string
	dir      string
	sources  []*source
	existing map[string]bool // generated files on disk (they have the header)
	errs     []string
	// stubs: what this unit's type check reads in place of generated
	// files. A path may stand for different things in two units (a test
	// file moved from package x to x_test: the old generated file is an
	// orphan of x's tests and the output of x_test), so each has its own.
	stubs map[string][]byte

	kind      int      // library, withTests or externTests
	goFiles   []string // the package's files, as listed
	imports   []string // import paths
	goVersion string   // the module's go version, e.g. "go1.26"
	// sizes are those of the build configuration's GOARCH, which the go
	// command reports: array lengths worked out from unsafe.Sizeof are
	// written out as numbers, right only for the architecture generated for.
	sizes types.Sizes

	// testFiles: a library's in-package test files, which go test
	// compiles with its generated files.
	testFiles []string
	// depOnly: a package of the main module that a unit imports, type
	// checked from source but not generated for (see loader.deps).
	depOnly bool
	// fromExport: a depOnly package read from its export data instead,
	// if the go command builds it (see loader.deps).
	fromExport bool

	// After type checking.
	types *types.Package
	info  *types.Info
	files []*ast.File // syntax of the source files, without generated ones
	// others: the package's source files of another unit (the package
	// proper's, beside test files).
	others []*ast.File
}

func (u *unit) errorf(format string, args ...any) {
	u.errs = append(u.errs, fmt.Sprintf(format, args...))
}

// outputName returns the generated file's name for a source file name:
// x.go → x_async.go, and x_test.go → x_async_test.go so that it stays a
// test file.
func outputName(name string) string {
	if base, ok := strings.CutSuffix(name, "_test.go"); ok {
		return base + "_async_test.go"
	}
	return strings.TrimSuffix(name, ".go") + "_async.go"
}

// referenceName returns the name of the reference variant of generated file
// out: x_async.go → x_async_ref.go.
func referenceName(out string) string {
	if base, ok := strings.CutSuffix(out, "_test.go"); ok {
		return base + "_ref_test.go"
	}
	return strings.TrimSuffix(out, ".go") + "_ref.go"
}

// isReferenceName reports whether a file name is that of a reference variant.
func isReferenceName(name string) bool {
	return strings.HasSuffix(name, "_async_ref.go") || strings.HasSuffix(name, "_async_ref_test.go")
}

// sourceName returns the name of the source file of generated file name:
// x_async.go, x_async_ref.go → x.go; x_async_test.go, x_async_ref_test.go
// → x_test.go.
func sourceName(name string) string {
	for _, suf := range []string{"_async_ref_test.go", "_async_test.go"} {
		if base, ok := strings.CutSuffix(name, suf); ok {
			return base + "_test.go"
		}
	}
	for _, suf := range []string{"_async_ref.go", "_async.go"} {
		if base, ok := strings.CutSuffix(name, suf); ok {
			return base + ".go"
		}
	}
	return name
}

// isOutputName reports whether a file name has the form of a generated file.
func isOutputName(name string) bool { return sourceName(name) != name }

// load lists the packages matching patterns, parses their files to find the
// //async declarations, and type-checks each package with signature stubs in
// place of its generated files, so that calls of FAsync resolve before the
// first generation and whatever the generated files hold now.
func (g *generator) load(patterns []string) (units []*unit, matched int, err error) {
	cfg := &packages.Config{
		Mode:  packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes,
		Dir:   g.dir,
		Env:   g.env,
		Tests: true,
	}
	t0 := time.Now()
	listed, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, 0, err
	}
	if g.verbose {
		g.logf("listed %d packages in %v", len(listed), time.Since(t0).Round(time.Millisecond))
	}
	// Package names of everything imported, for the stubs' imports.
	names := map[string]string{}
	packages.Visit(listed, nil, func(p *packages.Package) { names[p.PkgPath] = p.Name })
	l := &loader{g: g, names: names, overlay: map[string][]byte{}, fset: token.NewFileSet(), stubSource: map[string]string{}, ignored: map[string]bool{}}
	// go/packages lists the files that the configuration leaves out for
	// the package itself, not for its external test: the package's list
	// holds those of both.
	for _, p := range listed {
		for _, path := range p.IgnoredFiles {
			l.ignored[path] = true
		}
	}
	// Libraries first, then their test variants: a unit's files are
	// those of the variant, but it only generates for its own files.
	sort.SliceStable(listed, func(i, j int) bool { return kindOf(listed[i]) < kindOf(listed[j]) })
	for _, p := range listed {
		if len(p.Errors) > 0 && len(p.GoFiles) == 0 {
			for _, e := range p.Errors {
				return nil, 0, fmt.Errorf("%s", e.Msg)
			}
		}
		kind := kindOf(p)
		if len(p.GoFiles) == 0 || kind == testMain {
			continue
		}
		if p.Module != nil && !p.Module.Main {
			// go generate refuses too: another module's files are not
			// this module's to write (its cache copy is read-only).
			return nil, 0, fmt.Errorf("%s is in module %s, not in the main module: run asyncgen in that module's own checkout", p.PkgPath, p.Module.Path)
		}
		matched++ // a package or its tests (a directory may have only tests)
		u, err := l.unit(p, kind)
		if err != nil {
			return nil, 0, err
		}
		if u != nil {
			units = append(units, u)
		}
	}
	if len(units) == 0 {
		return nil, matched, nil
	}
	testFiles := map[string][]string{}
	for _, p := range listed {
		if kindOf(p) == withTests {
			for _, path := range p.GoFiles {
				if strings.HasSuffix(path, "_test.go") {
					testFiles[p.PkgPath] = append(testFiles[p.PkgPath], path)
				}
			}
		}
	}
	for _, u := range units {
		if u.kind == library {
			u.testFiles = testFiles[u.path]
		}
	}
	units = append(units, l.testVariants(listed, units)...)
	sort.SliceStable(units, func(i, j int) bool { return units[i].kind < units[j].kind })
	deps, err := l.deps(listed, units)
	if err != nil {
		return nil, 0, err
	}
	units = append(deps, units...)
	g.fset = l.fset
	g.stubs = l.overlay
	g.stubSource = l.stubSource
	t0 = time.Now()
	if err := g.typeCheck(units); err != nil {
		return nil, 0, err
	}
	if g.verbose {
		g.logf("type-checked in %v", time.Since(t0).Round(time.Millisecond))
	}
	return units, matched, nil
}

// Kinds of listed packages, in the order they are checked.
const (
	library     = iota // the package itself
	withTests          // the package with its _test.go files
	externTests        // the package_test package
	testMain           // the generated test main, ignored
)

func kindOf(p *packages.Package) int {
	switch {
	case p.Name == "main" && strings.HasSuffix(p.PkgPath, ".test"):
		return testMain
	case p.ID == p.PkgPath:
		return library
	case strings.HasSuffix(p.PkgPath, "_test") && strings.HasSuffix(p.Name, "_test"):
		return externTests
	}
	return withTests
}

type loader struct {
	g          *generator
	inDeps     bool // reading the packages the listed ones import (deps)
	names      map[string]string
	overlay    map[string][]byte
	stubSource map[string]string // stub path → the source it stands for
	ignored    map[string]bool   // files that the build configuration leaves out
	fset       *token.FileSet
}

// unit makes the unit of listed package p, or returns nil when it has
// nothing to generate or remove.
func (l *loader) unit(p *packages.Package, kind int) (*unit, error) {
	g := l.g
	u := newUnit(p, kind)
	ents, err := os.ReadDir(u.dir)
	if err != nil {
		return nil, err
	}
	// A source file that this build configuration leaves out (its build
	// constraints, or its name's _GOOS suffix) belongs to another one:
	// its generated file, which carries the same constraints, is that
	// configuration's to write or remove. Unless this configuration
	// builds the generated file: the source's constraints changed since,
	// and the generated file is this one's orphan.
	ignored := l.ignored
	for _, e := range ents {
		if n := e.Name(); isOutputName(n) && e.Type().IsRegular() {
			if path := filepath.Join(u.dir, n); generatedFile(path) && !(ignored[filepath.Join(u.dir, sourceName(n))] && ignored[path]) {
				u.existing[path] = true
			}
		}
	}
	broken := false // a file with //async functions does not parse
	var testDecls []*ast.File
	for _, path := range p.GoFiles {
		if u.existing[path] || !u.ownsSource(path) {
			continue
		}
		data, err := os.ReadFile(path)
		if err == nil && kind != withTests && !mayHaveDirective(data) {
			// No //async line, placed or misplaced, to find; a test
			// variant wants its declarations all the same (see
			// testCollisions). Most files of a package's imports are
			// skipped so.
			continue
		}
		var src any // the file again if it could not be read, for the error
		if err == nil {
			src = data
		}
		f, err := parser.ParseFile(l.fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			// The type check reports syntax errors with the others; it
			// must run even if no other file has //async functions.
			broken = broken || mentionsDirective(f)
			continue
		}
		if kind == withTests {
			testDecls = append(testDecls, f)
		}
		// A //async line that marks no function is an error of the
		// package, whether or not it has //async functions.
		for _, pr := range analyzer.PackageProblems(l.fset, nil, nil, f) {
			u.errs = append(u.errs, g.relPos(l.fset.Position(pr.Pos).String())+": "+pr.Message)
		}
		s := &source{path: path, out: filepath.Join(u.dir, outputName(filepath.Base(path))), syntax: f, src: data}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && analyzer.HasDirective(fd.Doc) {
				s.funcs = append(s.funcs, fd)
			}
		}
		if len(s.funcs) > 0 {
			u.sources = append(u.sources, s)
		}
	}
	if (len(u.sources) > 0 || len(u.errs) > 0 || broken) && !usesAsyncgen(u, ents) {
		// A package that neither imports the runtime, runs asyncgen from
		// go:generate nor holds its output: its "// async" lines are
		// prose, as asyncvet reads them (see analyzer.Funcs), as plain
		// Go code often has one above a go statement or a function that
		// starts one. Functions marked so are not compiled; a note says
		// why.
		for _, s := range u.sources {
			for _, fd := range s.funcs {
				if !l.inDeps { // else noted where it is listed, if it is
					g.logf("%s: %s is marked //async, but its package neither imports %s nor runs asyncgen from a //go:generate line, so the mark is taken for a comment: add the //go:generate line to compile it",
						g.relPos(l.fset.Position(fd.Pos()).String()), fd.Name.Name, analyzer.RuntimePath)
				}
			}
		}
		u.sources, u.errs, broken = nil, nil, false
	}
	sort.Slice(u.sources, func(i, j int) bool { return u.sources[i].path < u.sources[j].path })
	owned := false
	for path := range u.existing {
		owned = owned || u.ownsOutput(path)
	}
	if len(u.sources) == 0 && !owned && !broken && len(u.errs) > 0 {
		u.goFiles = nil // nothing to check: the misplaced directives are the unit's outcome
		return u, nil
	}
	if len(u.sources) == 0 && !owned && !broken {
		// Nothing to generate or remove; but a test file of the package
		// may declare a name that the package's generated code does,
		// which only the type check of the package with its tests,
		// skipped here, would see.
		if errs := l.testCollisions(u.dir, testDecls); len(errs) > 0 {
			u.errs = errs
			u.goFiles = nil // nothing to check: the errors are the unit's outcome
			return u, nil
		}
		return nil, nil
	}
	wanted := map[string]bool{}
	for _, s := range u.sources {
		wanted[s.out] = true
		if exists(s.out) && !u.existing[s.out] { // a link, even a dangling one, too
			u.errorf("%s: exists and was not generated by asyncgen (no %q line): rename it or delete it",
				g.rel(s.out), header)
			continue
		}
		l.overlay[s.out] = stubFile(l.fset, s.syntax, s.funcs, l.names)
		u.stubs[s.out] = l.overlay[s.out]
		l.stubSource[s.out] = s.path
	}
	// Generated files about to be removed must not take part either.
	for path := range u.existing {
		if u.ownsOutput(path) && !wanted[path] && !isReferenceName(filepath.Base(path)) {
			u.stubs[path] = []byte("package " + p.Name + "\n")
			if _, ok := l.overlay[path]; !ok {
				l.overlay[path] = u.stubs[path]
			}
			if _, ok := l.stubSource[path]; !ok {
				l.stubSource[path] = "" // unless it is another unit's output
			}
		}
	}
	return u, nil
}

// testVariants returns, for each external test among units whose package
// has in-package test files but no unit for them (they have nothing to
// generate), a unit of the package with its test files that is only type
// checked: the external test imports that, as go test builds it (an
// export_test.go exports the package's internals to it).
func (l *loader) testVariants(listed []*packages.Package, units []*unit) []*unit {
	have := map[string]bool{}
	for _, u := range units {
		if u.kind == withTests {
			have[u.path] = true
		}
	}
	need := map[string]bool{}
	for _, u := range units {
		if u.kind == externTests {
			need[strings.TrimSuffix(u.path, "_test")] = true
		}
	}
	var out []*unit
	for _, p := range listed {
		if kindOf(p) == withTests && need[p.PkgPath] && !have[p.PkgPath] && len(p.GoFiles) > 0 {
			have[p.PkgPath] = true
			u := newUnit(p, withTests)
			u.depOnly = true
			out = append(out, u)
		}
	}
	return out
}

// newUnit returns the unit of listed package p before its files are read.
func newUnit(p *packages.Package, kind int) *unit {
	u := &unit{name: p.Name, path: p.PkgPath, dir: filepath.Dir(p.GoFiles[0]), existing: map[string]bool{}, goFiles: p.GoFiles, kind: kind, stubs: map[string][]byte{}}
	for path := range p.Imports {
		u.imports = append(u.imports, path)
	}
	sort.Strings(u.imports)
	if p.Module != nil && p.Module.GoVersion != "" {
		u.goVersion = "go" + p.Module.GoVersion
	}
	u.sizes = p.TypesSizes
	return u
}

// deps returns the units of the packages of the main module that the
// listed packages import, directly or not, and that asyncgen's output
// takes part in: those with //async functions or generated files, and
// those that import one of them or a unit. They are type-checked from
// source, with stand-ins for their generated files, as the units are, and
// nothing is written for them. From export data they would be compiled
// against the generated files on disk: go generate ./... runs asyncgen
// package by package in the order of their paths, so a package that
// awaits another's //async function may come first, and would be
// generated against the other's generated file as it was, stale or
// missing; and a package's external test that imports a package built on
// it would see that one built on the package without its test files.
//
// Those whose generated files are fresh, as are those of every package of
// the module under them (see fresh.go), and which are neither listed nor
// built on a listed package, are read from export data instead: it shows
// them as their source would, and checking each from source, with all the
// packages under it, on each of the runs of go generate ./... made a
// module of many packages slow to generate. Their units are marked
// fromExport; typeCheck checks from source those that the go command
// cannot build as they are.
func (l *loader) deps(listed []*packages.Package, units []*unit) ([]*unit, error) {
	have := map[string]bool{} // libraries generated for, or checked from source
	for _, u := range units {
		if u.kind == library {
			have[u.path] = true
		}
	}
	isListed := map[string]bool{}
	for _, p := range listed {
		isListed[p.PkgPath] = true
	}
	cgo := map[string]bool{}
	byPath := map[string]*packages.Package{} // a plain package over a test variant of it
	var order []string                       // imports before their importers
	seen := map[*packages.Package]bool{}
	var walk func(p *packages.Package, imported bool)
	walk = func(p *packages.Package, imported bool) {
		if seen[p] {
			return
		}
		seen[p] = true
		paths := make([]string, 0, len(p.Imports))
		for path := range p.Imports {
			paths = append(paths, path)
		}
		sort.Strings(paths)
		for _, path := range paths {
			walk(p.Imports[path], true)
		}
		if !imported || have[p.PkgPath] || p.Module == nil || !p.Module.Main || len(p.GoFiles) == 0 {
			return
		}
		if k := kindOf(p); k == externTests || k == testMain {
			return // imported by a test main only
		}
		if importsC(p) {
			// Checked from source, its C types would have none (the
			// checker fakes package C): its export data has them. It
			// is in the order only for its importers' freshness.
			cgo[p.PkgPath] = true
		}
		if q, ok := byPath[p.PkgPath]; !ok {
			order = append(order, p.PkgPath)
			byPath[p.PkgPath] = p
		} else if q.ID != q.PkgPath && p.ID == p.PkgPath {
			byPath[p.PkgPath] = p
		}
	}
	for _, p := range listed {
		// A listed library that is not generated for (it has no //async
		// function) is checked from source all the same when a listed
		// package imports it: it may call another's FAsync.
		walk(p, !have[p.PkgPath] && kindOf(p) == library)
	}
	var deps []*unit
	l.inDeps = true
	defer func() { l.inDeps = false }()
	fresh := map[string]bool{}      // packages whose export data serves
	fromExport := map[string]bool{} // those among them that have units
	for _, path := range order {
		p := byPath[path]
		if cgo[path] {
			// From export data in any case, compiled against the
			// packages under it as the disk holds them: fresh here
			// says only that those agree with their source, for
			// the freshness of the packages that import it.
			fresh[path] = importsFresh(p, fresh)
			continue
		}
		u, err := l.unit(p, library)
		if err != nil {
			return nil, err
		}
		fresh[path] = !isListed[path] && importsFresh(p, fresh) && generatedFresh(p, u)
		// A fresh package has a unit in case its export data does not
		// build, and so have those that import one, which are then
		// checked from source too, as they are now when they are not
		// fresh.
		need := u != nil
		for _, imp := range p.Imports {
			need = need || have[imp.PkgPath] || fromExport[imp.PkgPath]
		}
		if !need {
			continue
		}
		if u == nil {
			u = newUnit(p, library)
		}
		// What keeps a package from being generated for (a misplaced
		// //async, a hand-written x_async.go) does not keep it from
		// building.
		u.errs = nil
		u.goFiles = p.GoFiles
		u.depOnly = true
		if fresh[path] {
			u.fromExport = true
			fromExport[path] = true
		} else {
			have[path] = true
		}
		deps = append(deps, u)
	}
	return deps, nil
}

// usesAsyncgen reports whether the unit's package is one that asyncgen
// compiles, as asyncvet decides it: it imports the runtime (or a package
// under it), a file of its directory (a test file too) imports it or runs
// asyncgen from a //go:generate line, or asyncgen's output is there.
func usesAsyncgen(u *unit, ents []os.DirEntry) bool {
	if len(u.existing) > 0 {
		return true
	}
	for _, path := range u.imports {
		if analyzer.IsRuntimePath(path) {
			return true
		}
	}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".go") || !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(u.dir, e.Name()))
		if err != nil {
			continue
		}
		if bytes.Contains(data, []byte(strconv.Quote(analyzer.RuntimePath))) || bytes.Contains(data, []byte(`"`+analyzer.RuntimePath+`/`)) {
			return true // a test file, say, imports the runtime
		}
		if !bytes.Contains(data, []byte("//go:generate ")) {
			continue
		}
		for line := range bytes.Lines(data) {
			if analyzer.IsGenerateLine(string(bytes.TrimSpace(line))) {
				return true
			}
		}
	}
	return false
}

// mayHaveDirective reports whether the text of a Go file holds what an
// //async line, or a misplaced one, would be: the type check parses it in
// any case, for its syntax errors.
func mayHaveDirective(data []byte) bool {
	return bytes.Contains(data, []byte(analyzer.Directive)) || bytes.Contains(data, []byte("// async"))
}

// mentionsDirective reports whether a file, parsed in part, has an //async
// directive among its comments.
func mentionsDirective(f *ast.File) bool {
	if f == nil {
		return false
	}
	for _, cg := range f.Comments {
		if analyzer.HasDirective(cg) {
			return true
		}
	}
	return false
}

// ownsSource reports whether the unit generates for the source file at path:
// a library for its non-test files, a test variant for its test files.
func (u *unit) ownsSource(path string) bool {
	return strings.HasSuffix(path, "_test.go") == (u.kind != library)
}

// testCollisions reports the top-level names that the in-package test
// files tests declare and the generated files of the package in dir (their
// stand-ins) declare too.
func (l *loader) testCollisions(dir string, tests []*ast.File) []string {
	if len(tests) == 0 {
		return nil
	}
	generated := map[string]string{} // name → the source it is generated for
	for path, data := range l.overlay {
		source := l.stubSource[path]
		if filepath.Dir(path) != dir || strings.HasSuffix(path, "_test.go") || source == "" {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, data, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, name := range topNames(f) {
			generated[name] = source
		}
	}
	var errs []string
	for _, f := range tests {
		for _, d := range f.Decls {
			for _, id := range declIdents(d) {
				if source, ok := generated[declKey(d, id)]; ok {
					errs = append(errs, fmt.Sprintf("%s: %s is declared here and generated for an //async function of %s: rename one of them",
						l.g.relPos(l.fset.Position(id.Pos()).String()), declKey(d, id), l.g.rel(source)))
				}
			}
		}
	}
	sort.Strings(errs)
	return errs
}

// topNames returns the keys (see declKey) of f's top-level declarations.
func topNames(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		for _, id := range declIdents(d) {
			names = append(names, declKey(d, id))
		}
	}
	return names
}

// declIdents returns the names a top-level declaration declares.
func declIdents(d ast.Decl) []*ast.Ident {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return []*ast.Ident{d.Name}
	case *ast.GenDecl:
		var ids []*ast.Ident
		for _, spec := range d.Specs {
			switch spec := spec.(type) {
			case *ast.TypeSpec:
				ids = append(ids, spec.Name)
			case *ast.ValueSpec:
				ids = append(ids, spec.Names...)
			}
		}
		return ids
	}
	return nil
}

// declKey is the name id declares as d: Recv.M for a method, else the name.
func declKey(d ast.Decl, id *ast.Ident) string {
	if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) > 0 {
		return rewrite.ReceiverTypeName(fd.Recv.List[0].Type) + "." + id.Name
	}
	return id.Name
}

// ownsOutput reports whether the unit manages the generated file at path
// (and may remove it): by its name for a library, by its package clause for
// the test variants, which share the test file names.
func (u *unit) ownsOutput(path string) bool {
	if !strings.HasSuffix(path, "_test.go") {
		return u.kind == library
	}
	if u.kind == library {
		return false
	}
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.PackageClauseOnly)
	return err == nil && f.Name.Name == u.name
}

// stubError reports whether err is an unused import in a stub, which keeps
// its source's dot imports whether or not its signatures use them.
func (g *generator) stubError(err types.Error) bool {
	if !strings.Contains(err.Msg, "imported and not used") {
		return false
	}
	_, ok := g.stubs[g.fset.Position(err.Pos).Filename]
	return ok
}

// generatedFile reports whether the file at path carries the generated-code
// header before its package clause.
func generatedFile(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	return hasHeader(data)
}

func hasHeader(data []byte) bool {
	for line := range bytes.Lines(data) {
		line = bytes.TrimRight(line, "\r\n")
		if string(line) == header {
			return true
		}
		if bytes.HasPrefix(line, []byte("package ")) {
			return false
		}
	}
	return false
}

// importsC reports whether a file of p imports "C": a cgo package.
func importsC(p *packages.Package) bool {
	fset := token.NewFileSet()
	for _, path := range p.GoFiles {
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, imp := range f.Imports {
			if imp.Path.Value == `"C"` {
				return true
			}
		}
	}
	return false
}
