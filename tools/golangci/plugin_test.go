package golangci_test

import (
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/asyncgen/asyncgen/analyzer"
	_ "github.com/asyncgen/asyncgen/tools/golangci"
)

func TestPlugin(t *testing.T) {
	newPlugin, err := register.GetPlugin("asyncvet")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != len(analyzer.Analyzers) {
		t.Errorf("BuildAnalyzers returned %d analyzers, want all %d of asyncvet", len(as), len(analyzer.Analyzers))
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
}
