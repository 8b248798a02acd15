package golangci

import (
	"golang.org/x/tools/go/analysis"

	"github.com/golangci/plugin-module-register/register"

	"github.com/asyncgen/asyncgen/analyzer"
)

func init() {
	register.Plugin("asyncvet", New)
}

// New returns the asyncvet plugin. It takes no settings: turn rules off
// with golangci-lint's own issue exclusions, by the rule's name, which
// golangci-lint shows in brackets after each message.
func New(settings any) (register.LinterPlugin, error) {
	return plugin{}, nil
}

type plugin struct{}

// BuildAnalyzers returns the rules of asyncvet.
func (plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return analyzer.Analyzers, nil
}

// GetLoadMode asks for type information: the rules need types and facts.
func (plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
