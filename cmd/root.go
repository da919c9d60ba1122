// Package cmd is camerr's command line: the cobra command tree, its flags and completions, and
// nothing else of substance. Each command parses its flags into an options struct and validates
// them (newCmdX), then its run function (runX) opens the input, asks the catalog, diagnose
// (explain) or policy (check), and gives render's views to the printer, which picks the output
// mode (terminal, plain, JSON, SARIF) in one place. It is the only package that knows about the
// real environment: the streams and terminal (IOStreams), the pager, and the exit codes.
package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/render"
	"github.com/spf13/cobra"
)

// Exit codes, documented in the README.
const (
	ExitOK       = 0 // success
	ExitNotFound = 1 // nothing found
	ExitUsage    = 2 // usage error: unknown command or flag, missing argument, unreadable file
	ExitBadInput = 3 // input that cannot be read as intended (explain, check)
)

// exitError carries an exit code; its message, when not empty, is printed as "camerr: MESSAGE".
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usageError marks errors in how camerr was called: they print the command's usage.
type usageError struct{ err error }

// unknownCommandError is a mistyped command: a suggestion and a hint to run --help follow, not
// the whole usage.
type unknownCommandError struct{ msg string }

func (e *unknownCommandError) Error() string { return e.msg }

func (e *usageError) Error() string { return e.err.Error() }

// errQuietExit1 ends a command with exit 1 when it has already said why (what was not found,
// the errors a policy has).
var errQuietExit1 = &exitError{code: ExitNotFound}

// Main runs camerr with the given arguments and streams and returns the exit code.
func Main(args []string, io *IOStreams) int {
	root := NewRootCmd(io)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	var ue *usageError
	var uc *unknownCommandError
	switch {
	case errors.As(err, &uc):
		fmt.Fprintf(io.ErrOut, "camerr: %s\nRun '%s --help' for usage.\n", oneLine(uc.msg), cmd.CommandPath())
		return ExitUsage
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintf(io.ErrOut, "camerr: %s\n", render.Sanitize(ee.msg))
		}
		return ee.code
	case errors.As(err, &ue) || isCobraUsageError(err):
		fmt.Fprintf(io.ErrOut, "camerr: %s\n", oneLine(err.Error()))
		if cmd != nil {
			fmt.Fprintf(io.ErrOut, "\n%s", cmd.UsageString())
		}
		return ExitUsage
	default:
		fmt.Fprintf(io.ErrOut, "camerr: %s\n", oneLine(err.Error()))
		return ExitUsage
	}
}

// isCobraUsageError recognises the usage errors cobra makes itself, which have no type.
func isCobraUsageError(err error) bool {
	s := err.Error()
	return strings.HasPrefix(s, "unknown command") || strings.HasPrefix(s, "unknown flag") ||
		strings.HasPrefix(s, "unknown shorthand flag") || strings.Contains(s, "flag needs an argument") ||
		strings.HasPrefix(s, "invalid argument")
}

// oneLine makes an error message one safe line: cobra and pflag quote the user's words without
// escaping them, so a flag name can carry an escape sequence.
func oneLine(s string) string { return render.Sanitize(strings.Join(strings.Fields(s), " ")) }

// globalOptions are the flags every command shares.
type globalOptions struct {
	color   string
	noPager bool
}

// NewRootCmd builds the command tree.
func NewRootCmd(io *IOStreams) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "camerr",
		Short: "Explain Tencent Cloud API errors, offline",
		Long: `camerr explains Tencent Cloud API error codes without a browser or a network:
what an error means, and what to do about it.`,
		Example: `  camerr explain error.log              # every Tencent Cloud error in a log or paste
  pbpaste | camerr explain               # ... or on standard input
  camerr check policy.json               # a CAM policy, before the API sees it
  camerr lookup ResourceUnavailable.InstanceType
  camerr lookup cvm:RunInstances         # the codes an API action can return
  camerr search cdn not activated`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          noArgs,
	}
	// --version and the help's footer are plain functions: a custom text/template would make
	// the linker keep every exported method (reflection), a bigger binary and a slower start.
	var showVersion bool
	root.Flags().BoolVarP(&showVersion, "version", "v", false, "print camerr's version, as camerr version does")
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if showVersion {
			fmt.Fprintln(io.Out, versionLine())
			return nil
		}
		return cmd.Help()
	}
	root.SuggestionsMinimumDistance = 2
	usage := root.UsageFunc()
	root.SetUsageFunc(func(c *cobra.Command) error {
		err := usage(c)
		if !c.HasParent() {
			fmt.Fprint(c.OutOrStderr(), rootFooter)
		}
		return err
	})
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.SetIn(io.In)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return asFlagError(err) })
	enumFlag(root, root.PersistentFlags(), &g.color, "color", "", ColorAuto, "colour output", ColorAuto, ColorAlways, ColorNever)
	root.PersistentFlags().BoolVar(&g.noPager, "no-pager", false, "do not send long output on a terminal through a pager")
	root.CompletionOptions.HiddenDefaultCmd = false

	root.AddCommand(
		newCmdLookup(io, g, nil),
		newCmdSearch(io, g, nil),
		newCmdList(io, g, nil),
		newCmdServices(io, g, nil),
		newCmdCheck(io, g, nil),
		newCmdExplain(io, g, nil),
		newCmdVersion(io),
	)
	return root
}

// rootFooter ends the root command's help (only the root's) with the exit codes and the
// environment variables, as git and gh document theirs.
const rootFooter = `
Exit codes:
  0  success
  1  nothing found (an unknown code, no match, no error in the input); check: the policy has errors
  2  usage error, or a file that cannot be read or output that cannot be written
  3  bad input: explain was given binary input, check something that is not a policy

Environment:
  NO_COLOR          any value turns colour off
  CLICOLOR_FORCE    any value but 0 turns colour on, even in a pipe
  CAMERR_FORCE_TTY  any value makes output terminal-style even when redirected
  CAMERR_PAGER      the pager for long output on a terminal (else PAGER, else less -FRX)
  COLUMNS           the width to fit terminal output to
`

// noArgs rejects positional arguments as a usage error, naming the unexpected word.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		if cmd.HasSubCommands() {
			msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += fmt.Sprintf("; did you mean %s?", strings.Join(s, " or "))
			}
			return &unknownCommandError{msg}
		}
		return &usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), args[0])}
	}
	return nil
}

// minArgs requires at least n positional arguments, as a usage error.
func minArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return &usageError{fmt.Errorf("%s needs %s", cmd.CommandPath(), what)}
		}
		return nil
	}
}

func fixedValues(vals ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return vals, cobra.ShellCompDirectiveNoFileComp
	}
}

// Output formats of -o/--output.
const (
	OutputText = "text"
	OutputJSON = "json"
)

// outputFlag adds -o/--output to cmd, taking one of formats (text first, the default): it
// checks, completes and documents itself as every enum flag does.
func outputFlag(cmd *cobra.Command, target *string, formats ...string) {
	enumFlag(cmd, cmd.Flags(), target, "output", "o", formats[0], "output format", formats...)
}

// loadCatalog returns the embedded catalog; a failure here is a bug in the embedded data.
func loadCatalog() (*catalog.Catalog, error) {
	c, err := catalog.Default()
	if err != nil {
		return nil, &exitError{code: ExitUsage, msg: "internal error: " + err.Error()}
	}
	return c, nil
}

// styles returns the styles for standard output under the --color setting.
func (g *globalOptions) styles(io *IOStreams) *render.Styles {
	return render.NewStyles(io.Out, io.ColorEnabled(g.color))
}

// validate checks the global flags.
// validate checks what flag parsing cannot: nothing today, since --color checks itself; kept
// so that every command validates its global options in one call.
func (g *globalOptions) validate() error { return nil }
