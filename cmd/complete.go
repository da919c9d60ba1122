package cmd

import (
	"strings"

	"github.com/spf13/cobra"
)

// completeCodes offers every code in the catalog with its one-line gist, for lookup. Codes are
// matched case-insensitively against what has been typed, dots included.
func completeCodes(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	c, err := loadCatalog()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	prefix := strings.ToLower(toComplete)
	var out []string
	seen := map[string]bool{}
	for _, e := range c.All() {
		if seen[e.ID] || !strings.HasPrefix(strings.ToLower(e.ID), prefix) {
			continue
		}
		seen[e.ID] = true
		out = append(out, e.ID+"\t"+e.Summary())
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
