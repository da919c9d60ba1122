package policy

import (
	"slices"
	"strings"
)

// Change is one rewrite Fix made, placed in the document before the rewrite.
type Change struct {
	Line, Column int
	Message      string // `renamed "Version" to "version"`
}

// Fix rewrites the mistakes of doc that have exactly one correct form:
// element and principal key names in the wrong case, an effect in the wrong
// case, a version other than "2.0", an action spelled in the wrong case, and
// (under Options.Terraform) a single string or statement where the provider
// needs a list. Every other byte is kept. An AWS IAM policy (version
// "2012-10-17") is left alone: it needs translating, not fixing. It returns doc itself and no
// changes when there is nothing to fix, or when doc is not a JSON object
// (then with the error Check gives).
func Fix(doc []byte, opts Options) ([]byte, []Change, error) {
	c, err := runAt(doc, opts, nil)
	if err != nil {
		return doc, nil, err
	}
	if c.huge || c.aws {
		// An AWS IAM policy has to be translated as a whole; renaming its keys would only
		// make it look like a CAM policy.
		return doc, nil, nil
	}
	var edits []*edit
	for i := range c.found {
		for j := range c.found[i].edits {
			edits = append(edits, &c.found[i].edits[j])
		}
	}
	if len(edits) == 0 {
		return doc, nil, nil
	}
	slices.SortStableFunc(edits, func(a, b *edit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	})
	var b strings.Builder
	var changes []Change
	cur := newCursor(doc, c.start)
	at := 0
	for _, e := range edits {
		if e.start < at {
			continue // overlaps a rewrite already made
		}
		b.Write(doc[at:e.start])
		b.WriteString(e.text)
		at = e.end
		if e.what != "" {
			line, col := cur.advance(e.start)
			changes = append(changes, Change{Line: line, Column: col, Message: e.what})
		}
	}
	b.Write(doc[at:])
	fixed := []byte(b.String())
	// A rewrite must leave a JSON object; if it ever did not, nothing is written.
	if n, err := parseJSON(fixed, c.start); err != nil || n.kind != kindObject {
		return doc, nil, nil
	}
	return fixed, changes, nil
}
