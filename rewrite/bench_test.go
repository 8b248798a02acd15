package rewrite_test

import (
	"flag"
	"os"
	"testing"

	"github.com/asyncgen/asyncgen/rewrite"
)

var benchFile = flag.String("benchfile", "testdata/control.go", "input of BenchmarkFile")

// BenchmarkFile measures the lowering of one file (type-checking excluded).
func BenchmarkFile(b *testing.B) {
	src, err := os.ReadFile(*benchFile)
	if err != nil {
		b.Fatal(err)
	}
	in := check(b, "input.go", src)
	b.ReportMetric(float64(len(in.funcs)), "funcs")
	for b.Loop() {
		if _, err := rewrite.File(in.fset, in.pkg, in.info, in.file, in.funcs, rewrite.NewPackage(in.pkg, in.info, in.funcs, nil)); err != nil {
			b.Fatal(err)
		}
	}
}
