package cmd

import (
	"bufio"
	"errors"
	"fmt"
	stdio "io"
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
against every code of every product; its last dot-segments are enough when they
name one code ("policyName.InUse"). A code many products define shows its common
entry and lists the products; --service shows one product's. A dotted code that
is not in the catalog is explained by its nearest known parent. An API action
written as CAM writes it (cvm:RunInstances) lists the codes it can return.

With no QUERY and standard input not a terminal, the queries are read from it,
separated by white space.`,
		Example: `  camerr lookup 4500
  camerr lookup ResourceUnavailable.InstanceType
  camerr lookup InternalError --service cvm
  camerr lookup cvm:RunInstances
  camerr lookup policyName.InUse 4100 -o json
  echo 4500 | camerr lookup`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && io.InTTY {
				return minArgs(1, "at least one error code or name")(cmd, args)
			}
			return nil
		},
		ValidArgsFunction: completeCodes,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.queries = args
			if len(args) == 0 {
				qs, err := readQueries(io.In)
				if err != nil {
					return err
				}
				opts.queries = qs
			}
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runLookup(opts)
		},
	}
	outputFlag(cmd, &opts.output, OutputText, OutputJSON)
	opts.filter.register(cmd)
	return cmd
}

// Queries read from standard input: at most maxStdinQueries, each at most maxQueryLen bytes.
const maxStdinQueries = 10000

// readQueries reads white-space-separated queries from r, refusing input that cannot be a list
// of codes.
func readQueries(r stdio.Reader) ([]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxQueryLen)
	sc.Split(bufio.ScanWords)
	var qs []string
	for sc.Scan() {
		if len(qs) == maxStdinQueries {
			return nil, &exitError{code: ExitBadInput, msg: fmt.Sprintf("standard input holds more than %d queries", maxStdinQueries)}
		}
		qs = append(qs, sc.Text())
	}
	switch {
	case errors.Is(sc.Err(), bufio.ErrTooLong):
		return nil, &exitError{code: ExitBadInput, msg: fmt.Sprintf("standard input holds a word longer than %d bytes: not an error code", maxQueryLen)}
	case sc.Err() != nil:
		return nil, &exitError{code: ExitUsage, msg: fmt.Sprintf("reading standard input: %v", sc.Err())}
	case len(qs) == 0:
		return nil, &usageError{fmt.Errorf("lookup needs at least one error code or name (none on standard input)")}
	}
	return qs, nil
}

func (o *lookupOptions) validate() error {
	if err := o.global.validate(); err != nil {
		return err
	}
	return o.filter.validate()
}

func runLookup(o *lookupOptions) error {
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	defer o.io.startPager(o.global.noPager)()
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
	err = show(newPrinter(o.io, o.global, o.output), results, &views[[]catalog.Result]{
		JSON: func(w stdio.Writer, rs []catalog.Result) error {
			var all []*catalog.Entry
			for _, r := range rs {
				all = append(all, r.All()...)
			}
			return render.JSON(w, all)
		},
		Terminal: func(w stdio.Writer, rs []catalog.Result, st *render.Styles, width int) {
			for i, r := range rs {
				if i > 0 {
					fmt.Fprintln(w)
				}
				render.Lookup(w, r, st, width)
			}
		},
		Plain: func(w stdio.Writer, rs []catalog.Result, st *render.Styles) {
			for i, r := range rs {
				if i > 0 {
					fmt.Fprintln(w)
				}
				render.LookupPlain(w, r, st)
			}
		},
	})
	if err != nil {
		return err
	}
	if failed {
		return errQuietExit1
	}
	return nil
}
