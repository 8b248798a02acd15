package asynchttp

import "github.com/asyncgen/asyncgen/runtime"

// Reading a header section.
//
// net/http's parser (textproto) takes a line ending in "\n" alone as it
// takes one ending in "\r\n", in requests and responses alike, so a header
// section ends at the first "\n" followed by "\r\n" or by "\n": one read
// through whichever of the two comes first finds it, whatever the endings
// of the section's lines.

var headerEnds = [][]byte{[]byte("\n\r\n"), []byte("\n\n")}

// readHeader reads a header section from s, through the empty line that
// ends it.
func readHeader(s *runtime.Stream) runtime.Awaitable[[]byte] {
	return s.ReadUntilAny(headerEnds...)
}
