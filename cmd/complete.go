package cmd

import (
	"github.com/camerr/camerr/catalog"
	"github.com/spf13/cobra"
)

// maxCompletions is how many codes a TAB offers before they are grouped at their next dot.
const maxCompletions = 100

// completeCodes offers the codes that start with what has been typed, with their one-line gist,
// for lookup: a binary search of the catalog's name index, never a walk over every code.
func completeCodes(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	c, err := loadCatalog()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	dir := cobra.ShellCompDirectiveNoFileComp
	var out []string
	for _, m := range c.Complete(toComplete, maxCompletions) {
		if m.Partial {
			dir |= cobra.ShellCompDirectiveNoSpace
			out = append(out, m.Code)
			continue
		}
		out = append(out, m.Code+"\t"+m.Gist)
	}
	return out, dir
}

// completeServices offers every product's service id with its name, and the core namespaces.
func completeServices(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	c, err := loadCatalog()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	out := []string{
		catalog.ServiceCommon + "\tAPI 3.0 common codes (any product)",
		catalog.ServiceSDK + "\tcodes the SDKs raise on the client side",
		catalog.ServiceCategory + "\tparents of product code families",
		catalog.ServiceCOS + "\tCloud Object Storage's own XML API codes",
	}
	for _, s := range c.Services() {
		out = append(out, s.ID+"\t"+s.Name)
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
