package rewrite

import (
	"bytes"
	"go/format"
	"go/scanner"
	"go/token"
	"strconv"
)

// pinLines makes every line of generated code carry the source line its
// line directive names. The compiler numbers the lines after a directive
// on from it, but one source line becomes several generated ones (an
// await's poll, its resume case, the declarations around Step): without a
// directive of their own, a panic two lines below the directive would
// name the source line two below the right one. So pinLines repeats the
// directive before each line of code that would otherwise drift, except
// where a line cannot begin, inside a token that spans lines (a raw
// string, a block comment). src is gofmt'd; so is the result, whose
// directives start their lines as gofmt keeps them.
func pinLines(src []byte) []byte {
	inside := spanned(src)
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/2)
	var file string
	var want, next int // the source line in force; the one the compiler gives the next line
	inFunc := false    // in a function body, where code runs (not in a type or var)
	lines := bytes.SplitAfter(src, []byte("\n"))
	for i, line := range lines {
		switch {
		case bytes.HasPrefix(line, []byte("func ")):
			inFunc = true
		case bytes.HasPrefix(line, []byte("}")):
			inFunc = false
		}
		switch {
		case bytes.HasPrefix(line, []byte("//line ")):
			if f, n, ok := parseDirective(line[len("//line "):]); ok {
				file, want, next = f, n, n
				out.Write(line)
				continue
			}
		case isBlockDirective(line):
			// /*line f:n:c*/ alone on its line: the newline after it is at
			// n, so the next line would be n+1.
			if f, n, ok := parseDirective(bytes.TrimPrefix(bytes.TrimSpace(line), []byte("/*line "))); ok {
				file, want, next = f, n, n+1
				out.Write(line)
				continue
			}
		}
		if inFunc && file != "" && next != want && !inside[i] && isCode(line) {
			out.WriteString("//line " + file + ":" + strconv.Itoa(want) + "\n")
			next = want
		}
		out.Write(line)
		next++
	}
	// A directive between two lines can end an alignment section
	// (struct fields, assignments); gofmt again.
	if f, err := format.Source(out.Bytes()); err == nil {
		return f
	}
	return out.Bytes()
}

// spanned reports, for each line of src (0-based), whether it begins inside
// a token that started on an earlier line.
func spanned(src []byte) []bool {
	n := bytes.Count(src, []byte("\n")) + 1
	inside := make([]bool, n)
	fset := token.NewFileSet()
	tf := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(tf, src, nil, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok != token.STRING && tok != token.COMMENT {
			continue
		}
		first := tf.PositionFor(pos, false).Line - 1 // the directives do not count
		for k := 1; k <= bytes.Count([]byte(lit), []byte("\n")); k++ {
			if first+k < n {
				inside[first+k] = true
			}
		}
	}
	return inside
}

// parseDirective parses "file:line" or "file:line:col" at the start of b.
func parseDirective(b []byte) (file string, line int, ok bool) {
	b = bytes.TrimRight(b, "\r\n")
	if i := bytes.Index(b, []byte("*/")); i >= 0 {
		b = b[:i]
	}
	s := string(b)
	colon := func(s string) int {
		for i := len(s) - 1; i >= 0; i-- {
			if s[i] == ':' {
				return i
			}
		}
		return -1
	}
	i := colon(s)
	if i <= 0 {
		return "", 0, false
	}
	if j := colon(s[:i]); j > 0 {
		if _, err := strconv.Atoi(s[j+1 : i]); err == nil { // file:line:col
			s, i = s[:i], j
		}
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return s[:i], n, true
}

// isBlockDirective reports whether line is a /*line ...*/ directive alone.
func isBlockDirective(line []byte) bool {
	t := bytes.TrimSpace(line)
	return bytes.HasPrefix(t, []byte("/*line ")) && bytes.HasSuffix(t, []byte("*/"))
}

// isCode reports whether line holds code that a position can matter for:
// not blank, not a comment alone, not only closing brackets.
func isCode(line []byte) bool {
	t := bytes.TrimSpace(line)
	if len(t) == 0 || bytes.HasPrefix(t, []byte("//")) || bytes.HasPrefix(t, []byte("/*")) {
		return false
	}
	return len(bytes.Trim(t, "})],")) > 0
}
