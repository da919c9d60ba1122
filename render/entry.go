package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/camerr/camerr/catalog"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// maxCardWidth keeps cards readable on very wide terminals.
const maxCardWidth = 100

// field is one labelled line of an entry, in the order cards and plain blocks show them.
type field struct{ label, value string }

func entryFields(e *catalog.Entry) []field {
	fs := []field{{"meaning", e.Description}, {"action", e.Action}}
	if e.Action == "" {
		fs[1].value = "none given by the source"
	}
	for _, c := range e.Checks {
		fs = append(fs, field{"check", c})
	}
	if e.Kind == catalog.KindModular && e.Code != 0 {
		fs = append(fs, field{"code", strconv.Itoa(e.Code) + " (the numeric common code sent with it)"})
	}
	if e.Retryable != nil {
		v := "no: the same request will fail again"
		if *e.Retryable {
			v = "yes, after a pause (back off between attempts)"
		}
		fs = append(fs, field{"retry", v})
	}
	if e.Actor != "" {
		fs = append(fs, field{"who acts", actorText[e.Actor]})
	}
	if len(e.ReturnedBy) > 0 {
		fs = append(fs, field{"returned by", strings.Join(e.ReturnedBy, ", ")})
	}
	if len(e.Related) > 0 {
		var rs []string
		for _, r := range e.Related {
			rs = append(rs, refText(r))
		}
		fs = append(fs, field{"see also", strings.Join(rs, "; ")})
	}
	if e.Note != "" {
		fs = append(fs, field{"note", e.Note})
	}
	fs = append(fs, field{"source", e.Source})
	return fs
}

var actorText = map[string]string{
	catalog.ActorCaller:  "the caller (fix the request, code or credentials)",
	catalog.ActorAdmin:   "the account administrator",
	catalog.ActorTencent: "Tencent Cloud (server side)",
}

// refText names a related entry for people: its code, namespace, and whether the link is inferred.
func refText(r catalog.Ref) string {
	if r.Inferred {
		return fmt.Sprintf("%s (%s, inferred)", r.ID, r.Namespace())
	}
	return fmt.Sprintf("%s (%s)", r.ID, r.Namespace())
}

// Card draws one entry as a bordered card of the given width.
func Card(w io.Writer, e *catalog.Entry, st Styles, width int) {
	head := st.paint(st.Code, e.ID)
	if e.Title != "" {
		head += "  " + st.paint(st.Title, e.Title)
	}
	box(w, head, st.paint(st.Badge, e.Namespace()), entryFields(e), st, width)
}

// box draws a bordered card: a heading with a badge at its right, then labelled fields.
func box(w io.Writer, head, badge string, fs []field, st Styles, width int) {
	width = min(width, maxCardWidth)
	inner := max(width-4, 20) // border and padding
	if gap := inner - lipgloss.Width(head) - lipgloss.Width(badge); gap >= 2 {
		head += strings.Repeat(" ", gap) + badge
	} else {
		head += "\n" + badge
	}
	labelW := 0
	for _, f := range fs {
		labelW = max(labelW, len(f.label))
	}
	labelW += 2
	var rows []string
	for _, f := range fs {
		valStyle := st.NewStyle()
		switch f.label {
		case "source":
			valStyle = st.Dim
		case "note":
			valStyle = st.Warn
		}
		label := st.Label.Width(labelW).Render(f.label)
		value := valStyle.Width(max(inner-labelW, 10)).Render(f.value)
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, label, value))
	}
	body := head + "\n\n" + strings.Join(rows, "\n")
	fmt.Fprintln(w, st.Box.Width(width-2).Render(body))
}

// Plain writes one entry as plain text for a pipe: a header line, then "field: value" lines.
// Styles only add colour, when it is forced on a pipe; the text is the same either way.
func Plain(w io.Writer, e *catalog.Entry, st Styles) {
	head := st.paint(st.Code, e.ID)
	if e.Title != "" {
		head += "  " + st.paint(st.Title, e.Title)
	}
	fmt.Fprintf(w, "%s  (%s)\n", head, e.Namespace())
	for _, f := range entryFields(e) {
		fmt.Fprintf(w, "%s %s\n", st.paint(st.Label, f.label+":"), f.value)
	}
}

// Table draws entries as aligned columns fitted to width: code, namespace, gist. highlight, when
// not nil, gives for each entry the rune indexes of its code to emphasise.
func Table(w io.Writer, entries []*catalog.Entry, highlight [][]int, st Styles, width int) {
	idW, nsW := len("CODE"), len("NAMESPACE")
	for _, e := range entries {
		idW = max(idW, lipgloss.Width(e.ID))
		nsW = max(nsW, lipgloss.Width(e.Namespace()))
	}
	idW = min(idW, max(width/2, 12), width)
	// On a narrow terminal the namespace, then the meaning, give way to the code.
	showNS := idW+2+nsW <= width
	sumW := width - idW - 2
	if showNS {
		sumW -= nsW + 2
	}
	head := st.paint(st.Header, pad("CODE", idW))
	if showNS {
		head += "  " + st.paint(st.Header, pad("NAMESPACE", nsW))
	}
	if sumW >= 10 {
		head += "  " + st.paint(st.Header, "MEANING")
	}
	fmt.Fprintln(w, strings.TrimRight(head, " "))
	for i, e := range entries {
		id := ansi.Truncate(e.ID, idW, "…")
		var hl []int
		if highlight != nil {
			hl = highlight[i]
		}
		line := pad(styleRunes(st, id, hl, st.Code, st.Highlight), idW)
		if showNS {
			line += "  " + pad(st.paint(st.Badge, e.Namespace()), nsW)
		}
		if sumW >= 10 {
			line += "  " + ansi.Truncate(e.Summary(), sumW, "…")
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

// TSV writes one tab-separated line per entry for scripts: code, API, kind or service, gist.
// Nothing is truncated; the code is coloured (and highlighted) only when colour is forced.
func TSV(w io.Writer, entries []*catalog.Entry, highlight [][]int, st Styles) {
	for i, e := range entries {
		group := e.Kind
		if e.API == catalog.V3 {
			group = e.Service
		}
		var hl []int
		if highlight != nil {
			hl = highlight[i]
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", styleRunes(st, e.ID, hl, st.Code, st.Highlight), e.API, group, e.Summary())
	}
}

// JSON writes entries as one JSON array (an empty array for none).
func JSON(w io.Writer, entries []*catalog.Entry) error {
	if entries == nil {
		entries = []*catalog.Entry{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(entries)
}

// styleRunes renders s with base style, and the runes at the given indexes with hl.
func styleRunes(st Styles, s string, idx []int, base, hl lipgloss.Style) string {
	if len(idx) == 0 || !st.Color {
		return st.paint(base, s)
	}
	marked := make(map[int]bool, len(idx))
	for _, i := range idx {
		marked[i] = true
	}
	var b strings.Builder
	var run []rune
	cur := false
	flush := func() {
		if len(run) == 0 {
			return
		}
		if cur {
			b.WriteString(hl.Render(string(run)))
		} else {
			b.WriteString(base.Render(string(run)))
		}
		run = run[:0]
	}
	for i, r := range []rune(s) {
		if marked[i] != cur {
			flush()
			cur = marked[i]
		}
		run = append(run, r)
	}
	flush()
	return b.String()
}

// pad right-pads s (which may hold ANSI sequences) to n display columns.
func pad(s string, n int) string {
	if w := lipgloss.Width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// Lookup draws what one lookup query found for a terminal: a card per match, then a table of the
// codeDescs that carry a numeric common code.
func Lookup(w io.Writer, r catalog.Result, st Styles, width int) {
	for i, e := range r.Matches {
		if i > 0 {
			fmt.Fprintln(w)
		}
		Card(w, e, st, width)
	}
	if len(r.Modular) > 0 {
		fmt.Fprintf(w, "\n%s\n", st.paint(st.Title, modularHeading(r)))
		Table(w, r.Modular, nil, st, width)
	}
}

// LookupPlain writes what one lookup query found for a pipe.
func LookupPlain(w io.Writer, r catalog.Result, st Styles) {
	for i, e := range r.Matches {
		if i > 0 {
			fmt.Fprintln(w)
		}
		Plain(w, e, st)
	}
	if len(r.Modular) > 0 {
		fmt.Fprintf(w, "\n%s\n", modularHeading(r))
		TSV(w, r.Modular, nil, st)
	}
}

func modularHeading(r catalog.Result) string {
	return fmt.Sprintf("API 2.0 codeDescs sent with code %s (%d):", strings.TrimSpace(r.Query), len(r.Modular))
}
