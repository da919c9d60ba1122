package cmd

import (
	"fmt"
	"strings"

	"github.com/camerr/camerr/catalog"
	"github.com/spf13/cobra"
)

type searchOptions struct {
	io     *IOStreams
	global *globalOptions
	query  string
	limit  int
	output string
	filter filterFlags
}

func newCmdSearch(io *IOStreams, g *globalOptions, runF func(*searchOptions) error) *cobra.Command {
	opts := &searchOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "search WORDS...",
		Short: "Find error codes by words, tolerating typos",
		Long: `Find error codes by words in their names, titles, descriptions and actions,
and in the names of the products that return them.

Results are ranked: the exact code first, then codes that start with the words,
then entries that contain every word, then close matches that allow for typos.`,
		Example: `  camerr search replay
  camerr search cvm instance type zone
  camerr search too many roles
  camerr search polcy nmae --limit 3`,
		Args:              minArgs(1, "at least one word to search for"),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.query = strings.Join(args, " ")
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runSearch(opts)
		},
	}
	cmd.Flags().IntVarP(&opts.limit, "limit", "n", 10, "show at most this many results (0: all)")
	_ = cmd.RegisterFlagCompletionFunc("limit", cobra.NoFileCompletions)
	outputFlag(cmd, &opts.output, OutputText, OutputJSON)
	opts.filter.register(cmd)
	return cmd
}

// maxQueryLen is the longest search query: far longer than any code or description.
const maxQueryLen = 1024

func (o *searchOptions) validate() error {
	if err := o.global.validate(); err != nil {
		return err
	}
	// No code, name or sentence of the catalog is this long: such a query can only be a
	// mistake, and it would cost time and memory for nothing.
	if len(o.query) > maxQueryLen {
		return &usageError{fmt.Errorf("the search words are %d bytes long; camerr searches for at most %d", len(o.query), maxQueryLen)}
	}
	if o.limit < 0 {
		return &usageError{fmt.Errorf("invalid value %d for --limit: want 0 or more", o.limit)}
	}
	return o.filter.validate()
}

func runSearch(o *searchOptions) error {
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	defer o.io.startPager(o.global.noPager)()
	hits := c.Search(o.query, o.filter.filter(), o.limit)
	entries := make([]*catalog.Entry, len(hits))
	highlight := make([][]int, len(hits))
	for i, h := range hits {
		entries[i], highlight[i] = h.Entry, h.Highlight
	}
	err = show(newPrinter(o.io, o.global, o.output), entries, entryViews(highlight, len(hits) == 0))
	if err != nil {
		return err
	}
	if len(hits) == 0 {
		return &exitError{code: ExitNotFound, msg: fmt.Sprintf("no error code matches %q", o.query)}
	}
	return nil
}
