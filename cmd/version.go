package cmd

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/spf13/cobra"
)

func newCmdVersion(io *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print camerr's version and the catalog's size and date",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := loadCatalog()
			if err != nil {
				return err
			}
			version, revision := buildVersion()
			fmt.Fprintf(io.Out, "camerr %s\n", version)
			if revision != "" {
				fmt.Fprintf(io.Out, "revision: %s\n", revision)
			}
			counts := map[string]int{}
			for _, e := range c.All() {
				counts[e.Namespace()]++
			}
			var parts []string
			for ns, n := range counts {
				parts = append(parts, fmt.Sprintf("%s %d", ns, n))
			}
			sort.Strings(parts)
			fmt.Fprintf(io.Out, "catalog: %d codes (%s), data of %s\n", c.Len(), strings.Join(parts, ", "), c.Date)
			fmt.Fprintf(io.Out, "go: %s\n", runtime.Version())
			return nil
		},
	}
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
