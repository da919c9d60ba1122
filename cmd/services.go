package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/render"
	"github.com/spf13/cobra"
)

type servicesOptions struct {
	io     *IOStreams
	global *globalOptions
	output string
	match  string
}

func newCmdServices(io *IOStreams, g *globalOptions, runF func(*servicesOptions) error) *cobra.Command {
	opts := &servicesOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "services [WORD]",
		Short: "List the Tencent Cloud products camerr knows, with their service ids",
		Long: `List every Tencent Cloud product whose error codes are in the catalog: its
service id (the API endpoint and CAM prefix, as --service takes it), its name,
how many codes it defines, and its documentation.

A WORD keeps the products whose id or name contains it, ignoring case.`,
		Example: `  camerr services
  camerr services database
  camerr services -o json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return &usageError{fmt.Errorf("%s takes at most one word, got %d", cmd.CommandPath(), len(args))}
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.match = args[0]
			}
			if err := opts.global.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runServices(opts)
		},
	}
	outputFlag(cmd, &opts.output, OutputText, OutputJSON)
	return cmd
}

func runServices(o *servicesOptions) error {
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	defer o.io.startPager(o.global.noPager)()
	var ss []catalog.Service
	for _, s := range c.Services() {
		if o.match == "" || strings.Contains(strings.ToLower(s.ID+" "+s.Name), strings.ToLower(o.match)) {
			ss = append(ss, s)
		}
	}
	err = show(newPrinter(o.io, o.global, o.output), ss, &views[[]catalog.Service]{
		JSON:     render.JSON[catalog.Service],
		Terminal: render.ServiceTable,
		Plain:    func(w io.Writer, ss []catalog.Service, _ *render.Styles) { render.ServiceTSV(w, ss) },
		Empty:    len(ss) == 0,
	})
	if err != nil {
		return err
	}
	if len(ss) == 0 {
		return &exitError{code: ExitNotFound, msg: fmt.Sprintf("no product matches %q", o.match)}
	}
	return nil
}
