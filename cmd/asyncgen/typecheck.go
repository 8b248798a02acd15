package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"sort"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"

	"github.com/asyncgen/asyncgen/analyzer"
)

// typeCheck type-checks each unit from source, with the signature stubs in
// place of its generated files, importing its dependencies from the export
// data the go command builds (and caches), and reads the fresh packages of
// the module marked fromExport from theirs. Unlike a go/packages load with
// types, it never compiles the packages being generated: their stale
// generated files would make the go command do work that is thrown away.
func (g *generator) typeCheck(units []*unit) error {
	roots := map[string]*unit{} // libraries checked from source, by path
	for _, u := range units {
		if u.kind == library && !u.fromExport {
			roots[u.path] = u
		}
	}
	need := map[string]bool{analyzer.RuntimePath: true}
	for _, u := range units {
		if u.fromExport {
			need[u.path] = true
		}
		for _, path := range u.imports {
			if roots[path] == nil && path != "unsafe" && path != "C" {
				need[path] = true
			}
		}
	}
	var paths []string
	for path := range need {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedExportFile, Dir: g.dir, Env: g.env}
	deps, err := packages.Load(cfg, paths...)
	if err != nil {
		return err
	}
	im := &exportImporter{fset: g.fset, files: map[string]string{}, pkgs: map[string]*types.Package{}, failed: map[string]string{},
		source: map[*types.Package]bool{}, fresh: map[string]bool{}, explain: g.whyNoExport}
	builds := map[string]bool{}
	for _, p := range deps {
		im.files[p.PkgPath] = p.ExportFile
		builds[p.PkgPath] = p.ExportFile != "" && len(p.Errors) == 0
		if p.ExportFile == "" && len(p.Errors) > 0 {
			// The package does not build: its own error says why, where
			// "no export data" would not.
			im.failed[p.PkgPath] = g.relPos(buildError(p.Errors[0]))
		}
	}
	// A fresh package whose generated files do not build as they are (a
	// frame holds a type since changed elsewhere) is checked from source,
	// and so are the fresh packages that import one checked so. Looking at
	// direct imports is enough because units come imports first and every
	// package of the module that imports a fresh one has a unit (see
	// loader.deps): one further down already made its importer a root.
	fromExport := 0
	for _, u := range units {
		if !u.fromExport {
			continue
		}
		ok := builds[u.path]
		for _, path := range u.imports {
			ok = ok && roots[path] == nil
		}
		if !ok {
			u.fromExport = false
			roots[u.path] = u
			delete(im.files, u.path)
			delete(im.failed, u.path)
			continue
		}
		im.fresh[u.path] = true
		fromExport++
	}
	if g.verbose {
		fromSource := 0
		for _, u := range roots {
			if u.depOnly {
				fromSource++
			}
		}
		g.logf("packages of the module imported: %d from export data, %d checked from source", fromExport, fromSource)
	}
	// Libraries that import libraries are checked after them; test
	// variants come last (units are sorted by kind), and an external test
	// imports the library with its test files when there is such a unit.
	done := map[string]bool{}
	var order []*unit // libraries, each after those it imports
	var visit func(u *unit)
	visit = func(u *unit) {
		if done[u.path] {
			return
		}
		done[u.path] = true
		for _, path := range u.imports {
			if r := roots[path]; r != nil {
				visit(r)
			}
		}
		if why := g.check1(u, im); why != "" {
			// Its importers are told that it does not build, and why,
			// as they are when it is not generated for in this run.
			delete(im.pkgs, u.path)
			im.failed[u.path] = why
		}
		order = append(order, u)
	}
	variants := map[string]*unit{}
	for _, u := range units {
		switch {
		case u.fromExport:
		case u.kind == library:
			visit(u)
		case u.kind == withTests:
			lib := im.pkgs[u.path]
			g.check1(u, im)
			variants[u.path] = u
			im.pkgs[u.path] = lib
		case u.kind == externTests:
			lib := strings.TrimSuffix(u.path, "_test")
			saved := map[string]*types.Package{lib: im.pkgs[lib]}
			if t := variants[lib]; t != nil && t.types != nil {
				im.pkgs[lib] = t.types
				// The packages built on lib that the test imports,
				// directly or not, are built on lib with its test files
				// too, as the go command builds them for the test.
				// order lists imports first, so on (lib and the packages
				// built on it) is complete for r's imports when r comes.
				reach := map[string]bool{}
				var mark func(paths []string)
				mark = func(paths []string) {
					for _, path := range paths {
						if r := roots[path]; r != nil && !reach[path] {
							reach[path] = true
							mark(r.imports)
						}
					}
				}
				mark(u.imports)
				on := map[string]bool{lib: true}
				for _, r := range order {
					for _, path := range r.imports {
						on[r.path] = on[r.path] || on[path]
					}
					if reach[r.path] && r.path != lib && on[r.path] && im.pkgs[r.path] != nil {
						saved[r.path] = im.pkgs[r.path]
						// A copy of r without what check1 fills in.
						c := *r
						c.errs, c.files, c.others, c.types, c.info = nil, nil, nil, nil, nil
						g.check1(&c, im)
					}
				}
			}
			g.check1(u, im)
			for path, p := range saved {
				im.pkgs[path] = p
			}
			delete(im.pkgs, u.path)
		}
	}
	return nil
}

// check1 type-checks unit u from source, with the stand-ins for its
// generated files, and returns why the package does not build: its first
// syntax or type error, or "" if it builds. The problems found before (a
// misplaced //async line) keep it from being generated for, not from
// building nor from being imported.
func (g *generator) check1(u *unit, im *exportImporter) (why string) {
	pre := len(u.errs)
	// The stand-ins for generated files come after the package's own
	// files, whether the generated file exists or not: a name they declare
	// that the package declares too is then reported at the stand-in, as
	// the name asyncgen generates (see stubErrorText).
	var files, stubs []*ast.File
	inUnit := map[string]bool{}
	for _, path := range u.goFiles {
		inUnit[path] = true
		var src any
		if data, ok := u.stub(g, path); ok {
			src = data
		} else if u.existing[path] || g.renamed[path] {
			continue // a generated file about to be replaced or removed, or renamed
		}
		f, err := parser.ParseFile(g.fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			u.errs = append(u.errs, g.relErr(err))
			continue
		}
		switch {
		case src != nil:
			stubs = append(stubs, f)
		case u.ownsSource(path):
			u.files = append(u.files, f)
			files = append(files, f)
		default:
			u.others = append(u.others, f)
			files = append(files, f)
		}
	}
	// Stubs of generated files that do not exist yet, for sources of this
	// unit.
	var missing []string
	for path, source := range g.stubSource {
		if source != "" && inUnit[source] && !inUnit[path] {
			missing = append(missing, path)
		}
	}
	sort.Strings(missing)
	for _, path := range missing {
		data, _ := u.stub(g, path)
		f, err := parser.ParseFile(g.fset, path, data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			u.errs = append(u.errs, g.relErr(err))
			continue
		}
		stubs = append(stubs, f)
	}
	files = append(files, stubs...)
	if len(u.errs) > pre {
		return u.errs[pre]
	}
	u.info = &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Instances:    map[*ast.Ident]types.Instance{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		Scopes:       map[ast.Node]*types.Scope{},
		FileVersions: map[*ast.File]string{},
	}
	// Errors in the stand-ins for generated files repeat the source's
	// (a stub copies its signatures) or are name collisions: the first
	// are left out when the source has errors of its own, the second
	// are said in terms of the source.
	var stubErrs []string
	var undefined []undefinedAsync
	var typeErrs []undefinedAsync // all of the source's, for coroutineHint
	conf := types.Config{
		Importer:  im,
		GoVersion: u.goVersion,
		// cgo files are checked against a permissive C package: asyncgen
		// needs their declarations, not their C.
		FakeImportC: true,
		Sizes:       u.sizesOrHost(),
		Error: func(err error) {
			te, ok := err.(types.Error)
			if ok && (te.Soft && len(u.errs) > pre || g.stubError(te)) {
				return
			}
			if ok {
				if msg, collision, inStub := g.stubErrorText(te); collision {
					u.errs = append(u.errs, msg) // its "other declaration" follows
					return
				} else if inStub {
					stubErrs = append(stubErrs, msg)
					return
				}
			}
			if ok && strings.Contains(te.Msg, "Async") {
				undefined = append(undefined, undefinedAsync{len(u.errs), te})
			}
			if ok {
				typeErrs = append(typeErrs, undefinedAsync{len(u.errs), te})
			}
			u.errs = append(u.errs, g.relErr(err))
		},
	}
	u.types, _ = conf.Check(u.path, g.fset, files, u.info)
	if u.types != nil {
		im.source[u.types] = true
	}
	for _, e := range undefined {
		u.errs[e.index] += g.notAsync(u, im, files, e.err)
	}
	if u.types != nil {
		for _, e := range typeErrs {
			// runtime.Await(F(x)) for runtime.Await(FAsync(x)): the
			// compiler's error says only that F's results are not an
			// awaitable. F is //async when FAsync is beside it, here
			// its stand-in or in export data its generated code.
			hint := analyzer.CoroutineHint(u.info, u.types, files, e.err.Pos, analyzer.HasCoroutine)
			u.errs[e.index] = analyzer.WithHint(u.errs[e.index], hint)
		}
	}
	own := false // an error of the source itself, not a follow-up line
	for _, e := range u.errs {
		own = own || !strings.Contains(e, ": \t")
	}
	if !own {
		u.errs = append(u.errs, stubErrs...)
	}
	if u.types != nil {
		im.pkgs[u.path] = u.types
	}
	if len(u.errs) > pre {
		return u.errs[pre]
	}
	return ""
}

// undefinedAsync is a type error that may be a call of FAsync for an F
// that has no //async line: u.errs[index] is err's text.
type undefinedAsync struct {
	index int
	err   types.Error
}

// notAsync returns what to add to type error err, of unit u, when the
// name it finds undefined is FAsync, for a function or method F, of a
// package checked from source, that is not //async: that F is not, where
// it is, and the fix. It returns "" for any other error.
func (g *generator) notAsync(u *unit, im *exportImporter, files []*ast.File, err types.Error) string {
	if u.types == nil || !strings.Contains(err.Msg, "undefined") {
		return ""
	}
	var id *ast.Ident
	var x ast.Expr // the operand of a selector
	for _, f := range files {
		if err.Pos < f.FileStart || err.Pos > f.FileEnd {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if n.Sel.Pos() == err.Pos {
					id, x = n.Sel, n.X
					return false
				}
			case *ast.Ident:
				if n.Pos() == err.Pos && id == nil {
					id = n
				}
			}
			return id == nil
		})
	}
	if id == nil {
		return ""
	}
	base, ok := strings.CutSuffix(id.Name, "Async")
	if !ok || base == "" {
		return ""
	}
	var obj types.Object
	name := base
	switch pn := pkgName(u.info, x); {
	case x == nil:
		obj = u.types.Scope().Lookup(base)
	case pn != nil:
		obj = pn.Imported().Scope().Lookup(base)
		name = pn.Name() + "." + base
	default:
		tv, ok := u.info.Types[x]
		if !ok || tv.Type == nil {
			return ""
		}
		obj, _, _ = types.LookupFieldOrMethod(tv.Type, tv.Addressable(), u.types, base)
		if fn, ok := obj.(*types.Func); ok && fn.Signature().Recv() != nil {
			recv := fn.Signature().Recv().Type()
			if p, ok := recv.(*types.Pointer); ok {
				recv = p.Elem()
			}
			if n, ok := recv.(*types.Named); ok {
				name = n.Obj().Name() + "." + base
				if n.Obj().Pkg() != u.types {
					name = n.Obj().Pkg().Name() + "." + name
				}
			}
		}
	}
	fn, ok := obj.(*types.Func)
	if !ok || !im.source[fn.Pkg()] && !im.fresh[fn.Pkg().Path()] {
		// From export data, F may be //async in a package whose
		// generated file is missing: only its source tells, or its
		// generated files being fresh.
		return ""
	}
	pos := g.fset.Position(fn.Pos())
	if !im.source[fn.Pkg()] {
		pos = namePos(pos, fn.Name())
	}
	return fmt.Sprintf("; %s (%s) is not //async: add //async to its doc comment, or call %s directly",
		name, g.relPos(pos.String()), base)
}

// namePos returns the position of the name of the function or method name
// declared at pos, which export data gives as that of the declaration, as
// its source, checked, would give it.
func namePos(pos token.Position, name string) token.Position {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, pos.Filename, nil, parser.SkipObjectResolution)
	if err != nil {
		return pos
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == name && fset.Position(fd.Pos()).Line == pos.Line {
			return fset.Position(fd.Name.Pos())
		}
	}
	return pos
}

// pkgName returns the package name that x, an operand of a selector, is,
// or nil if it is not one.
func pkgName(info *types.Info, x ast.Expr) *types.PkgName {
	id, ok := x.(*ast.Ident)
	if !ok {
		return nil
	}
	pn, _ := info.Uses[id].(*types.PkgName)
	return pn
}

// stub is what u's type check reads in place of the generated file at
// path: its own stand-in, or the one another unit made for it.
func (u *unit) stub(g *generator, path string) ([]byte, bool) {
	if data, ok := u.stubs[path]; ok {
		return data, true
	}
	data, ok := g.stubs[path]
	return data, ok
}

// buildError is the text of a package's error: for a compiler's, reported
// by the go command without a position of its own, the compiler's lines
// without the "# package" one before them.
func buildError(e packages.Error) string {
	if e.Pos != "" && e.Pos != "-" {
		return e.Error()
	}
	var lines []string
	for line := range strings.Lines(e.Msg) {
		if line = strings.TrimRight(line, "\n"); line != "" && !strings.HasPrefix(line, "# ") {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "; ")
}

// whyNoExport asks the go command why package path has no export data
// although it reported no error of its own: the error is then one of its
// dependencies' (go list's DepsErrors), which go/packages does not pass on,
// such as a missing go.sum entry.
func (g *generator) whyNoExport(path string) string {
	// Each error ends with an ASCII record separator: an error's text may
	// span lines.
	// -export builds the dependencies: without it a compiler's error in
	// one is not among them.
	cmd := exec.Command("go", "list", "-e", "-export", "-f", "{{with .Error}}{{.}}\x1e{{end}}{{range .DepsErrors}}{{.}}\x1e{{end}}", "--", path)
	cmd.Dir, cmd.Env = g.dir, g.env
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	msg, _, _ := strings.Cut(string(out), "\x1e")
	// A compiler's errors come after a "# package" line, one a line; an
	// indented line goes on the one before.
	var b strings.Builder
	for line := range strings.Lines(msg) {
		text := strings.Join(strings.Fields(line), " ")
		switch {
		case text == "" || strings.HasPrefix(text, "# "):
		case b.Len() == 0:
			b.WriteString(g.relPos(text))
		case line[0] == ' ' || line[0] == '\t':
			b.WriteString(" " + text)
		default:
			b.WriteString("; " + g.relPos(text))
		}
	}
	return b.String()
}

// stubErrorText reports whether err lies in the stand-in for a generated
// file, and says it in terms of the source; collision reports a name that
// asyncgen generates (FAsync, a method, the helpers) declared in the
// package already, which is the error itself rather than a repeat of one
// in the source.
func (g *generator) stubErrorText(err types.Error) (msg string, collision, inStub bool) {
	pos := g.fset.Position(err.Pos)
	source, ok := g.stubSource[pos.Filename]
	if !ok || source == "" {
		return "", false, false
	}
	text := err.Msg
	if g.wd != "" {
		// "already declared at /abs/dir/x.go:7:12": the position as the
		// others are written.
		text = strings.ReplaceAll(text, g.wd+string(filepath.Separator), "")
	}
	if strings.HasSuffix(err.Msg, " redeclared in this block") || strings.Contains(err.Msg, " already declared at ") ||
		strings.HasPrefix(err.Msg, "field and method with the same name ") {
		return fmt.Sprintf("%s: %s: asyncgen generates this name for the //async functions of this file, and the package declares it already: rename that declaration or the //async function", g.rel(source), text), true, true
	}
	return fmt.Sprintf("%s: in the declarations generated for it: %s", g.rel(source), text), false, true
}

// exportImporter imports packages from the export data files listed by the
// go command, sharing one package map so that types are identical across
// imports.
type exportImporter struct {
	fset   *token.FileSet
	files  map[string]string
	pkgs   map[string]*types.Package
	failed map[string]string       // the first error of each package that does not build
	source map[*types.Package]bool // the packages checked from source
	// fresh: the packages of the module read from export data, all of
	// whose //async functions have their FAsync there.
	fresh map[string]bool
	// explain says why a package that reported no error of its own has
	// no export data, "" if it cannot.
	explain func(path string) string
}

func (im *exportImporter) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if p := im.pkgs[path]; p != nil && p.Complete() {
		return p, nil
	}
	file := im.files[path]
	if file == "" {
		if msg := im.failed[path]; msg != "" {
			return nil, fmt.Errorf("it does not build: %s", msg)
		}
		if msg := im.explain(path); msg != "" {
			im.failed[path] = msg // asked once
			return nil, fmt.Errorf("it does not build: %s", msg)
		}
		return nil, fmt.Errorf("no export data for %q", path)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("reading export data for %q: %v", path, err)
	}
	return gcexportdata.Read(r, im.fset, im.pkgs, path)
}

// sizesOrHost is the unit's sizes, or, if the go command did not say
// them, this process's.
func (u *unit) sizesOrHost() types.Sizes {
	if u.sizes != nil {
		return u.sizes
	}
	return types.SizesFor("gc", goruntime.GOARCH)
}
