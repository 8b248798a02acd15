package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A step is one change to the disk that apply prepares and commit makes:
// a temporary file renamed over its file, or the file removed.
type step struct {
	path, tmp string // tmp is renamed over path; "" removes path
	data      []byte // what tmp holds
	done      string // what the verbose log says
	unit      *unit  // see output
}

// A writeFailure is the error of apply when a temporary file cannot be
// written: the run then renames no file, of any package.
type writeFailure struct{ error }

// apply works out what brings the disk in line with outs, the outputs of
// one unit: in check mode it lists what differs and reports whether
// anything does; in diff mode it prints the differences; otherwise it
// writes each new text to a temporary file and returns the steps that
// commit, once every unit's temporary files are written, takes: so a
// write that fails (a full disk, a directory not writable), which apply
// reports as a writeFailure after removing its own temporary files,
// leaves every file of the run as it was (see generator.run). The disk
// is read as the steps of the units before, in g.planned, leave it.
func (g *generator) apply(outs []output) (steps []step, stale bool, err error) {
	// Each file on disk is read once, and all before anything is written:
	// a run that would overwrite an edited file writes nothing.
	olds := make([][]byte, len(outs))
	gone := make([]bool, len(outs))
	var changed []int
	var edits []string
	for i, o := range outs {
		old, missing, rerr := g.read(o.path)
		if rerr != nil {
			return nil, false, rerr
		}
		olds[i], gone[i] = old, missing
		if o.data == nil && missing || o.data != nil && !missing && sameText(old, o.data) {
			if g.verbose {
				g.logf("%s: up to date", g.rel(o.path))
			}
			continue
		}
		changed = append(changed, i)
		if !missing && edited(old) && !g.check && !g.diff {
			edits = append(edits, g.editedMessage(o, old))
		}
	}
	if len(edits) > 0 {
		return nil, false, errors.New(strings.Join(edits, "\n"))
	}
	var prepared []step
	defer func() {
		if err != nil {
			discard(prepared)
		}
	}()
	write := func(path string, data []byte, done string, u *unit) error {
		tempFile := g.tempFile
		if tempFile == nil {
			tempFile = writeTemp
		}
		g.cleanTemps(filepath.Dir(path))
		tmp, err := tempFile(path, data)
		if err != nil {
			return writeFailure{g.writeError(path, err, u)}
		}
		prepared = append(prepared, step{path, tmp, data, done, u})
		return nil
	}
	for _, i := range changed {
		o, old, missing := outs[i], olds[i], gone[i]
		stale = true
		switch {
		case g.check:
			what := "stale"
			switch {
			case !missing && edited(old) && isRemovalStub(old):
				what = "edited since asyncgen emptied it (a removal stub, which holds asyncgen's header, its notes, a //go:build ignore line and the package clause, and nothing else): move what was added to it into another file, then delete it"
			case !missing && edited(old):
				what = "edited since asyncgen wrote it: asyncgen -diff shows what a run would overwrite; move the change into the //async source, then delete the file and run " + g.regenerate(o.unit)
			case o.data == nil && isRemovalStub(old):
				what = "orphaned, emptied by go generate, which lists a package's files before it runs and cannot remove one then: "
				switch regenerate := g.regenerate(o.unit); {
				case regenerate == "go generate":
					what += "the next go generate (or asyncgen) removes it"
				case !goGenerates(o.unit):
					what += "no file of the package runs asyncgen from a //go:generate line now, so run " + regenerate + " to remove it, or delete it"
				default:
					what += "run " + regenerate + " to remove it"
				}
			case o.data == nil && !goGenerates(o.unit):
				what = "orphaned: " + g.orphanCause(o.path) + ", and no file of the package runs asyncgen from a //go:generate line; run " + g.regenerate(o.unit) + " to remove it, or delete it"
			case o.data == nil:
				what = "orphaned: " + g.orphanCause(o.path) + "; run " + g.regenerate(o.unit) + " to remove it"
			case missing:
				what = "missing: run " + g.regenerate(o.unit)
			default:
				what = "stale: run " + g.regenerate(o.unit)
			}
			fmt.Fprintf(g.stdout, "%s: %s\n", g.rel(o.path), what)
		case g.diff:
			writeDiff(g.stdout, g.rel(o.path), old, o.data)
		case o.data == nil && g.goGenerate != nil && g.readLater(o.path, old):
			// go generate lists a package's files before it runs the
			// directives, and fails on one that is gone when its turn
			// comes. The file becomes a stub that builds leave out, and
			// go generate too, from its next run on, which removes it.
			d := g.goGenerate // the directive that wrote it, in its own package
			if filepath.Dir(o.path) != g.wd {
				d = nil
			}
			if stub := removalStub(old, d); !bytes.Equal(stub, old) {
				if err := write(o.path, stub, "emptied; the next run removes it", o.unit); err != nil {
					return nil, stale, err
				}
			}
		case o.data == nil:
			prepared = append(prepared, step{path: o.path, done: "removed", unit: o.unit})
		default:
			if err := write(o.path, o.data, "written", o.unit); err != nil {
				return nil, stale, err
			}
		}
	}
	return prepared, stale, nil
}

// read returns the file at path as the steps planned before leave it:
// its data, or that it is missing.
func (g *generator) read(path string) (data []byte, missing bool, err error) {
	if data, ok := g.planned[path]; ok {
		return data, data == nil, nil
	}
	data, err = os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, true, nil
	}
	return data, false, err
}

// plan records steps, which later units' apply reads the disk through
// (see read): two units may have the same file to write or remove (a
// test file moved from package x to x_test: the old generated file is an
// orphan of x's tests and the output of x_test).
func (g *generator) plan(steps []step) {
	if g.planned == nil {
		g.planned = map[string][]byte{}
	}
	for _, st := range steps {
		g.planned[st.path] = st.data // nil: removed
	}
}

// commit takes steps in order: it renames each temporary file over its
// file, or removes the file. A failure stops it, and the temporary files
// not renamed yet are removed.
func (g *generator) commit(steps []step) error {
	for i, st := range steps {
		var err error
		if st.tmp != "" {
			err = os.Rename(st.tmp, st.path)
		} else if err = os.Remove(st.path); errors.Is(err, fs.ErrNotExist) {
			err = nil // another run removed it
		}
		if err != nil {
			gone := st.tmp != "" && errors.Is(err, fs.ErrNotExist) && !exists(st.tmp)
			discard(steps[i:])
			if gone {
				return g.tempGoneError(st)
			}
			return g.writeError(st.path, err, st.unit)
		}
		if g.verbose {
			g.logf("%s: %s", g.rel(st.path), st.done)
		}
	}
	return nil
}

// tempGoneError is the error of commit when the temporary file of step st
// is gone before its rename: something else removed it, such as another
// asyncgen run that took it for one a killed run left. The files renamed
// before it were updated; it and those after it were not.
func (g *generator) tempGoneError(st step) error {
	return fmt.Errorf("%s: cannot update it: the temporary file %s holding its new text was removed by another process before this run could rename it over the file; the files before it were updated, it and those after it were left as they were: run %s again",
		g.rel(st.path), filepath.Base(st.tmp), g.regenerate(st.unit))
}

// cleanTemps removes the temporary files in dir that a killed run left
// (see removeStaleTemps), once per run and before the run writes its own
// there: the run keeps its own until every package's are written, which
// may take longer than staleTempAge, and must not take them for a killed
// run's.
func (g *generator) cleanTemps(dir string) {
	if g.cleaned[dir] {
		return
	}
	if g.cleaned == nil {
		g.cleaned = map[string]bool{}
	}
	g.cleaned[dir] = true
	removeStaleTemps(dir)
}

// discard removes the temporary files of steps, not taken.
func discard(steps []step) {
	for _, st := range steps {
		if st.tmp != "" {
			os.Remove(st.tmp)
		}
	}
}

// editedMessage is the refusal of a run that would overwrite or remove o's
// file although it was edited since asyncgen wrote it: nothing a user
// wrote is lost.
func (g *generator) editedMessage(o output, old []byte) string {
	verb := "overwrite"
	if o.data == nil {
		verb = "remove"
	}
	if isRemovalStub(old) {
		// Emptied for removal: there is no source to move a change to.
		again := ""
		if o.data != nil {
			again = " and run " + g.regenerate(o.unit) + " again"
		}
		return fmt.Sprintf("%s: edited since asyncgen emptied it (a removal stub holds asyncgen's header, its notes, a //go:build ignore line and the package clause, and nothing else), and a run would %s it: move what was added to it into another file, then delete %s%s",
			g.rel(o.path), verb, filepath.Base(o.path), again)
	}
	return fmt.Sprintf("%s: edited since asyncgen wrote it (it is not as asyncgen writes a file: its header, Source and Body lines first, and the text after them with the hash the Body line gives), and a run would %s it: move the change into the //async source, then delete %s and run %s again",
		g.rel(o.path), verb, filepath.Base(o.path), g.regenerate(o.unit))
}

// orphanCause says why the generated file at path is an orphan: its
// source file is gone, left out of the build configuration, or has no
// //async function.
func (g *generator) orphanCause(path string) string {
	name := sourceName(filepath.Base(path))
	source := filepath.Join(filepath.Dir(path), name)
	switch {
	case !exists(source):
		return fmt.Sprintf("its source %s is gone", name)
	case g.ignored[source]:
		return fmt.Sprintf("its source %s is left out of this build configuration", name)
	}
	return fmt.Sprintf("its source %s has no //async functions", name)
}

// removalStub is what an orphaned generated file, old, becomes when go
// generate may yet read it: its package clause, and a build constraint
// that leaves it out of builds and of go generate's next run. It names
// the directive d that made it, if d runs in the file's directory.
func removalStub(old []byte, d *directive) []byte {
	name := packageName(old)
	by := ""
	if d != nil {
		by = fmt.Sprintf(stubByFormat+"\n", d.file, d.line, name)
	}
	return []byte(header + "\n" + removalNote + "\n" + by + "\n//go:build ignore\n\npackage " + name + "\n")
}

// packageName is the name in the package clause of a Go file's data.
func packageName(data []byte) string {
	if f, err := parser.ParseFile(token.NewFileSet(), "", data, parser.PackageClauseOnly); err == nil {
		return f.Name.Name
	}
	return "main"
}

const removalNote = "// Its source has no //async function left: the next asyncgen run removes this file."

const stubByFormat = "// Emptied by the go:generate line at %s:%d of package %s."

var stubBy = regexp.MustCompile(`(?m)^// Emptied by the go:generate line at (.+):(\d+) of package (\S+)\.$`)

// readLater reports whether go generate, running directive g.goGenerate,
// may yet read the orphaned generated file at path, whose data is old:
// then it must not be removed, and becomes a stub.
//
// A stub that a directive made which runs after this one, or is this one,
// was made by an earlier go generate, whose successors do not list it
// (its build constraint leaves it out). A file that this go generate
// lists, it reads in the order of the files' names, the external test's
// after the others: one whose name comes before the directive's file has
// been read.
func (g *generator) readLater(path string, old []byte) bool {
	d := g.goGenerate
	if filepath.Dir(path) != g.wd {
		// Another package, whose files go generate may have listed,
		// and read, or not.
		return !isRemovalStub(old)
	}
	if isRemovalStub(old) {
		m := stubBy.FindSubmatch(old)
		if m == nil {
			return false // made before stubs named their directive
		}
		line, _ := strconv.Atoi(string(m[2]))
		by := &directive{file: string(m[1]), line: line, xtest: isXTest(string(m[1]), string(m[3]))}
		if !by.runsBefore(d) {
			return false
		}
	}
	name := filepath.Base(path)
	return d.readsAfter(name, isXTest(name, packageName(old)))
}

// isRemovalStub reports whether data is a file that removalStub wrote.
func isRemovalStub(data []byte) bool {
	return bytes.HasPrefix(data, []byte(header+"\n"+removalNote+"\n"))
}

// wellFormedStub reports whether data, a removal stub, is all as
// removalStub writes it, with or without the line naming its directive:
// nothing was added to it.
func wellFormedStub(data []byte) bool {
	rest := data[len(header+"\n"+removalNote+"\n"):]
	if line, after, ok := bytes.Cut(rest, []byte("\n")); ok && stubBy.Match(line) {
		rest = after
	}
	return string(rest) == "\n//go:build ignore\n\npackage "+packageName(data)+"\n"
}

// sameText reports whether the file on disk holds data, allowing for
// CRLF line endings that a checkout (git's autocrlf) gave it.
func sameText(disk, data []byte) bool {
	if bytes.Equal(disk, data) {
		return true
	}
	return bytes.Contains(disk, []byte("\r\n")) && bytes.Equal(bytes.ReplaceAll(disk, []byte("\r\n"), []byte("\n")), data)
}

// writeTemp writes data to a new temporary file in path's directory, to be
// renamed over path, and returns its name: the data is synced to disk, so
// that a crash after the rename cannot leave an empty or partial file
// where the old one was. The file has the mode of the one it is to
// replace; for a new one, 0666 less the umask, as the go command's files.
// The run removes the temporary files a killed run left first (see
// generator.cleanTemps).
func writeTemp(path string, data []byte) (name string, err error) {
	dir := filepath.Dir(path)
	mode := os.FileMode(0o666)
	replaced, statErr := os.Stat(path)
	if statErr == nil {
		mode = replaced.Mode().Perm()
	}
	var tmp *os.File
	for range 100 {
		name := filepath.Join(dir, fmt.Sprintf(".asyncgen-%d-%d.tmp", os.Getpid(), rand.Uint32()))
		tmp, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return "", err
	}
	if statErr == nil {
		// OpenFile's mode went through the umask: the replaced file's
		// mode is set as it was.
		if err := tmp.Chmod(mode); err != nil {
			return "", err
		}
	}
	if err := tmp.Sync(); err != nil {
		return "", err
	}
	return tmp.Name(), tmp.Close()
}

// writeError is the error of a file that could not be written, renamed
// over or removed, named as the other messages name files, with the fix:
// u is the unit that generates it.
func (g *generator) writeError(path string, err error, u *unit) error {
	return fmt.Errorf("%s: cannot update it: %v: make its directory and the file writable, then run %s again", g.rel(path), err, g.regenerate(u))
}

// tempName matches the names of writeTemp's temporary files, and no
// other: a file of the user's named alike is left alone.
var tempName = regexp.MustCompile(`^\.asyncgen-[0-9]+-[0-9]+\.tmp$`)

// staleTempAge is the age past which a temporary file of writeTemp is
// taken for one that a run killed between writing and renaming left.
var staleTempAge = time.Minute

// removeStaleTemps removes the temporary files of writeTemp in dir that
// are over staleTempAge old: a run killed between writing and renaming
// left them (a run still writing has newer ones).
func removeStaleTemps(dir string) {
	ents, _ := os.ReadDir(dir) // not a Glob: dir's name may hold pattern characters
	for _, e := range ents {
		n := e.Name()
		if !tempName.MatchString(n) || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleTempAge {
			os.Remove(filepath.Join(dir, n))
		}
	}
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// writeDiff prints a unified diff from old to new; a nil old is a file
// to create and a nil new one to remove (their side is /dev/null).
func writeDiff(w io.Writer, name string, old, new []byte) {
	a, b := lines(old), lines(new)
	from, to := name, name
	if old == nil {
		from = "/dev/null"
	}
	if new == nil {
		to = "/dev/null"
	}
	fmt.Fprintf(w, "--- %s\n+++ %s\n", from, to)
	type edit struct {
		op   byte
		text string
		i, j int // line numbers before the edit, 0-based
	}
	var edits []edit
	// The lines both keep at the start and at the end are not compared
	// again: a small change to a large file costs what the change spans.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		edits = append(edits, edit{' ', a[pre], pre, pre})
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(ma), len(mb)
	if int64(n)*int64(m) > 16<<20 {
		// Too large a middle for the table: all of it out, then all of
		// it in, a correct diff if not the shortest.
		for i, t := range ma {
			edits = append(edits, edit{'-', t, pre + i, pre})
		}
		for j, t := range mb {
			edits = append(edits, edit{'+', t, pre + n, pre + j})
		}
	} else {
		// Longest common subsequence, by dynamic programming from the end.
		lcs := make([][]int32, n+1)
		for i := range lcs {
			lcs[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if ma[i] == mb[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n || j < m {
			switch {
			case i < n && j < m && ma[i] == mb[j]:
				edits = append(edits, edit{' ', ma[i], pre + i, pre + j})
				i, j = i+1, j+1
			case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
				edits = append(edits, edit{'-', ma[i], pre + i, pre + j})
				i++
			default:
				edits = append(edits, edit{'+', mb[j], pre + i, pre + j})
				j++
			}
		}
	}
	for k := range suf {
		i, j := len(a)-suf+k, len(b)-suf+k
		edits = append(edits, edit{' ', a[i], i, j})
	}
	const context = 3
	for k := 0; k < len(edits); {
		if edits[k].op == ' ' {
			k++
			continue
		}
		start := max(k-context, 0)
		end := k
		for end < len(edits) {
			if edits[end].op != ' ' {
				end++
				continue
			}
			run := end
			for run < len(edits) && edits[run].op == ' ' {
				run++
			}
			if run == len(edits) || run-end > 2*context {
				end = min(end+context, len(edits))
				break
			}
			end = run
		}
		var na, nb int
		for _, e := range edits[start:end] {
			if e.op != '+' {
				na++
			}
			if e.op != '-' {
				nb++
			}
		}
		// An empty side starts at line 0, as diff -u writes it.
		sa, sb := edits[start].i+1, edits[start].j+1
		if na == 0 {
			sa--
		}
		if nb == 0 {
			sb--
		}
		fmt.Fprintf(w, "@@ -%d,%d +%d,%d @@\n", sa, na, sb, nb)
		for _, e := range edits[start:end] {
			fmt.Fprintf(w, "%c%s\n", e.op, e.text)
		}
		k = end
	}
}

func lines(data []byte) []string {
	var out []string
	for l := range bytes.Lines(data) {
		out = append(out, string(bytes.TrimSuffix(l, []byte("\n"))))
	}
	return out
}
