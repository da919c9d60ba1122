package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/render"
	"github.com/spf13/cobra"
)

type listOptions struct {
	io     *IOStreams
	global *globalOptions
	output string
	action string
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
  camerr list --service cvm
  camerr list --service cvm --action RunInstances
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
	outputFlag(cmd, &opts.output, OutputText, OutputJSON)
	opts.filter.register(cmd)
	cmd.Flags().StringVar(&opts.action, "action", "", "only the codes this API action is documented to return (with --service, or as service:Action)")
	_ = cmd.RegisterFlagCompletionFunc("action", cobra.NoFileCompletions)
	return cmd
}

func (o *listOptions) validate() error {
	if err := o.global.validate(); err != nil {
		return err
	}
	if err := o.filter.validate(); err != nil {
		return err
	}
	if o.action != "" && !strings.Contains(o.action, ":") && o.filter.service == "" {
		return &usageError{fmt.Errorf("--action %q needs --service, or write it as service:Action (cvm:RunInstances)", o.action)}
	}
	return nil
}

func runList(o *listOptions) error {
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	defer o.io.startPager(o.global.noPager)()
	var entries []*catalog.Entry
	if o.action != "" {
		name := o.action
		if !strings.Contains(name, ":") {
			name = o.filter.service + ":" + name
		}
		_, es, ok := c.Action(name)
		if !ok {
			return &exitError{code: ExitNotFound, msg: fmt.Sprintf("no product has an API action %q", name)}
		}
		f := o.filter.filter()
		for _, e := range es {
			if f.Match(e) {
				entries = append(entries, e)
			}
		}
	} else {
		entries = c.List(o.filter.filter())
	}
	err = show(newPrinter(o.io, o.global, o.output), entries, entryViews(nil, len(entries) == 0))
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return &exitError{code: ExitNotFound, msg: "no error code matches these filters"}
	}
	return nil
}

// entryViews show search's and list's entries: a table on a terminal, tab-separated lines on a
// pipe, the JSON array of -o json. highlight, when not nil, marks each code's matched runes.
func entryViews(highlight [][]int, empty bool) *views[[]*catalog.Entry] {
	return &views[[]*catalog.Entry]{
		JSON: render.JSON[*catalog.Entry],
		Terminal: func(w io.Writer, es []*catalog.Entry, st *render.Styles, width int) {
			render.Table(w, es, highlight, st, width)
		},
		Plain: func(w io.Writer, es []*catalog.Entry, st *render.Styles) { render.TSV(w, es, highlight, st) },
		Empty: empty,
	}
}
