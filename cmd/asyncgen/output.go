package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// apply brings the disk in line with outs: in check mode it lists what
// differs and reports whether anything does; in diff mode it prints the
// differences; otherwise it writes (atomically) and removes.
func (g *generator) apply(outs []output) (stale bool, err error) {
	for _, o := range outs {
		old, rerr := os.ReadFile(o.path)
		missing := os.IsNotExist(rerr)
		if rerr != nil && !missing {
			return stale, rerr
		}
		switch {
		case o.data == nil && missing, o.data != nil && !missing && bytes.Equal(old, o.data):
			if g.verbose {
				g.logf("%s: up to date", g.rel(o.path))
			}
			continue
		}
		stale = true
		switch {
		case g.check:
			what := "stale"
			switch {
			case o.data == nil:
				what = "orphaned: its source has no //async functions; run go generate to remove it"
			case missing:
				what = "missing: run go generate"
			default:
				what = "stale: run go generate"
			}
			fmt.Fprintf(g.stdout, "%s: %s\n", g.rel(o.path), what)
		case g.diff:
			writeDiff(g.stdout, g.rel(o.path), old, o.data)
		case o.data == nil:
			if err := os.Remove(o.path); err != nil {
				return stale, err
			}
			if g.verbose {
				g.logf("%s: removed", g.rel(o.path))
			}
		default:
			if err := writeAtomic(o.path, o.data); err != nil {
				return stale, err
			}
			if g.verbose {
				g.logf("%s: written", g.rel(o.path))
			}
		}
	}
	return stale, nil
}

// writeAtomic writes data to a temporary file in path's directory and renames
// it over path, so that a reader (or a crash) sees the old file or the new
// one, never a part.
func writeAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".asyncgen-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// writeDiff prints a unified diff from old to new (either may be empty).
func writeDiff(w io.Writer, name string, old, new []byte) {
	a, b := lines(old), lines(new)
	fmt.Fprintf(w, "--- %s\n+++ %s\n", name, name)
	// Longest common subsequence, by dynamic programming from the end.
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type edit struct {
		op   byte
		text string
		i, j int // line numbers before the edit, 0-based
	}
	var edits []edit
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			edits = append(edits, edit{' ', a[i], i, j})
			i, j = i+1, j+1
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			edits = append(edits, edit{'-', a[i], i, j})
			i++
		default:
			edits = append(edits, edit{'+', b[j], i, j})
			j++
		}
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
		fmt.Fprintf(w, "@@ -%d,%d +%d,%d @@\n", edits[start].i+1, na, edits[start].j+1, nb)
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
