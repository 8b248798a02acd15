package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// A staleCgo is a cgo package that a run imports, whose generated files
// are not asyncgen's output for its source as it is now. asyncgen reads a
// cgo package from the export data that the go command compiles from the
// files on disk, not from its source (checked from source, its C types
// would have none): a package using what its generated files declare
// would be generated against the declarations they had before, and is
// refused. A package using only its other declarations, which its source
// gives, is generated as usual.
type staleCgo struct {
	path, name string // its import path and package name
	out, state string // its first stale generated file and what it is (see staleOutput)
	command    string // the command that generates it
	// funcs and methods: the names of its //async functions and methods,
	// of their FAsync, and of the functions and methods that its
	// generated files on disk declare (an FAsync of a function no longer
	// //async among them).
	funcs, methods map[string]bool
	// refused: its //async functions that asyncgen refuses for their use
	// of cgo, with their positions: no run can generate the package until
	// they change.
	refused []string
}

// newStaleCgo makes the staleCgo of cgo package p, whose unit is u, whose
// generated file out is state (see staleOutput).
func (l *loader) newStaleCgo(p *packages.Package, u *unit, out, state string) *staleCgo {
	g := l.g
	c := &staleCgo{
		path: p.PkgPath, name: p.Name, out: out, state: state,
		command: g.asyncgenCommand(p.Module.GoMod) + " " + g.dirArg(filepath.Dir(out)),
		funcs:   map[string]bool{}, methods: map[string]bool{},
	}
	add := func(d *ast.FuncDecl, async bool) {
		set := c.funcs
		if d.Recv != nil {
			set = c.methods
		}
		set[d.Name.Name] = true
		if async {
			set[d.Name.Name+"Async"] = true
		}
	}
	for _, s := range u.sources {
		for _, d := range s.funcs {
			add(d, true)
			if pos := cgoCall(s.syntax, d); pos.IsValid() {
				c.refused = append(c.refused, fmt.Sprintf("%s (%s)", d.Name.Name, g.relPos(l.fset.Position(pos).String())))
			}
		}
	}
	fset := token.NewFileSet()
	for path := range u.existing {
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				add(fd, false)
			}
		}
	}
	return c
}

// cgoCall returns the position of the first C.name in the //async function
// d of file f, which asyncgen refuses, or NoPos. It reads the syntax
// alone, as a cgo package is not type-checked: C is the name of the
// import of "C" in f.
func cgoCall(f *ast.File, d *ast.FuncDecl) token.Pos {
	if !slices.ContainsFunc(f.Imports, func(imp *ast.ImportSpec) bool { return imp.Path.Value == `"C"` }) || d.Body == nil {
		return token.NoPos
	}
	pos := token.NoPos
	ast.Inspect(d.Body, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && !pos.IsValid() {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "C" {
				pos = sel.Pos()
			}
		}
		return !pos.IsValid()
	})
	return pos
}

// message is the error of importer, a package refused because it uses
// what c's generated files declare: it names importer, and says what to
// do first, generate c, or when asyncgen refuses c's //async functions,
// change them.
func (c *staleCgo) message(g *generator, importer string) string {
	if len(c.refused) > 0 {
		return fmt.Sprintf("%s: not generated: it uses the //async functions of cgo package %s, whose generated file %s is %s, and which no run can generate while it uses cgo in //async function %s: move the C calls into a plain Go function and call that, then generate that package (%s) and this one again",
			importer, c.path, g.rel(c.out), c.state, strings.Join(c.refused, ", "), c.command)
	}
	return fmt.Sprintf("%s: not generated: it uses the //async functions of cgo package %s, whose generated file %s is %s: asyncgen reads a cgo package from the export data that the go command compiles from the files on disk, not from its source, and would generate %s against the declarations they had before: generate that package first (%s), then this one again (after a go generate ./..., which goes on to the other packages, run it again)",
		importer, c.path, g.rel(c.out), c.state, importer, c.command)
}

// usedBy reports whether files, type-checked with info (nil when they were
// only parsed), use what c's generated files declare: one of c.funcs
// through an import of c, or one of c.methods (of a type of c, when info
// tells).
func (c *staleCgo) usedBy(files []*ast.File, info *types.Info) bool {
	for _, f := range files {
		local := map[string]bool{} // the names c is imported under
		dot := false
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == c.path {
				switch {
				case imp.Name == nil:
					local[c.name] = true
				case imp.Name.Name == ".":
					dot = true
				case imp.Name.Name != "_":
					local[imp.Name.Name] = true
				}
			}
		}
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok && local[id.Name] && c.funcs[n.Sel.Name] && c.imported(info, id) {
					found = true
				}
				if c.methods[n.Sel.Name] && c.method(info, n) {
					found = true
				}
			case *ast.Ident:
				if dot && c.funcs[n.Name] && c.dotted(info, n) {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// imported reports whether id names the import of c, as far as info tells.
func (c *staleCgo) imported(info *types.Info, id *ast.Ident) bool {
	if info == nil {
		return true
	}
	pn, ok := info.Uses[id].(*types.PkgName)
	return ok && pn.Imported().Path() == c.path
}

// dotted reports whether id, in a file that dot-imports c, names a
// function of c, or nothing (an FAsync its export data lacks), as far as
// info tells.
func (c *staleCgo) dotted(info *types.Info, id *ast.Ident) bool {
	if info == nil {
		return true
	}
	obj := info.Uses[id]
	return obj == nil && info.Defs[id] == nil || obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == c.path
}

// method reports whether sel selects a method of a type of c, as far as
// info tells: one that the export data has, or one it lacks on a value
// of a type of c.
func (c *staleCgo) method(info *types.Info, sel *ast.SelectorExpr) bool {
	if info == nil {
		return true
	}
	if s := info.Selections[sel]; s != nil {
		return s.Obj().Pkg() != nil && s.Obj().Pkg().Path() == c.path
	}
	t := info.TypeOf(sel.X)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == c.path
}

// reportStaleCgo refuses each unit generated for that uses, itself or
// through a package of the module between it and the cgo package, what a
// cgo package of l.staleCgo declares in its generated files: its type
// check read them as the export data has them, which is not what the
// source declares. Its error comes first, before the type errors that
// follow from it (an FAsync missing from the export data).
func (l *loader) reportStaleCgo(units []*unit) {
	byID := map[string]*packages.Package{}
	for p := range l.graph {
		byID[p.ID] = p
	}
	checked := map[string]*unit{} // units type-checked from source, by package ID
	for _, u := range units {
		if u.info != nil {
			checked[u.id] = u
		}
	}
	reaches := map[*packages.Package][]string{} // the stale cgo packages under each
	var under func(p *packages.Package) []string
	under = func(p *packages.Package) []string {
		if found, ok := reaches[p]; ok {
			return found
		}
		reaches[p] = nil // an import cycle is an error of its own
		var found []string
		for _, imp := range p.Imports {
			if imp.Module == nil || !imp.Module.Main {
				continue // the standard library or another module
			}
			if l.staleCgo[imp.PkgPath] != nil {
				found = append(found, imp.PkgPath)
			}
			found = append(found, under(imp)...)
		}
		slices.Sort(found)
		found = slices.Compact(found)
		reaches[p] = found
		return found
	}
	parsed := map[string]*ast.File{} // files of packages not checked from source
	fset := token.NewFileSet()
	own := func(p *packages.Package, c *staleCgo) bool {
		if u := checked[p.ID]; u != nil {
			return c.usedBy(append(slices.Clip(u.files), u.others...), u.info)
		}
		var files []*ast.File
		for _, path := range p.GoFiles {
			f, ok := parsed[path]
			if !ok {
				f, _ = parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
				parsed[path] = f
			}
			if f != nil {
				files = append(files, f)
			}
		}
		return c.usedBy(files, nil)
	}
	uses := map[string]bool{} // package ID and cgo path → whether it uses it, or one between them does
	var usesVia func(p *packages.Package, c *staleCgo) bool
	usesVia = func(p *packages.Package, c *staleCgo) bool {
		key := p.ID + "\x00" + c.path
		if found, ok := uses[key]; ok {
			return found
		}
		uses[key] = false // an import cycle is an error of its own
		found := own(p, c)
		for _, imp := range p.Imports {
			if found {
				break
			}
			if imp.Module != nil && imp.Module.Main && slices.Contains(under(imp), c.path) {
				found = usesVia(imp, c)
			}
		}
		uses[key] = found
		return found
	}
	for _, u := range units {
		p := byID[u.id]
		if u.depOnly || p == nil {
			continue
		}
		var errs []string
		for _, path := range under(p) {
			if c := l.staleCgo[path]; usesVia(p, c) {
				errs = append(errs, c.message(l.g, u.path))
			}
		}
		if len(errs) > 0 {
			u.errs = append(errs, u.errs...)
		}
	}
}
