package render

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/camerr/camerr/catalog"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// maxCardWidth keeps cards readable on very wide terminals.
const maxCardWidth = 100

// field is one labelled line of an entry, in the order cards and plain blocks show them.
type field struct{ label, value string }

// maxReturnedBy is how many actions a card or block lists before it counts the rest.
const maxReturnedBy = 12

func entryFields(e *catalog.Entry, all bool) []field {
	var fs []field
	if e.Product != "" {
		fs = append(fs, field{"product", e.Product + " (" + e.Service + ")"})
	}
	if len(e.Statuses) > 0 {
		fs = append(fs, field{"http status", strings.Join(e.Statuses, "; ")})
	}
	if e.Current != "" && e.Current != e.ID {
		fs = append(fs, field{"spelled now", e.Current})
	}
	fs = append(fs, field{"meaning", e.Description}, field{"action", e.Action})
	switch {
	case e.Action == "":
		fs[len(fs)-1].value = "none given by the source"
	case e.ActionFrom != "":
		fs[len(fs)-1].value += " (camerr's advice for any " + e.ActionFrom + ")"
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
	if n := len(e.ReturnedBy); n > 0 {
		v := strings.Join(e.ReturnedBy, ", ")
		if n > maxReturnedBy && !all {
			v = strings.Join(e.ReturnedBy[:maxReturnedBy], ", ") + fmt.Sprintf(" and %d more (-o json lists them all)", n-maxReturnedBy)
		}
		fs = append(fs, field{"returned by", v})
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
	fs = append(fs, field{"source", sourceLinks(e.Source)})
	return fs
}

// repoPath is a source as the catalog records it: owner/repo@commit:path, with a remark.
// It is compiled on first use: most runs never show a source.
var repoPath = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([\w.-]+/[\w.-]+)@([0-9a-f]{7,40}):(\S[^(]*?)(\s+\(.*\))?$`)
})

// sourceLinks shows each owner/repo@commit:path of a source as a link a person can open; the
// exact provenance stays in -o json.
func sourceLinks(src string) string {
	parts := strings.Split(src, " ; ")
	for i, p := range parts {
		m := repoPath().FindStringSubmatch(p)
		if m == nil {
			continue
		}
		// Only spaces are escaped: a browser takes the other characters (CJK folder names) as
		// they are, and a person can still read them.
		parts[i] = "https://github.com/" + m[1] + "/blob/" + m[2] + "/" + strings.ReplaceAll(m[3], " ", "%20") + m[4]
	}
	return strings.Join(parts, " ; ")
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
	box(w, head, st.paint(st.Badge, e.Namespace()), entryFields(e, false), st, width)
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
		valW := max(inner-labelW, 10)
		value := valStyle.Width(valW).Render(wrap(f.value, valW))
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
	for _, f := range entryFields(e, true) {
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
			line += "  " + ansi.Truncate(e.Gist(), sumW, "…")
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
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", styleRunes(st, e.ID, hl, st.Code, st.Highlight), e.API, group, e.Gist())
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

// wrap breaks s into lines of at most width columns at spaces, and inside a long code, path or
// link only after a "/" or ".", so that no word is cut at an arbitrary letter; only a run with no
// such point at all is cut.
func wrap(s string, width int) string { return ansi.Wrap(s, width, "/.") }

// pad right-pads s (which may hold ANSI sequences) to n display columns.
func pad(s string, n int) string {
	if w := lipgloss.Width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// maxProductCards is how many products' own entries of one code are shown as cards; past it,
// they are one line each.
const maxProductCards = 3

// splitProducts separates the entries of a code that many products define: the generic ones
// (common, SDK, API 2.0) are shown in full, and the products' own entries, when there are many,
// as a table.
func splitProducts(r catalog.Result) (cards, rows []*catalog.Entry) {
	for _, e := range r.Matches {
		if e.Product != "" && r.Action == "" {
			rows = append(rows, e)
		} else {
			cards = append(cards, e)
		}
	}
	if len(rows) <= maxProductCards {
		return r.Matches, nil
	}
	return cards, rows
}

// lookupHeading says what a query resolved to when it is not simply a code: an API action's
// codes, or the parent of an unknown code.
func lookupHeading(r catalog.Result) string {
	switch {
	case r.Action != "" && len(r.Matches) == 0:
		return fmt.Sprintf("%s is an API action camerr knows; no code is documented for it (any common code can come back)", r.Action)
	case r.Action != "":
		return fmt.Sprintf("%s is documented to return %d codes (and any API 3.0 common code):", r.Action, len(r.Matches))
	case r.Parent != "":
		return fmt.Sprintf("%s is not in the catalog; its nearest known parent is %s (inferred):", strings.TrimSpace(r.Query), r.Parent)
	case r.Corrected != "":
		return fmt.Sprintf("%s is not in the catalog; read as %s, the one known code a character away (corrected):", Sanitize(strings.TrimSpace(r.Query)), r.Corrected)
	}
	return ""
}

// productsHeading introduces the products' own entries of a code, shown one per line.
func productsHeading(r catalog.Result, n int) string {
	return fmt.Sprintf("%d products define %s themselves; camerr lookup %s --service SERVICE shows one in full:", n, r.Matches[0].ID, r.Matches[0].ID)
}

// Lookup draws what one lookup query found for a terminal: a card per match (a table for an
// API action's codes, or for the many products that define one code), then a table of the
// codeDescs that carry a numeric common code.
func Lookup(w io.Writer, r catalog.Result, st Styles, width int) {
	if h := lookupHeading(r); h != "" {
		fmt.Fprintf(w, "%s\n", st.paint(st.Title, h))
	}
	if r.Action != "" {
		if len(r.Matches) > 0 {
			Table(w, r.Matches, nil, st, width)
		}
		return
	}
	cards, rows := splitProducts(r)
	for i, e := range cards {
		if i > 0 {
			fmt.Fprintln(w)
		}
		Card(w, e, st, width)
	}
	if len(rows) > 0 {
		fmt.Fprintf(w, "\n%s\n", st.paint(st.Title, productsHeading(r, len(rows))))
		ProductTable(w, rows, st, width)
	}
	if len(r.Modular) > 0 {
		fmt.Fprintf(w, "\n%s\n", st.paint(st.Title, modularHeading(r)))
		Table(w, r.Modular, nil, st, width)
	}
}

// LookupPlain writes what one lookup query found for a pipe.
func LookupPlain(w io.Writer, r catalog.Result, st Styles) {
	if h := lookupHeading(r); h != "" {
		fmt.Fprintf(w, "%s\n", h)
	}
	if r.Action != "" {
		TSV(w, r.Matches, nil, st)
		return
	}
	cards, rows := splitProducts(r)
	for i, e := range cards {
		if i > 0 {
			fmt.Fprintln(w)
		}
		Plain(w, e, st)
	}
	if len(rows) > 0 {
		fmt.Fprintf(w, "\n%s\n", productsHeading(r, len(rows)))
		TSV(w, rows, nil, st)
	}
	if len(r.Modular) > 0 {
		fmt.Fprintf(w, "\n%s\n", modularHeading(r))
		TSV(w, r.Modular, nil, st)
	}
}

// ProductTable draws one code's entries in many products: service, product, gist.
func ProductTable(w io.Writer, es []*catalog.Entry, st Styles, width int) {
	svcW, nameW := len("SERVICE"), len("PRODUCT")
	for _, e := range es {
		svcW = max(svcW, len(e.Service))
		nameW = max(nameW, lipgloss.Width(e.Product))
	}
	nameW = min(nameW, max(width/3, 12))
	fmt.Fprintln(w, st.paint(st.Header, pad("SERVICE", svcW))+"  "+st.paint(st.Header, pad("PRODUCT", nameW))+"  "+st.paint(st.Header, "MEANING"))
	for _, e := range es {
		line := pad(st.paint(st.Code, e.Service), svcW) + "  " + pad(ansi.Truncate(e.Product, nameW, "…"), nameW)
		if sumW := width - svcW - nameW - 4; sumW >= 10 {
			line += "  " + ansi.Truncate(e.Gist(), sumW, "…")
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

func modularHeading(r catalog.Result) string {
	return fmt.Sprintf("API 2.0 codeDescs sent with code %s (%d):", strings.TrimSpace(r.Query), len(r.Modular))
}

// ServiceTable draws the products as aligned columns: service id, code count, name.
func ServiceTable(w io.Writer, ss []catalog.Service, st Styles, width int) {
	idW := len("SERVICE")
	for _, s := range ss {
		idW = max(idW, len(s.ID))
	}
	fmt.Fprintln(w, st.paint(st.Header, pad("SERVICE", idW))+"  "+st.paint(st.Header, " CODES")+"  "+st.paint(st.Header, "PRODUCT"))
	for _, s := range ss {
		name := s.Name
		if nameW := width - idW - 10; nameW >= 10 {
			name = ansi.Truncate(name, nameW, "…")
		}
		fmt.Fprintf(w, "%s  %6d  %s\n", pad(st.paint(st.Code, s.ID), idW), s.Codes, name)
	}
}
