//go:build ignore

// gen.go writes camerr's man pages from its command tree: go generate ./man.
package main

import (
	"fmt"
	"os"

	"github.com/camerr/camerr/man"
)

func main() {
	if err := man.Write("."); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
