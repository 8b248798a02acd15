package rewrite_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestErrors checks that what cannot be compiled is refused with a
// file:line:col message naming why. Each input under testdata/errors ends
// with the expected message after "// Error:".
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.go")
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".go"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			must(t, err)
			_, after, ok := bytes.Cut(src, []byte("\n// Error:\n// "))
			if !ok {
				t.Fatal("no // Error: block")
			}
			want := strings.TrimSpace(string(after))
			_, gen, err := generate(t, path)
			if err == nil {
				t.Fatalf("no error; generated:\n%s", gen)
			}
			if err.Error() != want {
				t.Errorf("error:\n got %s\nwant %s", err, want)
			}
		})
	}
}
