package cmd

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

func newCmdVersion(io *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print camerr's version and the catalog's size and date",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(io.Out, versionLine())
			return nil
		},
	}
}

// versionLine is what camerr version and camerr --version print: the version, the revision,
// the catalog's size and provenance, the Go release.
func versionLine() string {
	var b strings.Builder
	version, revision := buildVersion()
	fmt.Fprintf(&b, "camerr %s\n", version)
	if revision != "" {
		fmt.Fprintf(&b, "revision: %s\n", revision)
	}
	if c, err := loadCatalog(); err == nil {
		counts := c.Counts()
		parts := make([]string, 0, len(counts))
		for _, n := range counts {
			parts = append(parts, fmt.Sprintf("%s %d", n.Namespace, n.Codes))
		}
		fmt.Fprintf(&b, "catalog: %d codes of %d products (%s), data of %s\n", c.Len(), len(c.Services()), strings.Join(parts, ", "), c.Date)
		fmt.Fprintf(&b, "product facts: %s\n", c.Facts)
	}
	fmt.Fprintf(&b, "go: %s", runtime.Version())
	return b.String()
}

// buildVersion reads the module version and VCS revision the Go toolchain stamped into the binary.
func buildVersion() (version, revision string) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)", ""
	}
	version = info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if revision != "" && modified {
		revision += " (modified)"
	}
	return version, revision
}
