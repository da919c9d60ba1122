package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/render"
	"github.com/spf13/cobra"
)

type lookupOptions struct {
	io      *IOStreams
	global  *globalOptions
	queries []string
	output  string
	filter  filterFlags
}

func newCmdLookup(io *IOStreams, g *globalOptions, runF func(*lookupOptions) error) *cobra.Command {
	opts := &lookupOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "lookup QUERY...",
		Short: "Show what an error code means and what to do",
		Long: `Show what an error code means and what to do about it.

A number finds that API 2.0 common code, and for a common code such as 4000 or
5100 also lists the codeDescs that carry it. A name is matched case-insensitively
against every code; its last dot-segments are enough when they name one code
("policyName.InUse").`,
		Example: `  camerr lookup 4500
  camerr lookup invalidparameter.policyname.inuse
  camerr lookup policyName.InUse 4100 -o json`,
		Args:              minArgs(1, "at least one error code or name"),
		ValidArgsFunction: completeCodes,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.queries = args
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runLookup(opts)
		},
	}
	outputFlag(cmd, &opts.output)
	opts.filter.register(cmd)
	return cmd
}

func (o *lookupOptions) validate() error {
	if err := o.global.validate(); err != nil {
		return err
	}
	if err := checkChoice("output", o.output, OutputText, OutputJSON); err != nil {
		return err
	}
	return o.filter.validate()
}

func runLookup(o *lookupOptions) error {
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	var (
		results []catalog.Result
		failed  bool
	)
	for _, q := range o.queries {
		res, err := c.Lookup(q, o.filter.filter())
		var nf *catalog.NotFoundError
		if errors.As(err, &nf) {
			failed = true
			fmt.Fprintf(o.io.ErrOut, "camerr: %s\n", nf.Error())
			if len(nf.Suggestions) > 0 {
				fmt.Fprintf(o.io.ErrOut, "Did you mean %s?\n", strings.Join(nf.Suggestions, ", "))
			}
			continue
		}
		results = append(results, res)
	}
	switch {
	case o.output == OutputJSON:
		var all []*catalog.Entry
		for _, r := range results {
			all = append(all, r.All()...)
		}
		if err := render.JSON(o.io.Out, all); err != nil {
			return err
		}
	case o.io.OutTTY:
		st := o.global.styles(o.io)
		for i, r := range results {
			if i > 0 {
				fmt.Fprintln(o.io.Out)
			}
			render.Lookup(o.io.Out, r, st, o.io.Width())
		}
	default:
		st := o.global.styles(o.io)
		for i, r := range results {
			if i > 0 {
				fmt.Fprintln(o.io.Out)
			}
			render.LookupPlain(o.io.Out, r, st)
		}
	}
	if failed {
		return errQuietExit1
	}
	return nil
}
