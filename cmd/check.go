package cmd

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/policy"
	"github.com/camerr/camerr/render"
	"github.com/spf13/cobra"
)

type checkOptions struct {
	io     *IOStreams
	global *globalOptions
	file   string
	output string
	typ    string
	limits string

	policyName, roleName, description *string
	account                           string
}

func newCmdCheck(io *IOStreams, g *globalOptions, runF func(*checkOptions) error) *cobra.Command {
	opts := &checkOptions{io: io, global: g}
	var policyName, roleName, description string
	cmd := &cobra.Command{
		Use:   "check [FILE|-]",
		Short: "Check a CAM policy offline and predict the error the API would return",
		Long: `Check a CAM policy document before calling the API.

Every problem is reported with the legacy codeDesc the API would return, its
API 3.0 counterpart (inferred), where it is (line:column and JSON pointer), what
is wrong and how to fix it. The first error is the answer the API would give.
Reads standard input when no file or "-" is given.`,
		Example: `  camerr check policy.json
  camerr check --type trust trust.json
  camerr check --policy-name "my policy" --description "$desc" < policy.json
  camerr check -o json policy.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return &usageError{fmt.Errorf("camerr check reads one policy document, got %d files", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = "-"
			if len(args) == 1 {
				opts.file = args[0]
			}
			fl := cmd.Flags()
			if fl.Changed("policy-name") {
				opts.policyName = &policyName
			}
			if fl.Changed("role-name") {
				opts.roleName = &roleName
			}
			if fl.Changed("description") {
				opts.description = &description
			}
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runCheck(opts)
		},
	}
	fl := cmd.Flags()
	outputFlag(cmd, &opts.output)
	fl.StringVar(&opts.typ, "type", "permission", "policy type: permission, trust (a role's trust policy) or sts (the Policy of AssumeRole or GetFederationToken)")
	fl.StringVar(&opts.limits, "limits", "legacy", "length limits: legacy (4,096 bytes) or current (6,144 characters, whitespace not counted)")
	fl.StringVar(&policyName, "policy-name", "", "also check this PolicyName parameter")
	fl.StringVar(&roleName, "role-name", "", "also check this RoleName parameter")
	fl.StringVar(&description, "description", "", "also check this Description parameter (at most 300 bytes)")
	fl.StringVar(&opts.account, "account", "", "your root account UIN: resources of other accounts are reported")
	_ = cmd.RegisterFlagCompletionFunc("type", fixedValues("permission", "trust", "sts"))
	_ = cmd.RegisterFlagCompletionFunc("limits", fixedValues("legacy", "current"))
	cmd.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
	}
	return cmd
}

func (o *checkOptions) validate() error {
	if err := o.global.validate(); err != nil {
		return err
	}
	if err := checkChoice("output", o.output, OutputText, OutputJSON); err != nil {
		return err
	}
	if err := checkChoice("type", o.typ, "permission", "trust", "sts"); err != nil {
		return err
	}
	if err := checkChoice("limits", o.limits, "legacy", "current"); err != nil {
		return err
	}
	if o.account != "" && strings.Trim(o.account, "0123456789") != "" {
		return &usageError{fmt.Errorf("invalid value %q for --account: want the account's numeric UIN", o.account)}
	}
	return nil
}

func runCheck(o *checkOptions) error {
	in, err := openInput(o.io, o.file, "a policy document")
	if err != nil {
		return err
	}
	defer in.Close()
	// One byte over the checker's bound is enough for it to report the length; the rest of a
	// huge input is never read.
	doc, err := io.ReadAll(io.LimitReader(in, policy.MaxInput+1))
	if err != nil {
		return &exitError{code: ExitUsage, msg: fmt.Sprintf("cannot read %q: %v", o.file, err)}
	}
	typ, _ := policy.ParseType(o.typ)
	limits, _ := policy.ParseLimits(o.limits)
	findings, err := policy.Check(doc, policy.Options{
		Type: typ, Limits: limits, Account: o.account,
		PolicyName: o.policyName, RoleName: o.roleName, Description: o.description,
	})
	name := o.file
	if name == "-" {
		name = "<stdin>"
	}
	if errors.Is(err, policy.ErrNotPolicy) {
		return &exitError{code: ExitBadInput, msg: fmt.Sprintf("%s: %s", render.Sanitize(name), render.Sanitize(err.Error()))}
	}
	if err != nil {
		return err
	}
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	rep := render.CheckReport{Source: o.file, Findings: findings, Entries: map[string]*catalog.Entry{}}
	for _, f := range findings {
		if e := c.Entry("v2 modular " + f.CodeDesc); e != nil {
			rep.Entries[f.CodeDesc] = e
		}
	}
	switch {
	case o.output == OutputJSON:
		if err := render.CheckJSON(o.io.Out, rep); err != nil {
			return err
		}
	case o.io.OutTTY:
		render.Check(o.io.Out, rep, o.global.styles(o.io), o.io.Width())
	default:
		render.CheckPlain(o.io.Out, rep, o.global.styles(o.io))
	}
	if rep.Errors() > 0 {
		return errQuietExit1
	}
	return nil
}
