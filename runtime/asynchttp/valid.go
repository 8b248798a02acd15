package asynchttp

import "bytes"

// The syntax checks net/http's server makes beyond what http.ReadRequest
// and textproto check (net/http takes them from golang.org/x/net's
// httpguts), written from RFC 9110.

// tokenChars holds the bytes of a token (RFC 9110 §5.6.2): a field name,
// for one.
var tokenChars = alnumAnd("!#$%&'*+-.^_`|~")

// alnumAnd is a table of the ASCII letters and digits and the bytes of
// extra.
func alnumAnd(extra string) (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for _, c := range []byte(extra) {
		t[c] = true
	}
	return t
}

// validFieldName reports whether name is a token, as a field name must be.
// A name that a request smuggles past textproto, such as "Content-Length "
// from "Content-Length : 5", is not.
func validFieldName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !tokenChars[name[i]] {
			return false
		}
	}
	return true
}

// validFieldValue reports whether v holds no control byte but HTAB (RFC
// 9110 §5.5: field-vchar, SP, HTAB, obs-text).
func validFieldValue(v []byte) bool {
	for _, c := range v {
		if c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// hostChars holds the bytes a Host field may hold: those of a reg-name, an
// IP literal in brackets and a port (RFC 3986 §3.2.2), percent-encoding
// included.
var hostChars = alnumAnd("-._~%!$&'()*+,;=:[]")

// validHost reports whether h may be a request's Host: "a/b" may not.
func validHost(h string) bool {
	for i := 0; i < len(h); i++ {
		if !hostChars[h[i]] {
			return false
		}
	}
	return true
}

// hostField returns the value of the header section hdr's (request line
// first) Host field, and whether it has one, empty or not: http.ReadRequest
// moves its value to Request.Host and drops the field (an empty one looks
// like none), and for a request in absolute form takes the URL's host
// instead.
func hostField(hdr []byte) (string, bool) {
	_, rest, _ := bytes.Cut(hdr, []byte("\n"))
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if len(line) >= 5 && bytes.EqualFold(line[:5], []byte("host:")) {
			return string(bytes.Trim(line[5:], " \t\r")), true
		}
	}
	return "", false
}

// hasField reports whether the header section hdr (from the request line)
// has a field named name, in any case. The names have passed
// validFieldName, so a name is followed by its colon.
func hasField(hdr []byte, name string) bool {
	_, rest, _ := bytes.Cut(hdr, []byte("\n"))
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if len(line) > len(name) && line[len(name)] == ':' && bytes.EqualFold(line[:len(name)], []byte(name)) {
			return true
		}
	}
	return false
}
