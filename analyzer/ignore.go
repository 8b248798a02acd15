package analyzer

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// ignoreDirective silences rules on one line: written at the end of the line
// or alone on the line above, followed by the names of the rules it silences
// (all of them when none is named) and, after " -- ", a reason:
//
//	runtime.Spawn(tickAsync()) //asyncvet:ignore droppedtask -- the demo drops it on purpose
//
// Its form //name:arg is one that gofmt leaves alone.
const ignoreDirective = "//asyncvet:ignore"

// rulePass returns a copy of pass for rule, whose Report drops the
// diagnostics of rule that an ignore directive silences: on the line of
// the diagnostic, or on the first line of the innermost statement around
// it, when that statement spans several. It also drops the suggested
// fixes that would edit cmd/cgo's copy of a file that imports "C": their
// offsets are into the copy, whose lines and spelling differ from the
// file as written (a header, import "C" and C.name rewritten), so applied
// to that file they would go astray. Its ReadFile reads each file once:
// a fix reads its file for the text it keeps, the indentation and the
// operands it moves.
func rulePass(pass *analysis.Pass, rule string) *analysis.Pass {
	p := *pass
	p.ReadFile = readOnce(pass.ReadFile)
	lines := silenced(&p, rule)
	copies := cgoCopies(pass)
	if len(lines) == 0 && len(copies) == 0 {
		return &p
	}
	p.Report = func(d analysis.Diagnostic) {
		pos := pass.Fset.Position(d.Pos)
		if lines[pos.Filename][pos.Line] {
			return
		}
		if st := enclosingStmt(pass, d.Pos); st != nil {
			if first := pass.Fset.Position(st.Pos()); lines[first.Filename][first.Line] {
				return
			}
		}
		if len(copies) > 0 {
			d.SuggestedFixes = slices.DeleteFunc(slices.Clone(d.SuggestedFixes), func(fix analysis.SuggestedFix) bool {
				return slices.ContainsFunc(fix.TextEdits, func(e analysis.TextEdit) bool { return copies[pass.Fset.File(e.Pos)] })
			})
		}
		pass.Report(d)
	}
	return &p
}

// readOnce returns read, a pass's ReadFile, remembering what it returns
// for each file.
func readOnce(read func(string) ([]byte, error)) func(string) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	read1 := map[string]result{}
	return func(name string) ([]byte, error) {
		r, ok := read1[name]
		if !ok {
			r.data, r.err = read(name)
			read1[name] = r
		}
		return r.data, r.err
	}
}

// cgoCopies returns the files of pass that are cmd/cgo's copies of files
// that import "C".
func cgoCopies(pass *analysis.Pass) map[*token.File]bool {
	copies := map[*token.File]bool{}
	for _, f := range pass.Files {
		if cgoCopy(pass.Fset, f) {
			copies[pass.Fset.File(f.FileStart)] = true
		}
	}
	return copies
}

// enclosingStmt returns the innermost statement of the pass's files that
// holds pos, blocks aside (a body's braces belong to its statement, or to
// its function), or nil.
func enclosingStmt(pass *analysis.Pass, pos token.Pos) ast.Stmt {
	for _, f := range pass.Files {
		if pos < f.FileStart || f.FileEnd <= pos {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, pos, pos)
		for _, n := range path {
			if st, ok := n.(ast.Stmt); ok {
				if _, block := st.(*ast.BlockStmt); !block {
					return st
				}
			}
		}
		return nil
	}
	return nil
}

// silenced returns the lines, by file, where an ignore directive silences
// rule.
func silenced(pass *analysis.Pass, rule string) map[string]map[int]bool {
	lines := map[string]map[int]bool{}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !silences(c.Text, rule) {
					continue
				}
				pos := pass.Fset.Position(c.Slash)
				if lines[pos.Filename] == nil {
					lines[pos.Filename] = map[int]bool{}
				}
				lines[pos.Filename][pos.Line] = true
				if standsAlone(pass, c.Slash) {
					lines[pos.Filename][pos.Line+1] = true
				}
			}
		}
	}
	return lines
}

// silences reports whether the comment text is an ignore directive that
// names rule, or names none.
func silences(text, rule string) bool {
	rest, ok := strings.CutPrefix(text, ignoreDirective)
	if !ok || rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return false
	}
	if i := strings.Index(rest, "--"); i >= 0 {
		rest = rest[:i] // the reason
	}
	names := strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' })
	return len(names) == 0 || slices.Contains(names, rule)
}

// standsAlone reports whether the comment at pos is the only thing on its
// line, so that it applies to the line below. It reads the file the pass
// has, cmd/cgo's copy for a file that imports "C", which keeps its lines.
func standsAlone(pass *analysis.Pass, pos token.Pos) bool {
	tf := pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	src, err := pass.ReadFile(tf.Name())
	off := tf.Offset(pos)
	if err != nil || off > len(src) {
		return false
	}
	i := off
	for i > 0 && src[i-1] != '\n' {
		i--
	}
	return strings.TrimSpace(string(src[i:off])) == ""
}
