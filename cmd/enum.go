package cmd

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// enumValue is a string flag that takes one of a fixed set of words. It rejects any other word
// when the flag is parsed, completes its words, and names them in the help: one definition
// instead of a StringVar, a completion function and a check in each command's validate.
type enumValue struct {
	name    string
	target  *string
	allowed []string
}

func (e *enumValue) String() string { return *e.target }
func (e *enumValue) Type() string   { return strings.Join(e.allowed, "|") }

func (e *enumValue) Set(s string) error {
	if !slices.Contains(e.allowed, s) {
		return &enumError{flag: e.name, value: s, allowed: e.allowed}
	}
	*e.target = s
	return nil
}

// enumError says which words a flag takes; the root's flag error function makes it a usage
// error worded like every other invalid value.
type enumError struct {
	flag, value string
	allowed     []string
}

func (e *enumError) Error() string {
	return fmt.Sprintf("invalid value %q for --%s: want %s", e.value, e.flag, strings.Join(e.allowed, ", "))
}

// enumFlag defines --name (and -short, when given) on fs, defaulting to def, taking one of
// allowed; cmd completes its words.
func enumFlag(cmd *cobra.Command, fs *pflag.FlagSet, target *string, name, short, def, usage string, allowed ...string) {
	*target = def
	fs.VarP(&enumValue{name: name, target: target, allowed: allowed}, name, short, usage)
	_ = cmd.RegisterFlagCompletionFunc(name, fixedValues(allowed...))
}

// asFlagError turns pflag's wrapping of an enum's refusal back into the plain usage error.
func asFlagError(err error) error {
	var ee *enumError
	if errors.As(err, &ee) {
		return &usageError{ee}
	}
	return &usageError{err}
}
