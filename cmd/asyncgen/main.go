package main

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/asyncgen/asyncgen/rewrite"
)

// generator is one run of asyncgen.
type generator struct {
	dir                  string   // where patterns are resolved; "" is the working directory
	env                  []string // environment of the go command; nil is this process's
	check, diff, verbose bool
	reference            bool
	stdout               io.Writer
	logf                 func(format string, args ...any)
	lower                func(*token.FileSet, *types.Package, *types.Info, *ast.File, []*ast.FuncDecl, *rewrite.Package) ([]byte, error)
	fset                 *token.FileSet
	stubs                map[string][]byte // overlay: generated path → signature stubs
	stubSource           map[string]string // generated path → its source ("" when it is removed)
	renamed              map[string]bool   // generated files under another name, left out of type checks
	ignored              map[string]bool   // files that the build configuration leaves out
	conf                 *configuration    // see configuration; nil until asked
	planned              map[string][]byte // path → its data after the steps prepared so far; nil: removed
	wd                   string
	// goGenerate: the go:generate line that runs asyncgen, nil when go
	// generate does not run it. go generate may have yet to read a file
	// of the package, and fails if it is gone.
	goGenerate *directive
	// tempFile writes the temporary file to be renamed over a file;
	// nil is writeTemp (tests make it fail).
	tempFile func(path string, data []byte) (string, error)
	// cleaned: the directories where the run removed the temporary files
	// that killed runs left, before writing its own (see cleanTemps).
	cleaned map[string]bool
}

// A directive is the go:generate line that runs asyncgen, as go generate
// tells it: GOFILE, GOLINE, and whether the file is of an external test
// package.
type directive struct {
	file  string
	line  int
	xtest bool
}

func directiveFromEnv() *directive {
	file := os.Getenv("GOFILE")
	if file == "" {
		return nil
	}
	line, _ := strconv.Atoi(os.Getenv("GOLINE"))
	return &directive{file: file, line: line, xtest: isXTest(file, os.Getenv("GOPACKAGE"))}
}

// isXTest reports whether a file of package pkg is of an external test.
func isXTest(name, pkg string) bool {
	return strings.HasSuffix(name, "_test.go") && strings.HasSuffix(pkg, "_test")
}

// readsAfter reports whether go generate reads the file name of d's
// directory after d's file: it reads the package's files in the order of
// their names, the external test's after the others, and runs the
// directives of each file as it reads it.
func (d *directive) readsAfter(name string, xtest bool) bool {
	if xtest != d.xtest {
		return xtest
	}
	return name > d.file
}

// runsBefore reports whether go generate, in one run, runs directive c
// before directive d.
func (c *directive) runsBefore(d *directive) bool {
	if c.file == d.file && c.xtest == d.xtest {
		return c.line < d.line
	}
	return c.readsAfter(d.file, d.xtest)
}

func usage() {
	fmt.Fprintf(os.Stderr, "usage: asyncgen [-check] [-diff] [-reference] [-v] [packages]\n")
	flag.PrintDefaults()
}

// gcPercent is the collector's setting when GOGC is not set. asyncgen is a
// short-lived process whose heap is mostly the type-checked package and
// the code being rendered; at Go's default of 100 the collector took a
// third of its CPU time on a package of 500 //async functions. A run at
// 400 holds about 15% more memory and finishes sooner (the Go compiler
// grows its starting heap for the same reason).
const gcPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	log.SetFlags(0)
	log.SetPrefix("asyncgen: ")
	check := flag.Bool("check", false, "list stale, missing or orphaned generated files, write nothing, exit 1 if any")
	diff := flag.Bool("diff", false, "print what would change as a unified diff, write nothing")
	reference := flag.Bool("reference", false, "also write the reference variant <file>_async_ref.go (build tag asyncgen_reference)")
	verbose := flag.Bool("v", false, "report each package and file")
	flag.Usage = usage
	flag.Parse()
	for _, arg := range flag.Args() {
		if strings.HasPrefix(arg, "-") {
			// The flag package stops at the first package: a flag after
			// one would be taken for a package path.
			log.Printf("flag %s after the packages: put flags first", arg)
			usage()
			os.Exit(2)
		}
	}
	if *check && *diff {
		log.Print("-check and -diff cannot be used together")
		usage()
		os.Exit(2)
	}
	g := &generator{
		check:     *check,
		diff:      *diff,
		reference: *reference,
		verbose:   *verbose,
		stdout:    os.Stdout,
		logf:      log.Printf,
		lower:     lowerFile,
		// go generate sets GOFILE for the command of each directive.
		goGenerate: directiveFromEnv(),
	}
	os.Exit(g.run(flag.Args(), os.Stderr))
}

// run generates for the packages matching patterns and returns the exit
// code: 0, or 1 when any package had an error or, with -check, is stale.
func (g *generator) run(patterns []string, stderr io.Writer) int {
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	g.wd, _ = os.Getwd()
	if g.dir != "" {
		g.wd = g.dir
	}
	start := time.Now()
	patterns = g.packagePatterns(patterns)
	units, matched, err := g.load(patterns)
	if err != nil {
		fmt.Fprintf(stderr, "asyncgen: %v\n", err)
		return 1
	}
	if matched == 0 {
		fmt.Fprintf(stderr, "asyncgen: no Go packages match %s\n", strings.Join(patterns, " "))
		return 1
	}
	code := 0
	printed := map[string]bool{} // a test variant repeats its library's errors
	var steps []step             // what the units' apply prepared, for commit
	failed := false              // a temporary file could not be written
	for _, u := range units {
		if u.depOnly {
			continue
		}
		outs := g.generate(u)
		if len(u.errs) > 0 {
			for _, e := range u.errs {
				if !printed[e] {
					printed[e] = true
					fmt.Fprintln(stderr, e)
				}
			}
			code = 1
			continue
		}
		for i := range outs {
			outs[i].unit = u
		}
		unitSteps, stale, err := g.apply(outs)
		if err != nil {
			fmt.Fprintf(stderr, "asyncgen: %v\n", err)
			code = 1
			failed = failed || errors.As(err, new(writeFailure))
			continue
		}
		g.plan(unitSteps)
		steps = append(steps, unitSteps...)
		if stale && g.check {
			code = 1
		}
		if g.verbose {
			g.logf("%s: %d files with //async functions", u.path, len(u.sources))
		}
	}
	// Every unit's files are written to temporary files before any is
	// renamed over its file: a write that fails leaves all as they were.
	switch {
	case failed && len(steps) > 0:
		discard(steps)
		fmt.Fprintf(stderr, "asyncgen: no other file written either: a run that cannot write one of its files writes none\n")
	case !failed:
		if err := g.commit(steps); err != nil {
			fmt.Fprintf(stderr, "asyncgen: %v\n", err)
			code = 1
		}
	}
	if g.verbose {
		g.logf("done in %v", time.Since(start).Round(time.Millisecond))
	}
	return code
}

// packagePatterns replaces each Go file among patterns by its directory:
// asyncgen generates for whole packages. The go command would make a
// package of the named files alone, which lacks the declarations of the
// others, and beside which the others' generated files look orphaned; so
// //go:generate asyncgen $GOFILE generates for the file's package.
func (g *generator) packagePatterns(patterns []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range patterns {
		if strings.HasSuffix(p, ".go") {
			path := p
			if !filepath.IsAbs(path) && g.dir != "" {
				path = filepath.Join(g.dir, p)
			}
			if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
				p = filepath.Dir(p)
				if !filepath.IsAbs(p) && p != "." && p != ".." &&
					!strings.HasPrefix(p, "./") && !strings.HasPrefix(p, "../") {
					p = "./" + p // a directory, not an import path
				}
			}
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// rel shortens an absolute path to one relative to the working directory
// when that is shorter, as the go command prints them: go generate runs
// asyncgen in a package's directory, from where another package's file
// is ../other/x.go.
func (g *generator) rel(path string) string {
	if g.wd != "" && filepath.IsAbs(path) {
		if r, err := filepath.Rel(g.wd, path); err == nil && len(r) < len(path) {
			return r
		}
	}
	return path
}

// relPos shortens the file part of a "file:line:col" position.
func (g *generator) relPos(pos string) string {
	if pos == "" || pos == "-" {
		return "-"
	}
	i := strings.Index(pos, ".go:")
	if i < 0 {
		return g.rel(pos)
	}
	return g.rel(pos[:i+3]) + pos[i+3:]
}

// relErr formats an error from the lowering, whose text starts with a
// position.
func (g *generator) relErr(err error) string {
	return g.relPos(err.Error())
}

// regenerate returns the command that brings the generated files of unit
// u up to date, for the messages that say to run it: go generate where a
// file of the package has the //go:generate line that runs asyncgen; else
// asyncgen run on the package's directory, as its module runs it. Under
// build tags (-tags in GOFLAGS) it sets them; for a GOOS or GOARCH other
// than this machine's it is asyncgen built for this machine and run with
// them set, since go generate, go run and go tool would build it for them.
// A nil u, in tests of apply alone, is regenerated by go generate.
func (g *generator) regenerate(u *unit) string {
	if u == nil {
		return "go generate"
	}
	conf := g.configuration()
	if conf.target != "" {
		// The install sets this machine's GOOS and GOARCH: the
		// configuration may come from go env -w, which an empty
		// variable does not override.
		return fmt.Sprintf("asyncgen installed for this machine (GOOS=%s GOARCH=%s go install %s) as %s%sasyncgen %s",
			goruntime.GOOS, goruntime.GOARCH, asyncgenPath, conf.target, conf.tags, g.dirArg(u.dir))
	}
	if u.generateLine {
		return conf.tags + "go generate"
	}
	return conf.tags + g.asyncgenCommand(u.goMod) + " " + g.dirArg(u.dir)
}

// goGenerates reports whether go generate runs asyncgen for unit u: a file
// of its package has the //go:generate line.
func goGenerates(u *unit) bool {
	return u == nil || u.generateLine
}

// A configuration is how a run's build configuration is spelled in the
// commands that regenerate it: the GOOS and GOARCH that are not this
// machine's, and the build tags of GOFLAGS, each as a variable
// assignment with a space after it ("GOOS=windows ").
type configuration struct {
	target string
	tags   string
}

// configuration returns the run's build configuration as the go command
// sees it (GOOS, GOARCH and GOFLAGS may be set by go env -w too), asked
// once: only a message needs it.
func (g *generator) configuration() configuration {
	if g.conf != nil {
		return *g.conf
	}
	g.conf = &configuration{}
	cmd := exec.Command("go", "env", "GOOS", "GOARCH", "GOFLAGS")
	cmd.Dir, cmd.Env = g.dir, g.env
	out, err := cmd.Output()
	if err != nil {
		return *g.conf
	}
	vals := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(vals) != 3 {
		return *g.conf
	}
	if vals[0] != goruntime.GOOS {
		g.conf.target += "GOOS=" + vals[0] + " "
	}
	if vals[1] != goruntime.GOARCH {
		g.conf.target += "GOARCH=" + vals[1] + " "
	}
	for _, f := range strings.Fields(vals[2]) {
		if strings.HasPrefix(f, "-tags=") || strings.HasPrefix(f, "--tags=") {
			g.conf.tags = "GOFLAGS=" + f + " "
		}
	}
	return *g.conf
}

// asyncgenCommand returns how the module of the go.mod file at goMod runs
// asyncgen: go tool asyncgen where go.mod has asyncgen as a tool (the
// README's install), else go run with its package path.
func (g *generator) asyncgenCommand(goMod string) string {
	data, _ := os.ReadFile(goMod)
	inTools := false // in a tool ( ... ) block
	for line := range strings.Lines(string(data)) {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "tool" && f[1] == "(":
			inTools = true
		case len(f) == 1 && f[0] == ")":
			inTools = false
		case len(f) == 2 && f[0] == "tool" && f[1] == asyncgenPath, inTools && len(f) == 1 && f[0] == asyncgenPath:
			return "go tool asyncgen"
		}
	}
	return "go run " + asyncgenPath
}

// asyncgenPath is the import path of asyncgen's command.
const asyncgenPath = "github.com/asyncgen/asyncgen/cmd/asyncgen"

// dirArg names directory dir as an argument of the go command: relative
// to the working directory when that is shorter, and then starting with
// ./ or ../, so that it is not taken for an import path.
func (g *generator) dirArg(dir string) string {
	rel := g.rel(dir)
	sep := string(filepath.Separator)
	if !filepath.IsAbs(rel) && rel != "." && rel != ".." &&
		!strings.HasPrefix(rel, "."+sep) && !strings.HasPrefix(rel, ".."+sep) {
		rel = "." + sep + rel
	}
	return rel
}
