package rewrite

import (
	"bytes"
	"go/format"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"
)

// pinLines formats the generated source src, as jennifer renders it
// unformatted, making every line of a function body carry the source line
// its line directive names. The compiler numbers the lines after a
// directive on from it, but one source line becomes several generated ones
// (an await's poll, its resume case, the declarations around Step):
// without a directive of their own, a panic two lines below the directive
// would name the source line two below the right one. So pinLines repeats
// the directive before each line that begins with code and would
// otherwise drift, never inside a token that spans lines (a raw string, a
// block comment), then gofmts the result once: a directive between two
// lines can end an alignment section, so the file is formatted after.
func pinLines(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	tf := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(tf, src, nil, scanner.ScanComments)

	nl := []byte("\n")
	pins := map[int]string{} // raw line → the directive to put before it
	var file string
	var want, dirLine int // the source line in force, and the raw line after which it holds
	var decl token.Token  // the keyword of the top-level declaration the scan is in
	depth, lastEnd, lastCodeEnd := 0, 0, 0
	docEnd := 0  // the raw line a // comment other than a directive ends on
	pending := 0 // a line that begins with closers: pinned if code follows on it
	line, prevOff := 1, 0
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // inserted at the end of a line
		}
		// The raw line, counted here: the file's own positions follow the
		// directives, and looking them up costs more than counting.
		off := tf.Offset(pos)
		line += bytes.Count(src[prevOff:off], nl)
		prevOff = off
		first := line > lastEnd         // the token begins its line
		firstCode := line > lastCodeEnd // no code before it on its line
		lastEnd = line + strings.Count(lit, "\n")
		if tok != token.COMMENT {
			lastCodeEnd = lastEnd
		}
		switch tok {
		case token.COMMENT:
			if f, n, ok := parseDirective(lit); ok {
				// The line after a //line directive is n; so is the rest
				// of a /*line*/ directive's own line.
				file, want, dirLine = f, n, line
				if strings.HasPrefix(lit, "/*") {
					dirLine = line - 1
				}
			} else if strings.HasPrefix(lit, "//") {
				docEnd = line
			}
			continue
		case token.FUNC, token.TYPE, token.VAR, token.CONST, token.IMPORT:
			if depth == 0 && firstCode { // a declaration begins its line; a func type in it does not
				decl = tok
			}
		case token.LBRACE:
			depth++
		case token.RBRACE:
			depth--
		}
		closer := tok == token.RBRACE || tok == token.RPAREN || tok == token.RBRACK || tok == token.COMMA
		switch {
		case first:
			pending = 0
			// Only in a function, its declaration and body, and only when
			// the compiler would number the line otherwise
			// (want+line-dirLine-1).
			if file == "" || decl != token.FUNC || depth == 0 && tok != token.FUNC || line == dirLine+1 {
				continue
			}
			if closer {
				pending = line // a line of closers alone has no position that matters
				continue
			}
		case line != pending || closer:
			continue
		}
		pending = 0
		pins[line] = "//line " + file + ":" + strconv.Itoa(want) + "\n"
		if tok == token.FUNC && docEnd == line-1 {
			// Under a doc comment, gofmt sets a directive apart with an
			// empty comment line: written so, one formatting is final.
			pins[line] = "//\n" + pins[line]
		}
		dirLine = line - 1
	}
	if len(pins) > 0 {
		var out bytes.Buffer
		out.Grow(len(src) + len(src)/2)
		for i, l := range bytes.SplitAfter(src, []byte("\n")) {
			out.WriteString(pins[i+1])
			out.Write(l)
		}
		src = out.Bytes()
	}
	return format.Source(src)
}

// parseDirective parses a line directive comment, //line file:line or
// /*line file:line:col*/, as the generator writes them.
func parseDirective(c string) (file string, line int, ok bool) {
	var rest string
	if r, ok := strings.CutPrefix(c, "//line "); ok {
		rest = r
	} else if r, ok := strings.CutPrefix(c, "/*line "); ok && strings.HasSuffix(r, "*/") {
		rest = strings.TrimSuffix(r, "*/")
		if i := strings.LastIndexByte(rest, ':'); i > 0 {
			rest = rest[:i] // the column
		}
	} else {
		return "", 0, false
	}
	i := strings.LastIndexByte(rest, ':')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(rest[i+1:])
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return rest[:i], n, true
}
