package policy

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Grant is one thing a suggested policy must allow: actions on resources. No resource means the
// source named none, and the statement uses "*".
type Grant struct {
	Actions   []string
	Resources []string
}

// Statement is one allow statement of a suggested policy.
type Statement struct {
	Effect   string   `json:"effect"`
	Action   []string `json:"action"`
	Resource []string `json:"resource"`
}

// Suggestion is a suggested CAM policy: the value explain builds from an error and shows once, so
// the text of the policy has one owner. It is a suggestion derived from an error, not from the
// caller's intent: it must be reviewed before it is attached.
type Suggestion struct {
	Version   string      `json:"version"`
	Statement []Statement `json:"statement"`
}

// Suggest builds the smallest document that allows every grant: one statement per distinct
// resource list, in the order the grants name them, each action once. It returns nil when no
// grant names an action.
func Suggest(grants ...Grant) *Suggestion {
	d := &Suggestion{Version: "2.0"}
	index := map[string]int{}
	seen := map[string]bool{}
	for _, g := range grants {
		if len(g.Actions) == 0 {
			continue
		}
		res := uniq(g.Resources)
		if len(res) == 0 {
			res = []string{"*"}
		}
		key := strings.Join(res, "\x00")
		i, ok := index[key]
		if !ok {
			i = len(d.Statement)
			index[key] = i
			d.Statement = append(d.Statement, Statement{Effect: "allow", Resource: res})
		}
		for _, a := range g.Actions {
			if k := key + "\x01" + a; !seen[k] {
				seen[k] = true
				d.Statement[i].Action = append(d.Statement[i].Action, a)
			}
		}
	}
	if len(d.Statement) == 0 {
		return nil
	}
	return d
}

// JSON returns the document as compact JSON on one line ("" for nil).
func (d *Suggestion) JSON() string { return d.encode("") }

// Indented returns the document as JSON indented by two spaces, one element per line, with no
// trailing newline ("" for nil). No line break falls inside a string, so any selection of whole
// lines is valid JSON text.
func (d *Suggestion) Indented() string { return d.encode("  ") }

// Size is about how many bytes the document holds, for memory accounting.
func (d *Suggestion) Size() int {
	if d == nil {
		return 0
	}
	n := 64
	for _, st := range d.Statement {
		for _, l := range [][]string{st.Action, st.Resource} {
			for _, s := range l {
				n += 16 + len(s)
			}
		}
	}
	return n
}

func (d *Suggestion) encode(indent string) string {
	if d == nil {
		return ""
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(d); err != nil {
		return ""
	}
	return strings.TrimSpace(buf.String())
}

func uniq(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
