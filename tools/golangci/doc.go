// Package golangci registers asyncvet's rules as a golangci-lint module
// plugin named asyncvet, so they run where most teams already lint.
//
// It is a module of its own, so that asyncgen itself does not depend on
// golangci-lint's plugin API. golangci-lint custom builds a binary holding
// it from .custom-gcl.yml; inside the asyncgen repository:
//
//	version: v2.6.0
//	plugins:
//	  # asyncgen from this checkout, which the plugin module requires
//	  - module: github.com/asyncgen/asyncgen
//	    import: github.com/asyncgen/asyncgen/analyzer
//	    path: .
//	  - module: github.com/asyncgen/asyncgen/tools/golangci
//	    path: ./tools/golangci
//
// and .golangci.yml enables it:
//
//	version: "2"
//	linters:
//	  enable:
//	    - asyncvet
//	  settings:
//	    custom:
//	      asyncvet:
//	        type: module
//	        description: asyncio-style mistakes in asyncgen code
//
// The plugin takes no settings. Each diagnostic keeps its rule's category
// (outsideasync, blocking, ...); see package
// [github.com/asyncgen/asyncgen/analyzer] for the rules.
package golangci
