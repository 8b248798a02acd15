module github.com/asyncgen/asyncgen/tools/golangci

go 1.26.0

require (
	github.com/asyncgen/asyncgen v0.0.0
	golang.org/x/tools v0.52.0
)

require github.com/golangci/plugin-module-register v0.1.2

require github.com/dave/jennifer v1.7.1 // indirect

replace github.com/asyncgen/asyncgen => ../..
