package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func f() (string, error) {
	type Name string
	type Person struct {
		Name
		Age int
	}
	p := Person{"bob", 3}
	runtime.Await(runtime.Sleep(0))
	return fmt.Sprintf("%+v", p), nil
}

// Error:
// localtypeembedded.go:13:3: type Name is declared inside the function and embedded here: the frame holds it across an await, so it moves to package level as fFrame_Name, which would rename the field: declare Name at package level
