package cmd

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// parse runs argv through a command built with a runF that captures the options instead of
// doing the work: the flags-in, options-out layer.
func parse(t *testing.T, build func(*IOStreams, *globalOptions) *cobra.Command, args ...string) error {
	t.Helper()
	io := &IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
	cmd := build(io, &globalOptions{color: ColorAuto})
	cmd.SetArgs(args)
	cmd.SetOut(io.Out)
	cmd.SetErr(io.ErrOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	// As the root does: flag errors are usage errors.
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return asFlagError(err) })
	return cmd.Execute()
}

func TestLookupOptions(t *testing.T) {
	var got *lookupOptions
	build := func(io *IOStreams, g *globalOptions) *cobra.Command {
		return newCmdLookup(io, g, func(o *lookupOptions) error { got = o; return nil })
	}
	if err := parse(t, build, "4500", "policyName.InUse", "-o", "json", "--api", "v3", "--service", "cam"); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.queries, []string{"4500", "policyName.InUse"}) || got.output != OutputJSON ||
		got.filter != (filterFlags{api: "v3", service: "cam"}) {
		t.Errorf("options = %+v", got)
	}
	for _, bad := range [][]string{{}, {"x", "--output", "xml"}, {"x", "--api", "v4"}, {"x", "--service", "nosuchservice"}, {"x", "--kind", "both"}} {
		got = nil
		err := parse(t, build, bad...)
		var ue *usageError
		if !asUsage(err, &ue) || got != nil {
			t.Errorf("lookup %v: error %v (runF called: %v), want a usage error", bad, err, got != nil)
		}
	}
}

func TestSearchOptions(t *testing.T) {
	var got *searchOptions
	build := func(io *IOStreams, g *globalOptions) *cobra.Command {
		return newCmdSearch(io, g, func(o *searchOptions) error { got = o; return nil })
	}
	if err := parse(t, build, "too", "many", "roles", "-n", "3"); err != nil {
		t.Fatal(err)
	}
	if got.query != "too many roles" || got.limit != 3 || got.output != OutputText {
		t.Errorf("options = %+v", got)
	}
	got = nil
	if err := parse(t, build, "x", "--limit", "-2"); err == nil || got != nil {
		t.Errorf("negative limit accepted")
	}
}

func TestListOptions(t *testing.T) {
	var got *listOptions
	build := func(io *IOStreams, g *globalOptions) *cobra.Command {
		return newCmdList(io, g, func(o *listOptions) error { got = o; return nil })
	}
	if err := parse(t, build, "--kind", "modular", "--output", "json"); err != nil {
		t.Fatal(err)
	}
	if got.filter != (filterFlags{kind: "modular"}) || got.output != OutputJSON {
		t.Errorf("options = %+v", got)
	}
}

func asUsage(err error, target **usageError) bool {
	ue, ok := err.(*usageError)
	*target = ue
	return ok
}
