// Package man holds camerr's man pages, generated from its command tree by gen.go
// (go generate ./man) and kept in sync by TestInSync. It is not part of the camerr binary, so
// the man-page generator adds nothing to its size or start-up.
package man

//go:generate go run gen.go

import (
	"io"
	"strings"
	"time"

	"github.com/camerr/camerr/cmd"
	"github.com/spf13/cobra/doc"
)

// date stamps the pages; it changes only when someone regenerates them on purpose, so that the
// sync test does not fail every day.
var date = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// Write writes one man page per command (camerr.1, camerr-lookup.1, ...) into dir.
func Write(dir string) error {
	root := cmd.NewRootCmd(&cmd.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard, Getenv: func(string) string { return "" }})
	root.DisableAutoGenTag = true
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			c.Hidden = true
		}
	}
	return doc.GenManTree(root, &doc.GenManHeader{Title: "CAMERR", Section: "1", Source: "camerr", Manual: "camerr manual", Date: &date}, dir)
}
