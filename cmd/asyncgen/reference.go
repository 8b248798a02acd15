package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/asyncgen/asyncgen/analyzer"
)

const asyncimplPath = analyzer.RuntimePath + "/asyncimpl"

// referenceFile returns the reference variant of the generated file for
// funcs, built with the asyncgen_reference tag: each FAsync makes a frame
// whose single step calls F as written, and the runtime's Await, under the
// same tag, drives what it is given to the end. Running a program both ways
// and comparing what it prints checks the state machines against Go itself.
func referenceFile(fset *token.FileSet, pkg *types.Package, info *types.Info, file *ast.File, funcs []*analyzer.AsyncFunc) []byte {
	im := &imports{self: pkg, names: map[string]string{}, taken: map[string]bool{}}
	// Names declared at package level cannot be import names, nor can the
	// type parameters, in scope where the variants name the packages.
	for _, n := range pkg.Scope().Names() {
		im.taken[n] = true
	}
	for _, fn := range funcs {
		tps := fn.TypeParams()
		for i := range tps.Len() {
			im.taken[tps.At(i).Obj().Name()] = true
		}
	}
	rt := im.name(analyzer.RuntimePath, "runtime")
	impl := im.name(asyncimplPath, "asyncimpl")
	var body bytes.Buffer
	for _, fn := range funcs {
		writeReference(&body, fset, im, rt, impl, fn)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "package %s\n\nimport (\n", pkg.Name())
	paths := make([]string, 0, len(im.names))
	for p := range im.names {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(&b, "\t%s %q\n", im.names[p], p)
	}
	b.WriteString(")\n")
	b.Write(body.Bytes())
	out, err := format.Source(b.Bytes())
	if err != nil {
		return b.Bytes() // the caller's parse reports it
	}
	return out
}

func writeReference(b *bytes.Buffer, fset *token.FileSet, im *imports, rt, impl string, fn *analyzer.AsyncFunc) {
	sig := fn.Sig()
	q := im.qualifier
	name := fn.Name()
	// The frame type is asyncgenRef+key and the Func var asyncgenRefFunc+key,
	// so that no two of them meet: a method's key holds the length of its
	// receiver's name, so (x).y_z and (x_y).z differ.
	key := "_" + name
	// The variant's own names stay clear of the type parameters, of the
	// function, which Step calls by name, and of the package's names, which
	// its types may spell.
	used := map[string]bool{name: true}
	tparams := fn.TypeParams()
	for i := range tparams.Len() {
		used[tparams.At(i).Obj().Name()] = true
	}
	for _, n := range fn.Obj.Pkg().Scope().Names() {
		used[n] = true
	}
	pick := func(want string) string {
		n := want
		for i := 1; used[n]; i++ {
			n = want + "_" + strconv.Itoa(i)
		}
		used[n] = true
		return n
	}
	// The type parameters keep their names, but the frame type must name
	// a blank one: it gets a fresh name, clear of the file's import names
	// too, which are in scope with it.
	tpNames := make([]string, tparams.Len())
	for i := range tparams.Len() {
		n := tparams.At(i).Obj().Name()
		if n == "_" {
			n = "T"
			for j := 1; used[n] || im.taken[n]; j++ {
				n = "T_" + strconv.Itoa(j)
			}
			used[n] = true
			im.taken[n] = true
		}
		tpNames[i] = n
	}
	self, task := pick("f"), pick("t")
	recvName, recvType := "", ""
	if r := sig.Recv(); r != nil {
		recvType = types.TypeString(r.Type(), q)
		recvName = pick("recv")
		base := r.Type()
		ptr := ""
		if p, ok := base.(*types.Pointer); ok {
			base, ptr = p.Elem(), "*"
		}
		if n, ok := base.(*types.Named); ok {
			recv := n.Obj().Name()
			key = "M" + strconv.Itoa(len(recv)) + "_" + recv + "_" + name
			if tparams.Len() > 0 {
				// A generic receiver's type arguments are its type
				// parameters, in order: spelled by their names here,
				// blank ones included.
				recvType = ptr + recv + "[" + strings.Join(tpNames, ", ") + "]"
			}
		}
	}
	// Type parameter lists: declared ([T any]) and used ([T]).
	decl, use, typeDecl := "", "", ""
	if tparams.Len() > 0 {
		var d, u bytes.Buffer
		for i := range tparams.Len() {
			tp := tparams.At(i)
			if i > 0 {
				d.WriteString(", ")
				u.WriteString(", ")
			}
			fmt.Fprintf(&d, "%s %s", tpNames[i], types.TypeString(tp.Constraint(), q))
			u.WriteString(tpNames[i])
		}
		decl, use = "["+d.String()+"]", "["+u.String()+"]"
		// A type declaration's type parameters end in a comma: type
		// F[P *C] would read as an array type. format.Source drops it
		// where it is not needed.
		typeDecl = "[" + d.String() + ",]"
	}
	// Parameters, renamed p0, p1, ... so that none is blank or clashes.
	params := sig.Params()
	var fields, plist, args, inits bytes.Buffer
	for i := range params.Len() {
		p := params.At(i)
		pn := pick("p" + strconv.Itoa(i))
		t := types.TypeString(p.Type(), q)
		fmt.Fprintf(&fields, "\t%s %s\n", pn, t)
		if i > 0 {
			plist.WriteString(", ")
			args.WriteString(", ")
		}
		if sig.Variadic() && i == params.Len()-1 {
			elem := p.Type().(*types.Slice).Elem()
			fmt.Fprintf(&plist, "%s ...%s", pn, types.TypeString(elem, q))
			fmt.Fprintf(&args, "%s.%s...", self, pn)
		} else {
			fmt.Fprintf(&plist, "%s %s", pn, t)
			fmt.Fprintf(&args, "%s.%s", self, pn)
		}
		fmt.Fprintf(&inits, "%s: %s, ", pn, pn)
	}
	result := types.TypeString(fn.Result, q)
	callee := name
	if recvName != "" {
		fmt.Fprintf(&fields, "\t%s %s\n", recvName, recvType)
		fmt.Fprintf(&inits, "%s: %s, ", recvName, recvName)
		callee = self + "." + recvName + "." + name
	} else if use != "" {
		callee = name + use
	}
	var assign string
	switch fn.Shape {
	case analyzer.ShapeValueError:
		assign = self + ".Val, " + self + ".Err = "
	case analyzer.ShapeValue:
		assign = self + ".Val = "
	case analyzer.ShapeError:
		assign = self + ".Err = "
	}
	pos := fset.Position(fn.Decl.Pos())
	qualName := fn.Obj.Pkg().Name() + "." + name
	if recvName != "" {
		qualName = fn.Obj.Pkg().Name() + ".(" + types.TypeString(sig.Recv().Type(), func(*types.Package) string { return "" }) + ")." + name
	}
	frame, info := "asyncgenRef"+key, "asyncgenRefFunc"+key
	fmt.Fprintf(b, "\ntype %s%s struct {\n\t%s.Base[%s]\n%s}\n", frame, typeDecl, impl, result, fields.String())
	fmt.Fprintf(b, "\nvar %s = &%s.Func{Name: %q, File: %q, Line: %d}\n", info, impl, qualName, filepath.Base(pos.Filename), pos.Line)
	fmt.Fprintf(b, "\nfunc (%s *%s%s) Step(%s *%s.Task) %s.Status {\n\t%s%s(%s)\n\treturn %s.Return\n}\n",
		self, frame, use, task, impl, impl, assign, callee, args.String(), impl)
	fmt.Fprintf(b, "\n// %s runs %s as written: the reference variant for differential tests.\n", fn.AsyncName(), name)
	b.WriteString("func ")
	if recvName != "" {
		fmt.Fprintf(b, "(%s %s) %s(%s)", recvName, recvType, fn.AsyncName(), plist.String())
	} else {
		fmt.Fprintf(b, "%s%s(%s)", fn.AsyncName(), decl, plist.String())
	}
	fmt.Fprintf(b, " %s.Coro[%s] {\n\t%s := &%s%s{%s}\n\treturn %s.NewCoro[%s](%s, &%s.Base, %s)\n}\n",
		rt, result, self, frame, use, inits.String(), impl, result, self, self, info)
}

// imports names the packages a generated file refers to.
type imports struct {
	self  *types.Package
	names map[string]string // path → name in the file
	taken map[string]bool
}

func (im *imports) name(path, want string) string {
	if n, ok := im.names[path]; ok {
		return n
	}
	n := want
	for i := 2; im.taken[n]; i++ {
		n = want + strconv.Itoa(i)
	}
	im.taken[n] = true
	im.names[path] = n
	return n
}

func (im *imports) qualifier(p *types.Package) string {
	if p == im.self {
		return ""
	}
	return im.name(p.Path(), p.Name())
}
