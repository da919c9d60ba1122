package cmd

import (
	"bufio"
	"errors"
	"fmt"
	stdio "io"
	"math"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/diagnose"
	"github.com/camerr/camerr/render"
	"github.com/spf13/cobra"
)

type explainOptions struct {
	io        *IOStreams
	global    *globalOptions
	files     []string
	output    string
	summary   bool
	maxRecord int
}

func newCmdExplain(io *IOStreams, g *globalOptions, runF func(*explainOptions) error) *cobra.Command {
	opts := &explainOptions{io: io, global: g}
	var maxRecord string
	cmd := &cobra.Command{
		Use:   "explain [FILE...]",
		Short: "Find and explain every Tencent Cloud error in pasted text, files or logs",
		Long: `Find every Tencent Cloud API response and SDK error in the input and explain it:
the code, what it means, what to do, and where it was found.

It recognizes API 2.0 and 3.0 JSON bodies (alone, pretty-printed, inside log
lines or quoted strings, JSON Lines, Python dicts, JavaScript objects), the Go,
Python, Java, Node.js and .NET SDK exception strings, tccli and Terraform output,
fields printed one per line or as "Code = ...;" dumps, known error codes in free
text, and CAM "not authorized" messages, for which it suggests the policy
statement that would grant the denied action. It also recognizes Cloud Object
Storage errors: the XML body and what each COS SDK and tool prints; for a COS
AccessDenied it infers the action from the request and suggests the statement.
It names the product that sent each error when the paste says (API host, tccli,
SDK package, Terraform resource) or the code does. Reads standard input when no
file or "-" is given, and streams: input of any size is read in bounded memory.`,
		Example: `  camerr explain < response.json
  pbpaste | camerr explain
  camerr explain app.log --summary
  camerr explain -o json app.log | jq .errorCode`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.files = args
			if len(args) == 0 {
				opts.files = []string{"-"}
			}
			n, err := parseSize(maxRecord)
			if err != nil {
				return &usageError{fmt.Errorf("invalid value %q for --max-record: %v", maxRecord, err)}
			}
			opts.maxRecord = n
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runExplain(opts)
		},
	}
	outputFlag(cmd, &opts.output, OutputText, OutputJSON)
	cmd.Flags().BoolVar(&opts.summary, "summary", false, "count the responses per code instead of explaining each")
	cmd.Flags().StringVar(&maxRecord, "max-record", "16MiB", "skip (and count) records larger than this: a line, or a JSON body over several lines")
	return cmd
}

func (o *explainOptions) validate() error {
	if err := o.global.validate(); err != nil {
		return err
	}
	return nil
}

// parseSize reads a byte count: a number with an optional K, M or G suffix (KiB, MiB, GiB and
// KB, MB, GB are read the same, as powers of 1024).
func parseSize(s string) (int, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := 1
	for _, u := range []struct {
		suffix string
		mult   int
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.Atoi(t)
	// 2 GiB, or what an int holds on a 32-bit platform.
	if limit := int64(min(1<<31, math.MaxInt)); err != nil || n <= 0 || int64(n) > limit/int64(mult) {
		return 0, errors.New("want a positive size such as 65536, 512K or 16MiB, at most 2GiB")
	}
	return n * mult, nil
}

// errOutput marks a failure to write the report, which stops the scan; it is not a read error.
var errOutput = errors.New("cannot write the output")

// maxSummaryCodes bounds the codes --summary counts one by one, and so its memory, whatever the
// input: the errors under any further code are counted together.
const maxSummaryCodes = 100_000

// maxResolved bounds the answers the catalog's resolver remembers.
const maxResolved = 4096

// maxCards is how many responses are drawn as cards on a terminal; the rest are written as
// on a pipe, which costs a twentieth as much: a log can hold a million responses.
const maxCards = 100

// explainRun accumulates what an explain run found across its inputs.
type explainRun struct {
	o        *explainOptions
	out      *bufio.Writer
	pr       *printer
	resolver *catalog.Resolver
	tally    *render.CodeTally
	// responses and errors sum the scanner's counts of each input.
	responses, errors int
	// reports shows each response in the printer's mode.
	reports *views[render.Report]
	cards   int
}

// memoryLimit is the soft limit explain sets on the Go heap (unless GOMEMLIMIT is set). The scan
// holds at most about 40 MiB live, whatever the input; without a limit the collector lets the
// heap grow to twice what is live before it collects, past the 64 MiB the README promises.
const memoryLimit = 48 << 20

// gcPercent is the GOGC explain sets (unless GOGC is set): the collector lets the heap grow to
// three times what is live, not twice, under the same limit. A large scan's block buffers are
// outside the Go heap (diagnose's huge-page regions), so they no longer raise the collector's
// goal: at GOGC=100, explain -o json on bench/explain.sh's log collected 20-22 times, not 14.
const gcPercent = 200

func runExplain(o *explainOptions) error {
	if o.io.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	if o.io.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	run := &explainRun{o: o, out: bufio.NewWriterSize(o.io.Out, 64<<10), pr: newPrinter(o.io, o.global, o.output),
		resolver: c.Resolver(maxResolved)}
	run.pr.w = run.out
	if o.summary {
		run.tally = render.NewCodeTally(maxSummaryCodes, func(f diagnose.Finding) bool { return run.resolve(f).Known })
	} else {
		run.reports = run.reportViews()
	}
	exit := 0 // the worst failure so far: ExitUsage beats ExitBadInput
	for _, name := range o.files {
		in, err := openInput(o.io, name, "text to explain")
		if err != nil {
			run.out.Flush()
			fmt.Fprintf(o.io.ErrOut, "camerr: %s\n", err)
			exit = ExitUsage
			continue
		}
		stats, err := diagnose.Scan(in, diagnose.Options{Source: name, MaxRecord: o.maxRecord, KnownCode: c.Has, CodeFilter: c.MayKnow, CodesOnly: o.summary}, run.emit)
		in.Close()
		run.out.Flush()
		run.responses += stats.Responses
		run.errors += stats.Errors
		display := render.Sanitize(name)
		if name == "-" {
			display = "<stdin>"
		}
		switch {
		case errors.Is(err, diagnose.ErrBinary):
			fmt.Fprintf(o.io.ErrOut, "camerr: %s: the input is binary, not text\n", display)
			if exit == 0 {
				exit = ExitBadInput
			}
		case errors.Is(err, errOutput):
			return &exitError{code: ExitUsage, msg: err.Error()}
		case err != nil:
			fmt.Fprintf(o.io.ErrOut, "camerr: cannot read %q: %s\n", name, render.Sanitize(err.Error()))
			exit = ExitUsage
		}
		if stats.SkippedRecords > 0 {
			fmt.Fprintf(o.io.ErrOut, "camerr: warning: %s: skipped %d record(s) larger than --max-record (%d bytes)\n", display, stats.SkippedRecords, o.maxRecord)
		}
		if stats.InvalidUTF8 {
			fmt.Fprintf(o.io.ErrOut, "camerr: warning: %s: bytes that are not UTF-8 were replaced with U+FFFD\n", display)
		}
	}
	if o.summary {
		if err := run.writeCounts(); err != nil {
			return err
		}
	}
	if err := run.out.Flush(); err != nil {
		return err
	}
	switch {
	case exit != 0:
		return &exitError{code: exit}
	case run.responses == 0:
		return &exitError{code: ExitNotFound, msg: "no Tencent Cloud error found: camerr looks for API 2.0 and 3.0 responses, COS errors, SDK, tccli and Terraform error messages, known error codes and CAM permission denials"}
	}
	return nil
}

// resolve finds what the catalog knows about a finding's codes.
func (r *explainRun) resolve(f diagnose.Finding) catalog.Resolution {
	return r.resolver.Resolve(catalog.Codes{API: f.API, Code: f.Code, CodeDesc: f.CodeDesc, ErrorCode: f.ErrorCode,
		Service: f.Product.Service, From: f.Product.From, Action: f.Product.Action})
}

// emit handles one finding as the scanner reports it.
func (r *explainRun) emit(f diagnose.Finding) error {
	if r.tally != nil {
		if !f.OK {
			if f.Open() { // the format left the API to the code
				f.SettleAPI(r.resolve(f).API)
			}
			r.tally.Add(f)
		}
		return nil
	}
	res := r.resolve(f)
	f.SettleAPI(res.API)
	rep := render.Report{Finding: f, Resolution: res}
	if c := f.Cause; c != nil {
		rep.CauseResolution = r.resolve(diagnose.Finding{API: c.API, Code: c.Code, CodeDesc: c.CodeDesc, ErrorCode: c.ErrorCode})
	}
	// a write error is kept by r.out, and checked below
	_ = show(r.pr, rep, r.reports)
	r.cards++
	// bufio.Writer keeps its first error; an empty write returns it. Stop scanning once the
	// output is gone.
	if _, err := r.out.Write(nil); err != nil {
		return fmt.Errorf("%w: %v", errOutput, err)
	}
	return nil
}

// reportViews show a report in each mode: a JSON line; a card on a terminal, up to maxCards of
// them, then blocks as on a pipe; a block on a pipe. They are made once for the run, since a log
// can hold a million responses.
func (r *explainRun) reportViews() *views[render.Report] {
	lines := render.NewReportJSON(r.out)
	plain := func(w stdio.Writer, rep render.Report, st *render.Styles) {
		if r.cards > 0 {
			fmt.Fprintln(w)
		}
		render.ExplainPlain(w, rep, st)
	}
	return &views[render.Report]{
		JSON: func(_ stdio.Writer, rep render.Report) error { return lines.Write(rep) },
		Terminal: func(w stdio.Writer, rep render.Report, st *render.Styles, width int) {
			switch {
			case r.cards < maxCards:
				if r.cards > 0 {
					fmt.Fprintln(w)
				}
				render.Explain(w, rep, st, width)
				return
			case r.cards == maxCards:
				r.out.Flush()
				fmt.Fprintf(r.o.io.ErrOut, "camerr: more than %d responses: the rest are shown as on a pipe (--summary counts them)\n", maxCards)
			}
			plain(w, rep, st)
		},
		Plain: plain,
	}
}

// writeCounts writes --summary's counts.
func (r *explainRun) writeCounts() error {
	counts := r.tally.Counts(r.responses, r.errors)
	if r.tally.Overflowed() {
		fmt.Fprintf(r.o.io.ErrOut, "camerr: warning: more than %d distinct codes: the errors under the others are counted together as %q\n", maxSummaryCodes, render.OtherCodes)
	}
	return show(r.pr, counts, &views[render.CodeCounts]{
		JSON:     render.CodeCountsJSON,
		Terminal: func(w stdio.Writer, c render.CodeCounts, st *render.Styles, _ int) { render.CodeCountsTable(w, c, st) },
		Plain:    func(w stdio.Writer, c render.CodeCounts, _ *render.Styles) { render.CodeCountsTSV(w, c) },
		Empty:    counts.Responses == 0,
	})
}
