package cmd

import (
	"github.com/camerr/camerr/catalog"
	"github.com/spf13/cobra"
)

// filterFlags are the namespace filters lookup, search and list share.
type filterFlags struct {
	api, kind, service string
}

func (f *filterFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.api, "api", "", "only codes of this API version: v2 or v3")
	fl.StringVar(&f.kind, "kind", "", "only API 2.0 codes of this kind: common (numeric) or modular (codeDesc)")
	fl.StringVar(&f.service, "service", "", "only API 3.0 codes of this service: common, cam, sts or sdk")
	_ = cmd.RegisterFlagCompletionFunc("api", fixedValues(catalog.V2, catalog.V3))
	_ = cmd.RegisterFlagCompletionFunc("kind", fixedValues(catalog.KindCommon, catalog.KindModular))
	_ = cmd.RegisterFlagCompletionFunc("service", fixedValues(catalog.ServiceCommon, catalog.ServiceCAM, catalog.ServiceSTS, catalog.ServiceSDK))
}

func (f *filterFlags) validate() error {
	if f.api != "" {
		if err := checkChoice("api", f.api, catalog.V2, catalog.V3); err != nil {
			return err
		}
	}
	if f.kind != "" {
		if err := checkChoice("kind", f.kind, catalog.KindCommon, catalog.KindModular); err != nil {
			return err
		}
	}
	if f.service != "" {
		return checkChoice("service", f.service, catalog.ServiceCommon, catalog.ServiceCAM, catalog.ServiceSTS, catalog.ServiceSDK)
	}
	return nil
}

func (f *filterFlags) filter() catalog.Filter {
	return catalog.Filter{API: f.api, Kind: f.kind, Service: f.service}
}
