package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/policy"
	"github.com/camerr/camerr/render"
	"github.com/spf13/cobra"
)

// OutputSARIF is check's -o sarif.
const OutputSARIF = "sarif"

type checkOptions struct {
	io     *IOStreams
	global *globalOptions
	paths  []string
	output string
	typ    string
	limits string
	fix    bool

	policyName, roleName, description *string
	account                           string
}

func newCmdCheck(io *IOStreams, g *globalOptions, runF func(*checkOptions) error) *cobra.Command {
	opts := &checkOptions{io: io, global: g}
	var policyName, roleName, description string
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Check CAM policies offline and predict the error the API would return",
		Long: `Check CAM policy documents before calling the API.

A PATH is a JSON policy document, a Terraform file (the documents of
tencentcloud_cam_policy and tencentcloud_cam_role, and the
tencentcloud_cam_policy_document data source), a directory (every *.json and
*.tf in it and below, leaving out hidden directories and .terraform), or "-"
for standard input. Without a PATH, standard input is read.

Every problem is reported with the legacy codeDesc the API would return, its
API 3.0 counterpart (inferred), where it is (FILE:LINE:COLUMN and JSON
pointer), what is wrong and how to fix it. The first error of a document is
the answer the API would give. Actions are checked against every API action
camerr knows.

--fix rewrites, in place, the mistakes that have exactly one correct form and
prints each change; it never touches a .tf file.`,
		Example: `  camerr check policy.json
  camerr check infra/                     # every *.json and *.tf below
  camerr check --type trust trust.json
  camerr check --fix policies/
  camerr check -o sarif . > camerr.sarif  # for code scanning
  camerr check --policy-name "my policy" --description "$desc" < policy.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			if len(args) == 0 {
				opts.paths = []string{"-"}
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
	enumFlag(cmd, fl, &opts.output, "output", "o", OutputText, "output format: text, json or sarif (SARIF 2.1.0, for code scanning)", OutputText, OutputJSON, OutputSARIF)
	enumFlag(cmd, fl, &opts.typ, "type", "", policy.Permission.String(), "type of the JSON documents: permission, trust (a role's trust policy) or sts (the Policy of AssumeRole or GetFederationToken); Terraform documents have their resource's type",
		policy.Permission.String(), policy.Trust.String(), policy.STS.String())
	enumFlag(cmd, fl, &opts.limits, "limits", "", policy.ProfileLegacy, "length limits: legacy (4,096 bytes) or current (6,144 characters, whitespace not counted)", policy.ProfileLegacy, policy.ProfileCurrent)
	fl.BoolVar(&opts.fix, "fix", false, "rewrite, in place, the mistakes that have exactly one correct form (never .tf files)")
	fl.StringVar(&policyName, "policy-name", "", "also check this PolicyName parameter")
	fl.StringVar(&roleName, "role-name", "", "also check this RoleName parameter")
	fl.StringVar(&description, "description", "", "also check this Description parameter (at most 300 bytes)")
	fl.StringVar(&opts.account, "account", "", "your root account UIN: resources of other accounts are reported")
	cmd.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"json", "tf"}, cobra.ShellCompDirectiveFilterFileExt
	}
	return cmd
}

func (o *checkOptions) validate() error {
	if err := o.global.validate(); err != nil {
		return err
	}
	if o.account != "" && strings.Trim(o.account, "0123456789") != "" {
		return &usageError{fmt.Errorf("invalid value %q for --account: want the account's numeric UIN", o.account)}
	}
	if o.fix {
		for _, p := range o.paths {
			if p == "-" {
				return &usageError{fmt.Errorf("--fix rewrites files in place, so it cannot fix standard input: name the file")}
			}
		}
	}
	return nil
}

func runCheck(o *checkOptions) error {
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	typ, err := policy.ParseType(o.typ)
	if err != nil {
		return &usageError{err}
	}
	limits, err := policy.LimitsFrom(c, o.limits)
	if err != nil {
		return err
	}
	r := &checkRun{
		o: o,
		opts: policy.Options{
			Type: typ, Limits: limits, Actions: newKnownActions(c), Account: o.account,
			PolicyName: o.policyName, RoleName: o.roleName, Description: o.description,
		},
		seen:     map[string]bool{},
		contents: map[string][]byte{},
	}
	r.run()
	rep := r.report
	rep.Entries = map[string]*catalog.Entry{}
	for _, d := range rep.Documents {
		for _, f := range d.Findings {
			if f.CodeDesc == "" {
				continue
			}
			if e := c.Entry(catalog.KeyModular(f.CodeDesc)); e != nil {
				rep.Entries[f.CodeDesc] = e
			}
		}
	}
	version, _ := buildVersion()
	if err := show(newPrinter(o.io, o.global, o.output), rep, &views[render.CheckReport]{
		JSON:     render.CheckJSON,
		SARIF:    func(w io.Writer, rep render.CheckReport) error { return render.CheckSARIF(w, rep, version) },
		Terminal: render.Check,
		Plain:    render.CheckPlain,
		// Nothing was read: the messages on standard error say why.
		Empty: rep.Files == 0 && len(r.problems) > 0,
	}); err != nil {
		return err
	}
	// The worst outcome decides: an unreadable file, then a named file that is not a policy,
	// then errors in a document.
	for _, msg := range r.problems {
		fmt.Fprintf(o.io.ErrOut, "camerr: %s\n", render.Sanitize(msg))
	}
	switch {
	case r.exit == ExitUsage || r.exit == ExitBadInput:
		return &exitError{code: r.exit}
	case rep.Errors() > 0:
		return errQuietExit1
	}
	return nil
}
