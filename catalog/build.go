package catalog

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Build reads the human-edited catalog sources (core.txt, products/SERVICE.txt and the SDK facts
// under facts/, laid out as in catalog/data) and returns the packed tables that camerr embeds as
// catalog.bin. It is strict: every stanza must decode, every product entry must be a fact, every
// fact of a service that has a products file must have an entry, every link must resolve. gen.go
// writes its result; TestTablesFresh fails when catalog.bin is not what Build makes of the data.
func Build(fsys fs.FS) ([]byte, error) {
	b := &builder{fsys: fsys, keys: map[string]*draft{}}
	if err := b.readFacts(); err != nil {
		return nil, err
	}
	for _, name := range []string{"core.txt", "cos.txt"} {
		if err := b.readSource(name, ""); err != nil {
			return nil, err
		}
	}
	names, err := fs.Glob(fsys, "products/*.txt")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		svc := strings.TrimSuffix(path.Base(name), ".txt")
		if _, ok := b.services[svc]; !ok {
			return nil, fmt.Errorf("%s: %q is not a service of the SDK facts", name, svc)
		}
		if err := b.readSource(name, svc); err != nil {
			return nil, err
		}
	}
	if err := b.link(); err != nil {
		return nil, err
	}
	return b.pack(), nil
}

// draft is an entry on its way into the tables: its key and field lines, in source order.
type draft struct {
	key     string
	api     string
	group   string // API 2.0 kind, or API 3.0 service
	id      string
	fields  []field
	where   string // file:line, for errors
	related []string
	// facts, for product entries
	versions   []string
	returnedBy []string
	category   string
}

type field struct{ name, value string }

type serviceFacts struct {
	id, name, docs string
	versions       []string
	hasFile        bool
	codes          map[string]*codeFacts
	actions        []string
}

type codeFacts struct {
	versions   []string
	returnedBy map[string]bool
	seen       bool
}

type builder struct {
	fsys     fs.FS
	meta     []field
	limits   []string // limit stanzas, as text
	keys     map[string]*draft
	drafts   []*draft
	services map[string]*serviceFacts
	sdkStamp string // the facts' provenance line
	// cosActions are COS's CAM actions (GetObject), which no API 3.0 SDK module lists.
	cosActions map[string]bool
}

func (b *builder) readFacts() error {
	b.services = map[string]*serviceFacts{}
	rows, stamp, err := b.tsv("facts/services.tsv", 3)
	if err != nil {
		return err
	}
	// The provenance line names the SDK commit and its date: keep "repo@commit (date)".
	m := regexp.MustCompile(`(TencentCloud/tencentcloud-sdk-go) at commit ([0-9a-f]{40}) \((\d{4}-\d{2}-\d{2})\)`).FindStringSubmatch(stamp)
	if m == nil {
		return fmt.Errorf("facts/services.tsv: the provenance line names no tencentcloud-sdk-go commit and date")
	}
	b.sdkStamp = m[1] + "@" + m[2] + " (" + m[3] + ")"
	for _, r := range rows {
		b.services[r[0]] = &serviceFacts{id: r[0], versions: strings.Split(r[1], ","), docs: r[2], codes: map[string]*codeFacts{}}
	}
	rows, _, err = b.tsv("facts/codes.tsv", 4)
	if err != nil {
		return err
	}
	for _, r := range rows {
		s := b.services[r[0]]
		if s == nil {
			return fmt.Errorf("facts/codes.tsv: service %q is not in services.tsv", r[0])
		}
		cf := s.codes[r[2]]
		if cf == nil {
			cf = &codeFacts{returnedBy: map[string]bool{}}
			s.codes[r[2]] = cf
		}
		cf.versions = append(cf.versions, r[1])
		for _, a := range strings.Split(r[3], ",") {
			if a != "" {
				cf.returnedBy[a] = true
			}
		}
	}
	// COS's CAM actions are optional: a catalog without COS has none.
	rows, _, err = b.tsv("facts/cos_actions.tsv", 3)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	b.cosActions = map[string]bool{}
	for _, r := range rows {
		a, ok := strings.CutPrefix(r[0], "name/cos:")
		if !ok {
			return fmt.Errorf("facts/cos_actions.tsv: %q is not name/cos:<Api>", r[0])
		}
		b.cosActions[a] = true
	}
	rows, _, err = b.tsv("facts/actions.tsv", 3)
	if err != nil {
		return err
	}
	for _, r := range rows {
		s := b.services[r[0]]
		if s == nil {
			return fmt.Errorf("facts/actions.tsv: service %q is not in services.tsv", r[0])
		}
		s.actions = append(s.actions, r[2])
	}
	return nil
}

// tsv reads a facts table: a "# provenance" line, a header, then rows of n columns.
func (b *builder) tsv(name string, n int) (rows [][]string, stamp string, err error) {
	raw, err := fs.ReadFile(b.fsys, name)
	if err != nil {
		return nil, "", err
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "# ") {
		return nil, "", fmt.Errorf("%s: want a provenance comment and a header line", name)
	}
	for i, l := range lines[2:] {
		f := strings.Split(l, "\t")
		if len(f) != n {
			return nil, "", fmt.Errorf("%s:%d: want %d columns, got %d", name, i+3, n, len(f))
		}
		rows = append(rows, f)
	}
	return rows, strings.TrimPrefix(lines[0], "# "), nil
}

// readSource reads one stanza file: core.txt (svc == "") or products/SVC.txt.
func (b *builder) readSource(name, svc string) error {
	raw, err := fs.ReadFile(b.fsys, name)
	if err != nil {
		return err
	}
	sts, err := parseStanzas(string(raw))
	if err != nil {
		return fmt.Errorf("%s:%v", name, err)
	}
	prev := ""
	for _, st := range sts {
		where := fmt.Sprintf("%s:%d", name, st.line)
		if st.key <= prev {
			return fmt.Errorf("%s: key %q is not after %q (keys must be sorted and unique)", where, st.key, prev)
		}
		prev = st.key
		first, rest, _ := strings.Cut(st.key, " ")
		second, third, _ := strings.Cut(rest, " ")
		switch {
		case svc == "" && st.key == "about":
			b.meta = append(b.meta, st.fields...)
		case svc == "" && first == "limit" && third != "":
			var l Limit
			for _, f := range st.fields {
				if err := l.set(f.name, f.value); err != nil {
					return fmt.Errorf("%s: %v", where, err)
				}
			}
			b.limits = append(b.limits, stanzaText(st.key, st.fields))
		case svc != "" && first == "service" && rest == svc:
			s := b.services[svc]
			s.hasFile = true
			for _, f := range st.fields {
				switch f.name {
				case "name":
					s.name = f.value
				case "docs":
					s.docs = f.value
				default:
					return fmt.Errorf("%s: unknown service field %q", where, f.name)
				}
			}
			if s.name == "" {
				return fmt.Errorf("%s: service %s has no name", where, svc)
			}
		// Codes have no spaces, but for the Java COS SDK's made-up "404 Not Found".
		case (first == V2 || first == V3 || first == COS) && third != "" && (first == COS || !strings.Contains(third, " ")):
			d := &draft{key: st.key, api: first, group: second, id: third, where: where}
			if err := b.addEntry(d, st.fields, svc); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: unknown key %q here", where, st.key)
		}
	}
	if svc != "" {
		s := b.services[svc]
		if !s.hasFile {
			return fmt.Errorf("%s: no [service %s] stanza", name, svc)
		}
		var missing []string
		for code, cf := range s.codes {
			if !cf.seen {
				missing = append(missing, code)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			return fmt.Errorf("%s: %d codes of the SDK facts have no entry (they need a description): %s", name, len(missing), strings.Join(missing, ", "))
		}
	}
	return nil
}

// coreGroups are the namespaces that belong to no product: their sources are core.txt and
// cos.txt, and their entries explain a code whichever product sent it.
var coreGroups = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{V2 + " " + KindCommon: true, V2 + " " + KindModular: true, V3 + " " + ServiceCommon: true, V3 + " " + ServiceSDK: true, V3 + " " + ServiceCategory: true}
	for list := range cosNamespaces() {
		m[COS+" "+list] = true
	}
	return m
})

func (b *builder) addEntry(d *draft, fields []field, svc string) error {
	if svc == "" && !coreGroups()[d.api+" "+d.group] {
		return fmt.Errorf("%s: %q belongs in products/%s.txt", d.where, d.key, d.group)
	}
	if svc != "" && (d.api != V3 || d.group != svc) {
		return fmt.Errorf("%s: %q does not belong in products/%s.txt", d.where, d.key, svc)
	}
	var e Entry
	if err := e.init(d.api, d.group, d.id, d.key); err != nil {
		return fmt.Errorf("%s: %v", d.where, err)
	}
	for _, f := range fields {
		switch f.name {
		case "versions", "category", "product":
			return fmt.Errorf("%s: %s is derived, not written", d.where, f.name)
		case "returnedBy":
			if svc != "" {
				return fmt.Errorf("%s: returnedBy of a product code comes from the SDK facts", d.where)
			}
		case "related":
			key, _ := strings.CutSuffix(f.value, " (inferred)")
			d.related = append(d.related, key)
		case "source":
			if svc != "" {
				return fmt.Errorf("%s: a product code's source is derived from the SDK facts", d.where)
			}
		}
		if err := e.set(f.name, f.value); err != nil {
			return fmt.Errorf("%s: %v", d.where, err)
		}
	}
	if e.Description == "" {
		return fmt.Errorf("%s: no description", d.where)
	}
	if svc == "" && e.Source == "" {
		return fmt.Errorf("%s: no source", d.where)
	}
	if svc != "" {
		cf := b.services[svc].codes[d.id]
		if cf == nil {
			return fmt.Errorf("%s: %s is not a code of %s in the SDK facts", d.where, d.id, svc)
		}
		cf.seen = true
		d.versions = cf.versions
		for a := range cf.returnedBy {
			d.returnedBy = append(d.returnedBy, a)
		}
		sort.Strings(d.returnedBy)
	}
	d.fields = fields
	b.keys[d.key] = d
	b.drafts = append(b.drafts, d)
	return nil
}

// link derives what is not written: each product code's category, and the reverse of every
// related link.
func (b *builder) link() error {
	sort.Slice(b.drafts, func(i, j int) bool { return b.drafts[i].key < b.drafts[j].key })
	for _, d := range b.drafts {
		if d.api == V3 && !coreGroups()[d.api+" "+d.group] {
			first, _, dotted := strings.Cut(d.id, ".")
			for _, k := range []string{KeyV3(ServiceCommon, first), KeyV3(ServiceCategory, first)} {
				if b.keys[k] != nil {
					d.category = k
					break
				}
			}
			if d.category == "" && dotted {
				return fmt.Errorf("%s: no category for %s: add [v3 category %s] to core.txt", d.where, d.id, first)
			}
		}
	}
	type link struct {
		from     *draft
		to       string
		inferred bool
	}
	var written []link
	for _, d := range b.drafts {
		for _, f := range d.fields {
			if f.name == "related" {
				key, inferred := strings.CutSuffix(f.value, " (inferred)")
				written = append(written, link{d, key, inferred})
			}
		}
	}
	for _, l := range written {
		t := b.keys[l.to]
		if t == nil {
			return fmt.Errorf("%s: related %q is not in the catalog", l.from.where, l.to)
		}
		if slices.Contains(t.related, l.from.key) {
			return fmt.Errorf("%s: the link to %q is written both ways; keep one, the other is derived", l.from.where, l.to)
		}
		back := l.from.key
		if l.inferred {
			back += " (inferred)"
		}
		t.fields = append(t.fields, field{"related", back})
	}
	return nil
}

// Section numbers of catalog.bin.
const (
	secMeta        = iota // "name: value" lines, then the limit stanzas
	secKeys               // every entry's key, "\n"-terminated, in key order
	secKeyOff             // uint32 offsets into secKeys, one per entry and one past the end
	secRecords            // entries' "field: value\n" lines, recordBlock entries a flate block
	secRecordOff          // uint32 offsets into secRecords, one per block and one past the end
	secBodyEnd            // uint32 per entry: where its lines end in its inflated block
	secNames              // uint32 entry numbers, sorted by lower-case code, then key
	secSuffixes           // uint32 entry<<12 | offset of a dot-segment, sorted by lower-case suffix
	secServices           // "service\tname\tdocs\tversions\tfirst entry\tentries\n", sorted
	secActions            // "service:Action\tentry,entry,...\n", sorted by lower case, then bytes
	secActionOff          // uint32 offsets into secActions
	secWords              // per search word, its postings: uvarint (entry delta, field mask) pairs
	secWordOff            // uint32 offsets into secWords, one per word and one past the end
	secWordList           // the search words, sorted, "\n"-separated: one scan finds those containing a string
	secWordListOff        // uint32 offsets into secWordList
	secReversed           // uint32 entry numbers, one per lower-case code, sorted by it spelled backwards
	secKnown              // MayKnow's Bloom filter of the codes: knownBits bits, two set per code
	numSections
)

const tableMagic = "camerr-catalog 8\n"

// recordBlock is how many entries' fields are compressed together: small enough that decoding
// one entry inflates a few KB, large enough to compress well.
const recordBlock = 32

func (b *builder) pack() []byte {
	n := len(b.drafts)
	index := make(map[string]int, n)
	for i, d := range b.drafts {
		index[d.key] = i
	}
	var sec [numSections]bytes.Buffer

	// Actions: every action of every service, and any a code names that client.go lacks.
	type action struct {
		name    string
		entries []int
	}
	acts := map[string]*action{}
	for _, s := range b.services {
		for _, a := range s.actions {
			k := s.id + ":" + a
			if acts[k] == nil {
				acts[k] = &action{name: k}
			}
		}
	}
	for a := range b.cosActions {
		acts[ServiceCOS+":"+a] = &action{name: ServiceCOS + ":" + a}
	}
	for i, d := range b.drafts {
		for _, a := range d.returnedBy {
			k := d.group + ":" + a
			if acts[k] == nil {
				acts[k] = &action{name: k}
			}
			acts[k].entries = append(acts[k].entries, i)
		}
	}
	actList := make([]*action, 0, len(acts))
	for _, a := range acts {
		actList = append(actList, a)
	}
	sort.Slice(actList, func(i, j int) bool { return lessFold(actList[i].name, actList[j].name) })
	actIndex := map[string]int{}
	for i, a := range actList {
		actIndex[a.name] = i
		binary.Write(&sec[secActionOff], binary.LittleEndian, uint32(sec[secActions].Len()))
		sec[secActions].WriteString(a.name)
		sec[secActions].WriteByte(0)
		var tmp [binary.MaxVarintLen64]byte
		prev := 0
		for _, e := range a.entries {
			sec[secActions].Write(tmp[:binary.PutUvarint(tmp[:], uint64(e-prev))])
			prev = e
		}
	}
	binary.Write(&sec[secActionOff], binary.LittleEndian, uint32(sec[secActions].Len()))

	// Keys, then records: each entry's fields, in blocks of recordBlock entries, each block
	// compressed on its own, so that decoding an entry inflates one small block.
	var block bytes.Buffer
	var ends []int
	flush := func() {
		binary.Write(&sec[secRecordOff], binary.LittleEndian, uint32(sec[secRecords].Len()))
		zw, _ := flate.NewWriter(&sec[secRecords], flate.BestCompression)
		zw.Write(block.Bytes())
		zw.Close()
		for _, end := range ends {
			binary.Write(&sec[secBodyEnd], binary.LittleEndian, uint32(end))
		}
		block.Reset()
		ends = ends[:0]
	}
	for i, d := range b.drafts {
		binary.Write(&sec[secKeyOff], binary.LittleEndian, uint32(sec[secKeys].Len()))
		sec[secKeys].WriteString(d.key + "\n")
		r := &block
		for _, f := range d.fields {
			fmt.Fprintf(r, "%s: %s\n", f.name, f.value)
		}
		if d.category != "" {
			fmt.Fprintf(r, "category#: %d\n", index[d.category])
		}
		if len(d.versions) > 0 {
			fmt.Fprintf(r, "versions: %s\n", strings.Join(d.versions, ","))
		}
		if len(d.returnedBy) > 0 {
			ids := make([]string, len(d.returnedBy))
			for i, a := range d.returnedBy {
				ids[i] = strconv.Itoa(actIndex[d.group+":"+a])
			}
			fmt.Fprintf(r, "returnedBy#: %s\n", strings.Join(ids, ","))
		}
		ends = append(ends, block.Len())
		if (i+1)%recordBlock == 0 || i == n-1 {
			flush()
		}
	}
	binary.Write(&sec[secKeyOff], binary.LittleEndian, uint32(sec[secKeys].Len()))
	binary.Write(&sec[secRecordOff], binary.LittleEndian, uint32(sec[secRecords].Len()))

	// Names and suffixes.
	names := make([]int, n)
	for i := range names {
		names[i] = i
	}
	sort.SliceStable(names, func(i, j int) bool { return lessFold(b.drafts[names[i]].id, b.drafts[names[j]].id) })
	for _, i := range names {
		binary.Write(&sec[secNames], binary.LittleEndian, uint32(i))
	}
	// Codes spelled backwards, for Correct: where a mistyped code's known end begins.
	var backwards []int
	for k, i := range names {
		if k == 0 || !strings.EqualFold(b.drafts[names[k-1]].id, b.drafts[i].id) {
			backwards = append(backwards, i)
		}
	}
	backID := func(i int) string { return reverse(strings.ToLower(b.drafts[i].id)) }
	sort.SliceStable(backwards, func(i, j int) bool { return backID(backwards[i]) < backID(backwards[j]) })
	for _, i := range backwards {
		binary.Write(&sec[secReversed], binary.LittleEndian, uint32(i))
	}
	known := make([]byte, knownBits/8)
	for _, d := range b.drafts {
		h1, h2 := foldHash(d.id)
		known[h1/8] |= 1 << (h1 % 8)
		known[h2/8] |= 1 << (h2 % 8)
	}
	sec[secKnown].Write(known)
	type suffix struct {
		entry, off int
	}
	var sufs []suffix
	for i, d := range b.drafts {
		for off := 0; ; {
			j := strings.IndexByte(d.id[off:], '.')
			if j < 0 {
				break
			}
			off += j + 1
			sufs = append(sufs, suffix{i, off})
		}
	}
	sort.SliceStable(sufs, func(i, j int) bool {
		return lessFold(b.drafts[sufs[i].entry].id[sufs[i].off:], b.drafts[sufs[j].entry].id[sufs[j].off:])
	})
	for _, s := range sufs {
		binary.Write(&sec[secSuffixes], binary.LittleEndian, uint32(s.entry<<12|s.off))
	}

	// Services: each product's name, link, versions and key range.
	var svcs []string
	for id := range b.services {
		svcs = append(svcs, id)
	}
	sort.Strings(svcs)
	for _, id := range svcs {
		s := b.services[id]
		if !s.hasFile {
			continue
		}
		lo := sort.Search(n, func(i int) bool { return b.drafts[i].key >= KeyV3(id, "") })
		hi := lo
		for hi < n && b.drafts[hi].api == V3 && b.drafts[hi].group == id {
			hi++
		}
		fmt.Fprintf(&sec[secServices], "%s\t%s\t%s\t%s\t%d\t%d\n", id, s.name, s.docs, strings.Join(s.versions, ","), lo, hi-lo)
	}

	// Search words, with the fields each entry has them in.
	post := map[string][][2]int{}
	for i, d := range b.drafts {
		masks := map[string]int{}
		for _, t := range idTokens(d.id) {
			masks[t.text] |= fieldID
		}
		// Whole dot-segments too, so "policyname" finds InvalidParameter.policyName.InUse.
		for _, seg := range strings.Split(strings.ToLower(d.id), ".") {
			masks[seg] |= fieldID
		}
		for _, f := range d.fields {
			bit := map[string]int{"title": fieldTitle, "description": fieldDescription, "action": fieldAction}[f.name]
			for _, w := range words(f.value) {
				if bit != 0 && !stopWords()[w] {
					masks[w] |= bit
				}
			}
		}
		if d.api == V3 && !coreGroups()[d.api+" "+d.group] {
			masks[d.group] |= fieldProduct
			for _, w := range words(b.services[d.group].name) {
				if !stopWords()[w] {
					masks[w] |= fieldProduct
				}
			}
		}
		for w, m := range masks {
			post[w] = append(post[w], [2]int{i, m})
		}
	}
	vocab := make([]string, 0, len(post))
	for w := range post {
		vocab = append(vocab, w)
	}
	sort.Strings(vocab)
	var tmp [binary.MaxVarintLen64]byte
	for _, w := range vocab {
		binary.Write(&sec[secWordOff], binary.LittleEndian, uint32(sec[secWords].Len()))
		ps := post[w]
		sort.Slice(ps, func(i, j int) bool { return ps[i][0] < ps[j][0] })
		prev := 0
		for _, p := range ps {
			sec[secWords].Write(tmp[:binary.PutUvarint(tmp[:], uint64(p[0]-prev))])
			sec[secWords].WriteByte(byte(p[1]))
			prev = p[0]
		}
	}
	binary.Write(&sec[secWordOff], binary.LittleEndian, uint32(sec[secWords].Len()))
	for _, w := range vocab {
		binary.Write(&sec[secWordListOff], binary.LittleEndian, uint32(sec[secWordList].Len()))
		sec[secWordList].WriteString(w)
		sec[secWordList].WriteByte('\n')
	}
	binary.Write(&sec[secWordListOff], binary.LittleEndian, uint32(sec[secWordList].Len()))

	// Meta.
	m := &sec[secMeta]
	for _, f := range b.meta {
		fmt.Fprintf(m, "%s: %s\n", f.name, f.value)
	}
	fmt.Fprintf(m, "facts: %s\n", b.sdkStamp)
	fmt.Fprintf(m, "entries: %d\n\n", n)
	for _, l := range b.limits {
		m.WriteString(l)
		m.WriteByte('\n')
	}

	var out bytes.Buffer
	out.WriteString(tableMagic)
	off := len(tableMagic) + 4*2*numSections
	for i := range sec {
		binary.Write(&out, binary.LittleEndian, uint32(off))
		binary.Write(&out, binary.LittleEndian, uint32(sec[i].Len()))
		off += sec[i].Len()
	}
	for i := range sec {
		out.Write(sec[i].Bytes())
	}
	return out.Bytes()
}

// Search fields, as bits of a word's posting.
const (
	fieldID = 1 << iota
	fieldTitle
	fieldDescription
	fieldAction
	fieldProduct
)

func stanzaText(key string, fields []field) string {
	var sb strings.Builder
	sb.WriteString("[" + key + "]\n")
	for _, f := range fields {
		sb.WriteString(f.name + ": " + f.value + "\n")
	}
	return sb.String()
}

// rawStanza is one stanza of a source file.
type rawStanza struct {
	key    string
	line   int
	fields []field
}

// parseStanzas splits a stanza file into its stanzas. Errors start with the line number.
func parseStanzas(src string) ([]rawStanza, error) {
	var out []rawStanza
	for n, line := range strings.Split(strings.TrimSuffix(src, "\n"), "\n") {
		ln := n + 1
		if strings.ContainsFunc(line, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) {
			return nil, fmt.Errorf("%d: control character", ln)
		}
		switch {
		case line == "" || line[0] == '#':
		case line[0] == '[':
			if !strings.HasSuffix(line, "]") {
				return nil, fmt.Errorf("%d: unterminated key %q", ln, line)
			}
			out = append(out, rawStanza{key: line[1 : len(line)-1], line: ln})
		default:
			name, value, ok := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			if !ok || name == "" || strings.ContainsAny(name, " \t") {
				return nil, fmt.Errorf("%d: want \"field: value\", got %q", ln, line)
			}
			if len(out) == 0 {
				return nil, fmt.Errorf("%d: field %q outside a stanza", ln, name)
			}
			st := &out[len(out)-1]
			st.fields = append(st.fields, field{name, value})
		}
	}
	return out, nil
}

// lessFold orders strings by their lower-case form, then by their bytes.
func lessFold(a, b string) bool {
	if c := compareFold(a, b); c != 0 {
		return c < 0
	}
	return a < b
}

// compareFold compares ASCII-case-insensitively, byte by byte.
func compareFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := lowerByte(a[i]), lowerByte(b[i])
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return len(a) - len(b)
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
