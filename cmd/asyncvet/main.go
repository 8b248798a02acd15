package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/asyncgen/asyncgen/analyzer"
)

// childEnv marks the asyncvet that a standalone run starts to do the
// analysis (see tidy).
const childEnv = "ASYNCVET_TIDY_CHILD"

func main() {
	args := os.Args[1:]
	flag.Usage = usage
	switch {
	case len(args) == 1 && args[0] == "help":
		// x/tools' help opens with a description of analysis tools in
		// general; -h, with usage, describes asyncvet and its rules.
		os.Args = []string{os.Args[0], "-h"}
		flag.CommandLine.SetOutput(os.Stdout)
	case os.Getenv(childEnv) == "" && analysisRun(args):
		os.Exit(tidy())
	}
	multichecker.Main(analyzer.Analyzers...)
}

// usage describes asyncvet and its rules, then its flags: those of every
// analysis driver but the rules' own, go vet's protocol (-V, -flags) and
// those kept for old vet scripts that do nothing.
func usage() {
	w := flag.CommandLine.Output()
	fmt.Fprintf(w, `asyncvet reports the mistakes of async code written for asyncgen: awaits
outside //async functions, coroutines never awaited, dropped tasks, calls
that block the event loop, locks held across awaits, runtime objects
shared with goroutines, what go generate would refuse, and generated code
that is missing or stale.

Usage:

	asyncvet [flags] [packages]
	go vet -vettool=$(which asyncvet) [packages]

Rules, each also the category of its diagnostics:

`)
	rules := map[string]bool{}
	for _, a := range analyzer.Analyzers {
		rules[a.Name] = true
		title, _, _ := strings.Cut(a.Doc, "\n\n")
		fmt.Fprintf(w, "    %-16s %s\n", a.Name, strings.ReplaceAll(title, "\n", " "))
	}
	fmt.Fprintf(w, `
All rules run but those turned off with -NAME=false; -NAME alone runs only
the rules named so. unsupported, what go generate refuses, cannot be
turned off. 'asyncvet help NAME' prints the documentation of rule NAME.

Flags:

`)
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	flag.VisitAll(func(f *flag.Flag) {
		switch {
		case rules[f.Name], strings.Contains(f.Name, "."), f.Name == "V", f.Name == "flags",
			strings.Contains(f.Usage, "(deprecated)"), strings.HasPrefix(f.Usage, "deprecated alias"):
		default:
			fs.Var(f.Value, f.Name, f.Usage)
		}
	})
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// analysisRun reports whether args ask asyncvet, standalone, to analyze
// packages: not the go vet protocol (-V=full, -flags, then one .cfg file
// per package, which unitchecker runs), nor a request for help, nor no
// arguments at all.
func analysisRun(args []string) bool {
	if len(args) == 0 || strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	for _, arg := range args {
		if arg == "--" || !strings.HasPrefix(arg, "-") {
			return arg == "--" || arg != "help"
		}
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		switch name {
		case "V", "flags", "h", "help":
			return false
		}
	}
	return true
}

// tidy runs asyncvet again, as a child, to do the analysis, and prints what
// it writes to stderr tidied: the x/tools driver prints diagnostics rule by
// rule, and the errors of each package variant (p and p [p.test]), a type
// error repeated at the line of a generated file's copy of the code, with
// no column. Each run of diagnostics is sorted by file, line and column,
// and each diagnostic and error is printed once. Standard input and output
// are the child's. It returns the child's exit code.
func tidy() int {
	exe, err := os.Executable()
	if err != nil {
		return untidy()
	}
	var stderr bytes.Buffer
	cmd := &exec.Cmd{
		Path:   exe,
		Args:   os.Args,
		Env:    append(os.Environ(), childEnv+"=1"),
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: &stderr,
	}
	if err := cmd.Start(); err != nil {
		return untidy()
	}
	// An interrupt from the terminal reaches the child too; one sent to
	// asyncvet alone is passed on. Either way, what the child wrote before
	// it ended is printed.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range sigs {
			cmd.Process.Signal(s)
		}
	}()
	err = cmd.Wait()
	signal.Stop(sigs)
	os.Stderr.Write(tidyText(stderr.Bytes()))
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit) && exit.ExitCode() > 0:
		return exit.ExitCode()
	default:
		fmt.Fprintf(os.Stderr, "asyncvet: %v\n", err)
		return 1
	}
}

// untidy runs the analysis in this process, when the child cannot be
// started, and prints as the x/tools driver does.
func untidy() int {
	multichecker.Main(analyzer.Analyzers...)
	return 1 // not reached: Main exits
}

// An entry is what the driver prints of one diagnostic or error: its first
// line and the lines that go on it (have and want lines of a type error,
// related information, source lines shown by -c).
type entry struct {
	text string
	// The position of the first line, if it has one: file:line:col or
	// file:line.
	file        string
	line, col   int
	msg         string // the text after the position
	pos, hasCol bool
}

// posLine is a position at the start of a line: file.go:line or
// file.go:line:col, then ": ".
var posLine = regexp.MustCompile(`^(.*\.go):(\d+)(?::(\d+))?$`)

// contextLine is a source line shown by -c: its number and a tab.
var contextLine = regexp.MustCompile(`^\d+\t`)

func tidyText(out []byte) []byte {
	var entries []*entry
	for line := range strings.Lines(string(out)) {
		text := strings.TrimSuffix(line, "\n")
		head, msg, _ := strings.Cut(text, ": ")
		m := posLine.FindStringSubmatch(head)
		cont := strings.HasPrefix(text, "\t") || contextLine.MatchString(text) ||
			m != nil && strings.HasPrefix(msg, "\t") // related information, "other declaration of"
		if cont && len(entries) > 0 {
			e := entries[len(entries)-1]
			e.text += "\n" + text
			e.msg += "\n" + text
			continue
		}
		e := &entry{text: text}
		if m != nil {
			e.pos, e.file, e.msg = true, m[1], msg
			e.line, _ = strconv.Atoi(m[2])
			if m[3] != "" {
				e.hasCol = true
				e.col, _ = strconv.Atoi(m[3])
			}
		}
		entries = append(entries, e)
	}
	// An error at file:line without a column that is also at a column of
	// that line is the copy of the code in a generated file, placed by its
	// //line directives.
	type at struct {
		file string
		line int
		msg  string
	}
	withCol := map[at]bool{}
	for _, e := range entries {
		if e.pos && e.hasCol {
			withCol[at{e.file, e.line, e.msg}] = true
		}
	}
	seen := map[string]bool{}
	var kept []*entry
	for _, e := range entries {
		if e.text != "" && seen[e.text] || e.pos && !e.hasCol && withCol[at{e.file, e.line, e.msg}] {
			continue
		}
		seen[e.text] = true
		kept = append(kept, e)
	}
	// Sort each run of entries with positions, leaving the other lines
	// where they are.
	for i := 0; i < len(kept); {
		j := i
		for j < len(kept) && kept[j].pos {
			j++
		}
		slices.SortStableFunc(kept[i:j], func(a, b *entry) int {
			if c := strings.Compare(a.file, b.file); c != 0 {
				return c
			}
			if a.line != b.line {
				return a.line - b.line
			}
			return a.col - b.col
		})
		i = j + 1
	}
	var b bytes.Buffer
	for _, e := range kept {
		b.WriteString(e.text)
		b.WriteByte('\n')
	}
	return b.Bytes()
}
