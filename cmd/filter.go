package cmd

import (
	"fmt"
	"strings"

	"github.com/camerr/camerr/catalog"
	"github.com/spf13/cobra"
)

// filterFlags are the namespace filters lookup, search and list share.
type filterFlags struct {
	api, kind, service string
}

func (f *filterFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	enumFlag(cmd, fl, &f.api, "api", "", "", "only codes of this API version", catalog.V2, catalog.V3)
	enumFlag(cmd, fl, &f.kind, "kind", "", "", "only API 2.0 codes of this kind: common (numeric) or modular (codeDesc)", catalog.KindCommon, catalog.KindModular)
	fl.StringVar(&f.service, "service", "", "only codes of this service: a product (cvm, cam, ...), common, sdk, category, or cos for COS's own codes")
	_ = cmd.RegisterFlagCompletionFunc("service", completeServices)
}

func (f *filterFlags) validate() error {
	// Filters that no code can pass at once are a mistake, not an empty answer.
	switch {
	case f.kind != "" && f.service != "":
		return &usageError{fmt.Errorf("--kind selects API 2.0 codes and --service API 3.0 codes: use one of them")}
	case f.kind != "" && f.api == catalog.V3:
		return &usageError{fmt.Errorf("--kind selects API 2.0 codes, but --api is v3")}
	case f.service != "" && f.api == catalog.V2:
		return &usageError{fmt.Errorf("--service selects API 3.0 codes, but --api is v2")}
	}
	if f.service != "" {
		switch f.service {
		case catalog.ServiceCommon, catalog.ServiceSDK, catalog.ServiceCategory, catalog.ServiceCOS:
			return nil
		}
		c, err := loadCatalog()
		if err != nil {
			return err
		}
		if _, ok := c.Service(f.service); !ok {
			msg := fmt.Sprintf("invalid value %q for --service: not a service camerr knows", f.service)
			if s := c.SuggestServices(f.service); len(s) > 0 {
				msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, " or "))
			}
			return &usageError{fmt.Errorf("%s; camerr services lists them", msg)}
		}
	}
	return nil
}

func (f *filterFlags) filter() catalog.Filter {
	return catalog.Filter{API: f.api, Kind: f.kind, Service: f.service}
}
