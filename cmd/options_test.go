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

// wantUsageErrors checks every argv in bad is refused as a usage error before the run: got
// reports whether runF was called.
func wantUsageErrors(t *testing.T, build func(*IOStreams, *globalOptions) *cobra.Command, got func() bool, name string, bad ...[]string) {
	t.Helper()
	for _, args := range bad {
		err := parse(t, build, args...)
		var ue *usageError
		if !asUsage(err, &ue) || got() {
			t.Errorf("%s %v: error %v (runF called: %v), want a usage error", name, args, err, got())
		}
	}
}

func TestSearchOptionsRefused(t *testing.T) {
	var got *searchOptions
	build := func(io *IOStreams, g *globalOptions) *cobra.Command {
		return newCmdSearch(io, g, func(o *searchOptions) error { got = o; return nil })
	}
	if err := parse(t, build, "replay", "-o", "json", "--api", "v2", "--limit", "0"); err != nil {
		t.Fatal(err)
	}
	if got.query != "replay" || got.output != OutputJSON || got.limit != 0 || got.filter != (filterFlags{api: "v2"}) {
		t.Errorf("options = %+v", got)
	}
	got = nil
	wantUsageErrors(t, build, func() bool { return got != nil }, "search",
		[]string{}, []string{"x", "-o", "yaml"}, []string{"x", "--kind", "common", "--service", "cam"},
		[]string{strings.Repeat("a", maxQueryLen+1)})
}

func TestListOptionsRefused(t *testing.T) {
	var got *listOptions
	build := func(io *IOStreams, g *globalOptions) *cobra.Command {
		return newCmdList(io, g, func(o *listOptions) error { got = o; return nil })
	}
	if err := parse(t, build, "--service", "cvm", "--action", "RunInstances"); err != nil {
		t.Fatal(err)
	}
	if got.filter != (filterFlags{service: "cvm"}) || got.action != "RunInstances" || got.output != OutputText {
		t.Errorf("options = %+v", got)
	}
	got = nil
	wantUsageErrors(t, build, func() bool { return got != nil }, "list",
		[]string{"extra"}, []string{"-o", "xml"}, []string{"--action", "RunInstances"}, []string{"--api", "v2", "--service", "cvm"})
}

func TestExplainOptions(t *testing.T) {
	var got *explainOptions
	build := func(io *IOStreams, g *globalOptions) *cobra.Command {
		return newCmdExplain(io, g, func(o *explainOptions) error { got = o; return nil })
	}
	for _, tc := range []struct {
		args    []string
		files   []string
		output  string
		summary bool
		max     int
	}{
		{nil, []string{"-"}, OutputText, false, 16 << 20},
		{[]string{"app.log", "-", "b.log"}, []string{"app.log", "-", "b.log"}, OutputText, false, 16 << 20},
		{[]string{"-o", "json", "--summary", "app.log"}, []string{"app.log"}, OutputJSON, true, 16 << 20},
		{[]string{"--max-record", "512K"}, []string{"-"}, OutputText, false, 512 << 10},
		{[]string{"--max-record", "1 GiB", "--output=json"}, []string{"-"}, OutputJSON, false, 1 << 30},
	} {
		got = nil
		if err := parse(t, build, tc.args...); err != nil {
			t.Errorf("explain %q: %v", tc.args, err)
			continue
		}
		if !reflect.DeepEqual(got.files, tc.files) || got.output != tc.output || got.summary != tc.summary || got.maxRecord != tc.max {
			t.Errorf("explain %q: options = %+v", tc.args, got)
		}
	}
	got = nil
	wantUsageErrors(t, build, func() bool { return got != nil }, "explain",
		[]string{"-o", "sarif"}, []string{"--max-record", "0"}, []string{"--max-record", "lots"},
		[]string{"--max-record", "3G"}, []string{"--summary=maybe"})
}

func TestServicesOptions(t *testing.T) {
	var got *servicesOptions
	build := func(io *IOStreams, g *globalOptions) *cobra.Command {
		return newCmdServices(io, g, func(o *servicesOptions) error { got = o; return nil })
	}
	if err := parse(t, build, "database", "-o", "json"); err != nil {
		t.Fatal(err)
	}
	if got.match != "database" || got.output != OutputJSON {
		t.Errorf("options = %+v", got)
	}
	got = nil
	if err := parse(t, build); err != nil || got.match != "" || got.output != OutputText {
		t.Errorf("services: %v, options = %+v", err, got)
	}
	got = nil
	wantUsageErrors(t, build, func() bool { return got != nil }, "services", []string{"a", "b"}, []string{"-o", "tsv"})
}

func asUsage(err error, target **usageError) bool {
	ue, ok := err.(*usageError)
	*target = ue
	return ok
}
