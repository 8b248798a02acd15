package rewrite_test

import (
	"flag"
	"fmt"
	"testing"
)

var show = flag.String("show", "", "print the generated code of this testdata input")

func TestShow(t *testing.T) {
	if *show == "" {
		t.Skip("no -show")
	}
	_, gen, err := generate(t, *show)
	fmt.Println(string(gen))
	if err != nil {
		t.Fatal(err)
	}
}
