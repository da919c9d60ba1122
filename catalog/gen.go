//go:build ignore

// gen.go packs the catalog's sources in data/ into catalog.bin: go generate ./catalog.
package main

import (
	"fmt"
	"os"

	"github.com/camerr/camerr/catalog"
)

func main() {
	b, err := catalog.Build(os.DirFS("data"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile("catalog.bin", b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
