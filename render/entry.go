package render

import (
	"encoding/json"
	"fmt"
	"io"
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
		fs = append(fs, field{"who acts", actorText()[e.Actor]})
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

// sourceLinks shows each owner/repo@commit:path of a source as a link a person can open; the
// exact provenance stays in -o json.
func sourceLinks(src string) string {
	parts := strings.Split(src, " ; ")
	for i, p := range parts {
		repo, commit, path, remark, ok := repoPath(p)
		if !ok {
			continue
		}
		// Only spaces are escaped: a browser takes the other characters (CJK folder names) as
		// they are, and a person can still read them.
		parts[i] = "https://github.com/" + repo + "/blob/" + commit + "/" + strings.ReplaceAll(path, " ", "%20") + remark
	}
	return strings.Join(parts, " ; ")
}

// repoPath splits a source as the catalog records it, owner/repo@commit:path with an optional
// " (remark)", where the path holds no "(" and the commit is 7 to 40 lower-case hex digits. It
// is hand-written rather than a regexp because compiling one cost lookup a tenth of its start.
func repoPath(s string) (repo, commit, path, remark string, ok bool) {
	repo, rest, ok1 := strings.Cut(s, "@")
	commit, rest, ok2 := strings.Cut(rest, ":")
	owner, name, ok3 := strings.Cut(repo, "/")
	if !ok1 || !ok2 || !ok3 || !repoWord(owner) || !repoWord(name) ||
		len(commit) < 7 || len(commit) > 40 || strings.Trim(commit, "0123456789abcdef") != "" {
		return "", "", "", "", false
	}
	if rest == "" || strings.ContainsAny(rest[:1], asciiSpace) {
		return "", "", "", "", false
	}
	path = rest
	if k := strings.IndexByte(rest[1:], '(') + 1; k > 0 {
		path = strings.TrimRight(rest[:k], asciiSpace)
		remark = rest[len(path):]
		if len(path) == k || !strings.HasSuffix(remark, ")") || strings.ContainsRune(rest[k:], '\n') {
			return "", "", "", "", false
		}
	}
	return repo, commit, path, remark, true
}

// asciiSpace is what a regexp's \s matches.
const asciiSpace = "\t\n\f\r "

// repoWord reports whether s is a non-empty owner or repository name: letters, digits, '_',
// '.' and '-'.
func repoWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return s != ""
}

var actorText = sync.OnceValue(func() map[string]string {
	return map[string]string{
		catalog.ActorCaller:  "the caller (fix the request, code or credentials)",
		catalog.ActorAdmin:   "the account administrator",
		catalog.ActorTencent: "Tencent Cloud (server side)",
	}
})

// refText names a related entry for people: its code, namespace, and whether the link is inferred.
func refText(r catalog.Ref) string {
	if r.Inferred {
		return fmt.Sprintf("%s (%s, inferred)", r.ID, r.Namespace())
	}
	return fmt.Sprintf("%s (%s)", r.ID, r.Namespace())
}

// Card draws one entry as a bordered card of the given width.
func Card(w io.Writer, e *catalog.Entry, st *Styles, width int) {
	head := st.paint(st.Code, e.ID)
	if e.Title != "" {
		head += "  " + st.paint(st.Title, e.Title)
	}
	box(w, head, st.paint(st.Badge, e.Namespace()), entryFields(e, false), st, width)
}

// box draws a bordered card: a heading with a badge at its right, then labelled fields.
func box(w io.Writer, head, badge string, fs []field, st *Styles, width int) {
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
func Plain(w io.Writer, e *catalog.Entry, st *Styles) {
	head := st.paint(st.Code, e.ID)
	if e.Title != "" {
		head += "  " + st.paint(st.Title, e.Title)
	}
	fmt.Fprintf(w, "%s  (%s)\n", head, e.Namespace())
	for _, f := range entryFields(e, true) {
		fmt.Fprintf(w, "%s %s\n", st.paint(st.Label, f.label+":"), f.value)
	}
}

// minMeaningW is the narrowest a table's wrapped meaning column may be: below it a table is
// written as blocks, each code on its own line with its meaning under it.
const minMeaningW = 30

// Table draws entries as aligned columns fitted to width: code, namespace, gist. The code is
// never cut (it is what people copy): the gist wraps in its column, and when the codes leave it
// less than minMeaningW columns, each entry becomes a block. highlight, when not nil, gives for
// each entry the rune indexes of its code to emphasise.
func Table(w io.Writer, entries []*catalog.Entry, highlight [][]int, st *Styles, width int) {
	idW, nsW := len("CODE"), len("NAMESPACE")
	for _, e := range entries {
		idW = max(idW, ansi.StringWidth(e.ID))
		nsW = max(nsW, ansi.StringWidth(e.Namespace()))
	}
	code := func(i int) string {
		var hl []int
		if highlight != nil {
			hl = highlight[i]
		}
		return styleRunes(st, entries[i].ID, hl, st.Code, st.Highlight)
	}
	meanW := width - idW - nsW - 4
	if meanW < minMeaningW {
		for i, e := range entries {
			// The code alone on its line when the namespace does not fit beside it: a code
			// wider than the terminal is still whole, for the terminal to fold.
			ns := st.paint(st.Badge, e.Namespace())
			if ansi.StringWidth(e.ID)+2+ansi.StringWidth(e.Namespace()) <= width {
				fmt.Fprintf(w, "%s  %s\n", code(i), ns)
			} else {
				fmt.Fprintf(w, "%s\n  %s\n", code(i), ns)
			}
			for _, l := range wrapLines(e.Gist(), max(width-2, 10)) {
				fmt.Fprintf(w, "  %s\n", l)
			}
		}
		return
	}
	widths := []int{idW, nsW}
	writeRow(w, widths, []string{st.paint(st.Header, "CODE")}, []string{st.paint(st.Header, "NAMESPACE")}, []string{st.paint(st.Header, "MEANING")})
	for i, e := range entries {
		writeRow(w, widths, []string{code(i)}, []string{st.paint(st.Badge, e.Namespace())}, wrapLines(e.Gist(), meanW))
	}
}

// writeRow writes one table row whose cells may each take several lines: every cell but the
// last is padded to its column's width, two spaces apart, and the row is as tall as its tallest
// cell.
func writeRow(w io.Writer, widths []int, cells ...[]string) {
	height := 0
	for _, c := range cells {
		height = max(height, len(c))
	}
	var b strings.Builder
	for k := range height {
		b.Reset()
		for i, c := range cells {
			var l string
			if k < len(c) {
				l = c[k]
			}
			if i < len(widths) {
				b.WriteString(pad(l, widths[i]))
				b.WriteString("  ")
			} else {
				b.WriteString(l)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// wrapLines wraps text for a table cell at spaces only (not at hyphens, as wrap may): a word
// wider than the column is the one thing wrap breaks. It returns the lines.
func wrapLines(s string, width int) []string {
	var ls []string
	var line strings.Builder
	lineW := 0
	for _, word := range strings.Fields(s) {
		ww := ansi.StringWidth(word)
		switch {
		case lineW > 0 && lineW+1+ww <= width:
			line.WriteByte(' ')
			line.WriteString(word)
			lineW += 1 + ww
			continue
		case lineW > 0:
			ls = append(ls, line.String())
			line.Reset()
			lineW = 0
		}
		if ww > width {
			parts := strings.Split(wrap(word, width), "\n")
			ls = append(ls, parts[:len(parts)-1]...)
			word = parts[len(parts)-1]
			ww = ansi.StringWidth(word)
		}
		line.WriteString(word)
		lineW = ww
	}
	return append(ls, line.String())
}

// TSV writes one tab-separated line per entry for scripts: code, API, kind or service, gist.
// Nothing is truncated; the code is coloured (and highlighted) only when colour is forced.
func TSV(w io.Writer, entries []*catalog.Entry, highlight [][]int, st *Styles) {
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

// JSON writes items (catalog entries, services) as one indented JSON array, an empty array for
// none.
func JSON[T any](w io.Writer, items []T) error {
	if items == nil {
		items = []T{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(items)
}

// styleRunes renders s with base style, and the runes at the given indexes with hl.
func styleRunes(st *Styles, s string, idx []int, base, hl lipgloss.Style) string {
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
func Lookup(w io.Writer, r catalog.Result, st *Styles, width int) {
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
func LookupPlain(w io.Writer, r catalog.Result, st *Styles) {
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

// ProductTable draws one code's entries in many products, one line each: service, product,
// gist. It is an overview (lookup --service shows one in full), so the name and gist are cut to
// fit; the service id, what a person copies, never is.
func ProductTable(w io.Writer, es []*catalog.Entry, st *Styles, width int) {
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

// ServiceTable draws the products as aligned columns: service id, code count, name; a long
// name wraps in its column.
func ServiceTable(w io.Writer, ss []catalog.Service, st *Styles, width int) {
	idW := len("SERVICE")
	for _, s := range ss {
		idW = max(idW, ansi.StringWidth(s.ID))
	}
	widths := []int{idW, len(" CODES")}
	nameW := max(width-idW-len(" CODES")-4, 10)
	writeRow(w, widths, []string{st.paint(st.Header, "SERVICE")}, []string{st.paint(st.Header, " CODES")}, []string{st.paint(st.Header, "PRODUCT")})
	for _, s := range ss {
		writeRow(w, widths, []string{st.paint(st.Code, s.ID)}, []string{fmt.Sprintf("%6d", s.Codes)}, wrapLines(s.Name, nameW))
	}
}

// ServiceTSV writes one tab-separated line per product for scripts: service id, name, code
// count, documentation link.
func ServiceTSV(w io.Writer, ss []catalog.Service) {
	for _, s := range ss {
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\n", s.ID, s.Name, s.Codes, s.Docs)
	}
}
