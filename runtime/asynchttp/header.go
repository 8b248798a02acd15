package asynchttp

import (
	"bytes"
	"errors"

	"github.com/asyncgen/asyncgen/runtime"
)

// Reading a header section.
//
// net/http's parser (textproto) takes a line ending in "\n" alone as it
// takes one ending in "\r\n", in requests and responses alike, so a header
// section ends at the first "\n" followed by "\r\n" or by "\n". A stream
// read waits for one separator, not for either of two, and cannot look at
// buffered bytes without taking them; reading the section line by line
// finds its end whatever the endings, but costs a read and a copy a line
// (a third more allocations for a client request). So the first section
// a peer sends on a connection is read line by line, and how it ended (an
// empty line "\r\n", or "\n") is kept: the peer's later sections are read
// in one piece up to that separator ("\n\r\n" or "\n\n", which also covers
// sections whose other lines end either way). A later section that ends
// the other way is caught by checkEnd if the separator turns up further
// on (the read went past the section's end); if it does not, the read
// waits until a timeout. net/http follows a peer that changes how it ends
// its sections within a connection; senders keep to one line ending.

// How a peer ends its header sections.
const (
	endsUnknown uint8 = iota // not learnt yet: read line by line
	endsCRLF                 // an empty line "\r\n"
	endsLF                   // an empty line "\n"
)

var (
	lf     = []byte("\n")
	lfcrlf = []byte("\n\r\n")
	lflf   = []byte("\n\n")
)

// readHeader reads a header section from s, through the empty line that
// ends it, for a peer whose sections end as ends says. got, when not nil,
// counts the bytes read so far of a section read line by line (a section
// read in one piece stays buffered until it is whole).
func readHeader(s *runtime.Stream, ends uint8, max int, got *int) runtime.Awaitable[[]byte] {
	switch ends {
	case endsCRLF:
		return s.ReadUntil(lfcrlf)
	case endsLF:
		return s.ReadUntil(lflf)
	}
	return readHeaderLinesAsync(s, max, got)
}

// readHeaderLines reads a header section line by line, through the first
// empty line. Its errors are those of a section read in one piece: a
// stream that ends first gives *runtime.IncompleteReadError holding all
// that was read, a section longer than max *runtime.LimitOverrunError.
//
// async
func readHeaderLines(s *runtime.Stream, max int, got *int) ([]byte, error) {
	var hdr []byte // nothing held while the first line is awaited
	for {
		line, err := runtime.Await(s.ReadUntil(lf))
		if err != nil {
			var inc *runtime.IncompleteReadError
			if errors.As(err, &inc) {
				return nil, &runtime.IncompleteReadError{Partial: append(hdr, inc.Partial...), Expected: -1}
			}
			return nil, err
		}
		hdr = append(hdr, line...)
		if got != nil {
			*got = len(hdr)
		}
		if len(hdr) > max {
			return nil, &runtime.LimitOverrunError{Consumed: len(hdr), Found: false}
		}
		if len(line) == 1 || len(line) == 2 && line[0] == '\r' {
			return hdr, nil
		}
	}
}

// endsOf is how the header section hdr, read line by line, ends.
func endsOf(hdr []byte) uint8 {
	if bytes.HasSuffix(hdr, lfcrlf) {
		return endsCRLF
	}
	if bytes.HasSuffix(hdr, lflf) {
		return endsLF
	}
	return endsUnknown // a first line that is empty: the parser refuses it
}

// errHeaderEnds is the error of a header section read in one piece that
// turned out to have ended earlier, with the other line ending: the read
// took bytes that follow the section, and the connection cannot go on.
var errHeaderEnds = errors.New("header section ends unlike the previous ones on the connection")

// checkEnd checks that a header section read in one piece up to the
// separator of ends did not end before it (see errHeaderEnds).
func checkEnd(hdr []byte, ends uint8) error {
	other := lflf
	if ends == endsLF {
		other = lfcrlf
	}
	if bytes.Contains(hdr, other) {
		return errHeaderEnds
	}
	return nil
}
