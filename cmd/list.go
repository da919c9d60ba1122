package cmd

import (
	"github.com/camerr/camerr/render"
	"github.com/spf13/cobra"
)

type listOptions struct {
	io     *IOStreams
	global *globalOptions
	output string
	filter filterFlags
}

func newCmdList(io *IOStreams, g *globalOptions, runF func(*listOptions) error) *cobra.Command {
	opts := &listOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every error code in the catalog",
		Long: `List every error code in the catalog, or those of one namespace.

On a terminal this is a table; piped, one tab-separated line per code:
code, API version, kind (API 2.0) or service (API 3.0), and meaning.`,
		Example: `  camerr list --kind common
  camerr list --api v2 -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runList(opts)
		},
	}
	outputFlag(cmd, &opts.output)
	opts.filter.register(cmd)
	return cmd
}

func (o *listOptions) validate() error {
	if err := o.global.validate(); err != nil {
		return err
	}
	if err := checkChoice("output", o.output, OutputText, OutputJSON); err != nil {
		return err
	}
	return o.filter.validate()
}

func runList(o *listOptions) error {
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	entries := c.List(o.filter.filter())
	switch {
	case o.output == OutputJSON:
		if err := render.JSON(o.io.Out, entries); err != nil {
			return err
		}
	case len(entries) == 0:
	case o.io.OutTTY:
		render.Table(o.io.Out, entries, nil, o.global.styles(o.io), o.io.Width())
	default:
		render.TSV(o.io.Out, entries, nil, o.global.styles(o.io))
	}
	if len(entries) == 0 {
		return &exitError{code: ExitNotFound, msg: "no error code matches these filters"}
	}
	return nil
}
