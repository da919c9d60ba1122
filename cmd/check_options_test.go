package cmd

import (
	"reflect"
	"testing"

	"github.com/spf13/cobra"
)

// TestCheckOptions: check's argv -> options layer, through its runF.
func TestCheckOptions(t *testing.T) {
	var got *checkOptions
	build := func(io *IOStreams, g *globalOptions) *cobra.Command {
		return newCmdCheck(io, g, func(o *checkOptions) error { got = o; return nil })
	}

	// Defaults: standard input, text, permission, legacy limits, no request parameters.
	if err := parse(t, build); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.paths, []string{"-"}) || got.output != OutputText || got.typ != "permission" || got.limits != "legacy" ||
		got.fix || got.policyName != nil || got.roleName != nil || got.description != nil || got.account != "" {
		t.Errorf("defaults = %+v", got)
	}

	got = nil
	if err := parse(t, build, "a.json", "dir/", "-o", "sarif", "--type", "sts", "--limits", "current", "--fix",
		"--policy-name", "", "--role-name", "r", "--description", "d", "--account", "100000000001"); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.paths, []string{"a.json", "dir/"}) || got.output != OutputSARIF || got.typ != "sts" || got.limits != "current" || !got.fix || got.account != "100000000001" {
		t.Errorf("options = %+v", got)
	}
	// A parameter given empty is checked (it is given); one not given is not.
	if got.policyName == nil || *got.policyName != "" || got.roleName == nil || *got.roleName != "r" || got.description == nil || *got.description != "d" {
		t.Errorf("request parameters = %v %v %v", got.policyName, got.roleName, got.description)
	}

	for _, bad := range [][]string{
		{"--output", "xml"}, {"-o", "JSON"}, {"--type", "role"}, {"--limits", "new"},
		{"--account", "12ab"}, {"--fix"}, {"--fix", "a.json", "-"}, {"--nosuchflag"},
	} {
		got = nil
		err := parse(t, build, bad...)
		var ue *usageError
		if !asUsage(err, &ue) || got != nil {
			t.Errorf("check %v: error %v (runF called: %v), want a usage error", bad, err, got != nil)
		}
	}
}
