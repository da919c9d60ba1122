// Package catalog holds camerr's embedded catalog of Tencent Cloud API error codes and answers
// questions about it: lookup by number, name or API action, ranked search, listing, every
// product's name, and the documented CAM limits.
//
// The human-edited sources are in data/ (core.txt, one products/SERVICE.txt per product, and the
// SDK facts under facts/); Build packs them into sorted tables, catalog.bin, which gen.go writes
// (go generate) and the binary embeds. It does no I/O beyond reading its embedded tables.
package catalog

//go:generate go run gen.go

import (
	"compress/flate"
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unsafe"
)

// API versions and the namespaces entries live in.
const (
	V2 = "v2"
	V3 = "v3"
	// COS is Cloud Object Storage's own XML protocol: its codes are neither API 2.0 nor 3.0.
	COS = "cos"

	KindCommon  = "common"  // API 2.0 numeric common code
	KindModular = "modular" // API 2.0 codeDesc

	ServiceCommon = "common"
	ServiceCAM    = "cam"
	ServiceSTS    = "sts"
	ServiceSDK    = "sdk"
	// ServiceCategory holds the parents of product codes whose first segment is no common code
	// (OperationDenied.*).
	ServiceCategory = "category"
	// ServiceCOS is the service of every COS entry; their kind is the list they come from.
	ServiceCOS = "cos"
)

// The lists COS codes come from, as the kind of a COS entry.
const (
	COSXML        = "xml"        // the current error-code list of the XML API
	COSLegacy     = "legacy"     // codes only older copies of that list give, misspellings included
	COSProcessing = "processing" // numeric data-processing (Cloud Infinite) codes
	COSCIJob      = "ci-job"     // Cloud Infinite job and workflow API
	COSSelect     = "select"     // SELECT Object Content
	COSVector     = "vector"     // vector buckets
	COSBatch      = "batch"      // Batch Operations
	COSSDK        = "sdk"        // codes a COS SDK or tool makes up on the client side
)

var cosNamespaces = sync.OnceValue(func() map[string]string {
	return map[string]string{
		COSXML: "COS", COSLegacy: "COS legacy", COSProcessing: "COS data processing", COSCIJob: "COS CI job",
		COSSelect: "COS SELECT", COSVector: "COS vector bucket", COSBatch: "COS batch", COSSDK: "COS SDK client",
	}
})

// Actors: who must act on an error.
const (
	ActorCaller  = "caller"
	ActorAdmin   = "admin"
	ActorTencent = "tencent"
)

// Entry is one error code. Its JSON form is what `-o json` prints.
type Entry struct {
	API     string `json:"api"`
	ID      string `json:"id"`
	Kind    string `json:"kind,omitempty"`
	Service string `json:"service,omitempty"`
	Product string `json:"product,omitempty"`
	// Statuses are the HTTP statuses a COS code comes with ("404 Not Found").
	Statuses []string `json:"statuses,omitempty"`
	// Current is the current spelling of a legacy or misspelled COS code.
	Current     string   `json:"current,omitempty"`
	Category    string   `json:"category,omitempty"`
	Versions    []string `json:"versions,omitempty"`
	Code        int      `json:"code,omitempty"`
	CodeDesc    string   `json:"codeDesc,omitempty"`
	ErrorCode   string   `json:"errorCode,omitempty"`
	Title       string   `json:"title,omitempty"`
	Description string   `json:"description"`
	Action      string   `json:"action"`
	// ActionFrom names the category whose action Action is, when the entry has none of its own.
	ActionFrom string   `json:"actionFrom,omitempty"`
	Checks     []string `json:"checks,omitempty"`
	Note       string   `json:"note,omitempty"`
	Retryable  *bool    `json:"retryable,omitempty"`
	Actor      string   `json:"actor,omitempty"`
	ReturnedBy []string `json:"returnedBy,omitempty"`
	Related    []Ref    `json:"related,omitempty"`
	Source     string   `json:"source"`

	// Key is the entry's key in the sources, e.g. "v2 common 4500".
	Key string `json:"-"`
}

// Ref points from one entry to another.
type Ref struct {
	API      string `json:"api"`
	Kind     string `json:"kind,omitempty"`
	Service  string `json:"service,omitempty"`
	ID       string `json:"id"`
	Inferred bool   `json:"inferred"`

	Key string `json:"-"`
}

// Namespace names the set of codes an entry belongs to, for labels.
func (e *Entry) Namespace() string { return namespace(e.API, e.Kind, e.Service) }

// Namespace names the set of codes the referenced entry belongs to.
func (r Ref) Namespace() string { return namespace(r.API, r.Kind, r.Service) }

func namespace(api, kind, service string) string {
	switch {
	case api == COS:
		return cosNamespaces()[kind]
	case api == V2 && kind == KindCommon:
		return "API 2.0 common"
	case api == V2:
		return "API 2.0 CAM"
	case service == ServiceSDK:
		return "SDK client"
	case service == ServiceCommon:
		return "API 3.0 common"
	case service == ServiceCategory:
		return "API 3.0 category"
	default:
		return "API 3.0 " + strings.ToUpper(service)
	}
}

// Gist is the entry's one-line gist: its title, else the first sentence of its description.
func (e *Entry) Gist() string {
	if e.Title != "" {
		return e.Title
	}
	d := e.Description
	if i := strings.Index(d, ". "); i >= 0 {
		d = d[:i]
	}
	return strings.TrimSuffix(d, ".")
}

// Limit is a documented CAM limit, kept as data for the policy checker.
type Limit struct {
	Scope       string // "legacy" or "current"
	Name        string // e.g. "policyDocument"
	Value       int
	Min         int
	Unit        string // "count", "bytes" or "characters"
	Charset     string // allowed characters, as a regexp character-class body
	CodeDesc    string // the API 2.0 codeDesc returned when the limit is exceeded
	Description string
	Source      string
}

// Catalog is the embedded catalog: packed tables (see build.go) read in place. Opening it reads
// a small header; a lookup is a binary search, and only the entries shown are decoded.
type Catalog struct {
	// Date is when the catalog content was last reviewed (YYYY-MM-DD).
	Date string
	// Facts is the provenance of the product facts: "TencentCloud/tencentcloud-sdk-go@COMMIT (DATE)".
	Facts string

	t   string
	sec [numSections]string
	n   int

	limitText  string // the limit stanzas, parsed by Limits when first asked: only check reads them
	limitsOnce sync.Once
	limits     []Limit
	limitsErr  error

	mu       sync.Mutex
	decoded  map[int]*Entry
	blocks   map[int]string // inflated record blocks
	inflater io.ReadCloser  // reused for every block

	svcOnce  sync.Once
	services []Service

	genericOnce   sync.Once
	genericRanges [][2]int

	// forCode caches forProduct's answers: a log of ever new codes under one family
	// (InvalidParameter.Foo1, .Foo2, ...) resolves the same parent, which hundreds of products
	// define, again and again. Bounded by maxForCode.
	forCodeMu sync.Mutex
	forCode   map[forCodeKey]forCodeAnswer
}

//go:embed catalog.bin
var table string

// Default returns the embedded catalog. Nothing is decoded at start-up beyond the header.
var Default = sync.OnceValues(func() (*Catalog, error) { return Open(table) })

// Open reads packed tables as Build makes them.
func Open(t string) (*Catalog, error) {
	if !strings.HasPrefix(t, tableMagic) || len(t) < len(tableMagic)+8*numSections {
		return nil, fmt.Errorf("catalog tables: not a camerr catalog (rebuild with go generate ./catalog)")
	}
	c := &Catalog{t: t, decoded: map[int]*Entry{}}
	for i := range c.sec {
		h := len(tableMagic) + 8*i
		off, n := u32(t, h), u32(t, h+4)
		if off+n > len(t) {
			return nil, fmt.Errorf("catalog tables: section %d out of range", i)
		}
		c.sec[i] = t[off : off+n]
	}
	c.n = len(c.sec[secKeyOff])/4 - 1
	c.blocks = map[int]string{}
	meta, limits, _ := strings.Cut(c.sec[secMeta], "\n\n")
	for _, line := range strings.Split(meta, "\n") {
		name, value, _ := strings.Cut(line, ": ")
		switch name {
		case "date":
			c.Date = value
		case "facts":
			c.Facts = value
		}
	}
	c.limitText = limits
	return c, nil
}

func u32(s string, off int) int {
	return int(uint32(s[off]) | uint32(s[off+1])<<8 | uint32(s[off+2])<<16 | uint32(s[off+3])<<24)
}

// record returns entry i's field lines, inflating its block once.
func (c *Catalog) record(i int) string {
	b := i / recordBlock
	c.mu.Lock()
	defer c.mu.Unlock()
	blk, ok := c.blocks[b]
	if !ok {
		var err error
		if blk, err = c.inflate(b); err != nil {
			return "description: catalog tables: " + err.Error() + "\n"
		}
		c.blocks[b] = blk
	}
	start, end := 0, u32(c.sec[secBodyEnd], 4*i)
	if i%recordBlock > 0 {
		start = u32(c.sec[secBodyEnd], 4*(i-1))
	}
	return blk[start:end]
}

// inflate decompresses record block b into a buffer of its exact size (the end of its last
// entry), reusing one decompressor: a start-up that shows one entry allocates, and so touches,
// as few fresh pages as it can. c.mu is held.
func (c *Catalog) inflate(b int) (string, error) {
	off := c.sec[secRecordOff]
	z := strings.NewReader(c.sec[secRecords][u32(off, 4*b):u32(off, 4*b+4)])
	if c.inflater == nil {
		c.inflater = flate.NewReader(z)
	} else if err := c.inflater.(flate.Resetter).Reset(z, nil); err != nil {
		return "", err
	}
	last := min((b+1)*recordBlock, c.n) - 1
	raw := make([]byte, u32(c.sec[secBodyEnd], 4*last))
	if _, err := io.ReadFull(c.inflater, raw); err != nil {
		return "", err
	}
	// raw is never written again, so the string can share its bytes.
	return unsafe.String(unsafe.SliceData(raw), len(raw)), nil
}

// key returns entry i's key without decoding it.
func (c *Catalog) key(i int) string {
	return c.sec[secKeys][u32(c.sec[secKeyOff], 4*i) : u32(c.sec[secKeyOff], 4*i+4)-1]
}

// id returns entry i's code: the key after its API and group.
func (c *Catalog) id(i int) string {
	k := c.key(i)
	k = k[strings.IndexByte(k, ' ')+1:]
	return k[strings.IndexByte(k, ' ')+1:]
}

// group returns entry i's API and kind or service, as in its key.
func (c *Catalog) group(i int) (api, group string) {
	k := c.key(i)
	api, rest, _ := strings.Cut(k, " ")
	group, _, _ = strings.Cut(rest, " ")
	return api, group
}

// generic reports whether entry i belongs to no product: an API 2.0 code, an API 3.0 common,
// SDK or category code, or a COS code. Those namespaces are ranges of the key order, found once,
// so that ranking thousands of search hits reads no keys.
func (c *Catalog) generic(i int) bool {
	c.genericOnce.Do(func() {
		for _, p := range []string{COS + " ", V2 + " ", KeyV3(ServiceCategory, ""), KeyV3(ServiceCommon, ""), KeyV3(ServiceSDK, "")} {
			lo, hi := c.keyRange(p)
			c.genericRanges = append(c.genericRanges, [2]int{lo, hi})
		}
	})
	for _, r := range c.genericRanges {
		if r[0] <= i && i < r[1] {
			return true
		}
	}
	return false
}

// entry decodes entry i, once.
func (c *Catalog) entry(i int) *Entry {
	c.mu.Lock()
	e := c.decoded[i]
	c.mu.Unlock()
	if e != nil {
		return e
	}
	e = c.decode(i)
	c.mu.Lock()
	if d := c.decoded[i]; d != nil {
		e = d
	} else {
		c.decoded[i] = e
	}
	c.mu.Unlock()
	return e
}

// decode turns a record into an Entry and fills in what is derived: the product's name, the
// category's action, actor and retryability where the entry states none, the source.
func (c *Catalog) decode(i int) *Entry {
	key, body := c.key(i), c.record(i)
	api, rest, _ := strings.Cut(key, " ")
	group, id, _ := strings.Cut(rest, " ")
	e := &Entry{}
	if err := e.init(api, group, id, key); err != nil {
		return &Entry{API: api, ID: id, Key: key, Description: err.Error()}
	}
	category := -1
	for _, line := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		name, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch name {
		case "category#":
			category, _ = strconv.Atoi(value)
		case "versions":
			e.Versions = strings.Split(value, ",")
		case "returnedBy#":
			for _, n := range strings.Split(value, ",") {
				a, _ := strconv.Atoi(n)
				name := c.actionName(a)
				_, action, _ := strings.Cut(name, ":")
				e.ReturnedBy = append(e.ReturnedBy, action)
			}
		case "":
		default:
			if err := e.set(name, value); err != nil {
				e.Description = err.Error()
			}
		}
	}
	if s, ok := c.Service(e.Service); ok && e.API == V3 {
		e.Product = s.Name
		if e.Source == "" && len(e.Versions) > 0 {
			e.Source = c.sdkLink(e.Service, e.Versions[0])
		}
	}
	if category >= 0 {
		if j := category; j != i && j < c.n {
			cat := c.entry(j)
			e.Category = cat.ID
			if e.Action == "" {
				e.Action, e.ActionFrom = cat.Action, cat.ID
			}
			if e.Actor == "" {
				e.Actor = cat.Actor
			}
			if e.Retryable == nil {
				e.Retryable = cat.Retryable
			}
		}
	}
	return e
}

// sdkLink is where a product code is defined: its errors.go in the SDK, at the facts' commit.
func (c *Catalog) sdkLink(service, version string) string {
	_, commit, _ := strings.Cut(c.Facts, "@")
	commit, _, _ = strings.Cut(commit, " ")
	return "https://github.com/TencentCloud/tencentcloud-sdk-go/blob/" + commit + "/tencentcloud/" + service + "/" + version + "/errors.go"
}

// index returns the number of the entry with the given key, or -1.
func (c *Catalog) index(key string) int {
	i := sort.Search(c.n, func(i int) bool { return c.key(i) >= key })
	if i < c.n && c.key(i) == key {
		return i
	}
	return -1
}

// All returns every entry, in key order. It decodes the whole catalog: for listing everything.
func (c *Catalog) All() []*Entry {
	out := make([]*Entry, c.n)
	for i := range out {
		out[i] = c.entry(i)
	}
	return out
}

// Len is the number of entries.
func (c *Catalog) Len() int { return c.n }

func (e *Entry) init(api, group, id, key string) error {
	*e = Entry{API: api, ID: id, Key: key}
	switch {
	case e.API == V2 && group == KindCommon:
		e.Kind = KindCommon
		n, err := strconv.Atoi(e.ID)
		if err != nil {
			return fmt.Errorf("common code %q is not a number", e.ID)
		}
		e.Code = n
	case e.API == V2 && group == KindModular:
		e.Kind = KindModular
		e.CodeDesc = e.ID
	case e.API == V3:
		e.Service = group
		e.ErrorCode = e.ID
	case e.API == COS && cosNamespaces()[group] != "":
		e.Service, e.Kind = ServiceCOS, group
		e.ErrorCode = e.ID
	default:
		return fmt.Errorf("unknown namespace in %q", key)
	}
	return nil
}

func (e *Entry) set(name, value string) error {
	switch name {
	case "code":
		n, err := strconv.Atoi(value)
		if err != nil || e.Kind != KindModular {
			return fmt.Errorf("code: want the numeric code of a codeDesc, got %q", value)
		}
		e.Code = n
	case "title":
		e.Title = value
	case "status":
		e.Statuses = append(e.Statuses, value)
	case "current":
		e.Current = value
	case "description":
		e.Description = value
	case "action":
		e.Action = value
	case "check":
		e.Checks = append(e.Checks, value)
	case "note":
		e.Note = value
	case "source":
		e.Source = value
	case "actor":
		e.Actor = value
	case "retryable":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("retryable: want true or false, got %q", value)
		}
		e.Retryable = &b
	case "returnedBy":
		e.ReturnedBy = strings.Split(value, ",")
	case "related":
		key, inferred := strings.CutSuffix(value, " (inferred)")
		api, rest, _ := strings.Cut(key, " ")
		group, id, _ := strings.Cut(rest, " ")
		if id == "" || strings.Contains(id, " ") {
			return fmt.Errorf("related: want an entry key, got %q", value)
		}
		r := Ref{API: api, ID: id, Inferred: inferred, Key: key}
		if api == V3 {
			r.Service = group
		} else {
			r.Kind = group
		}
		e.Related = append(e.Related, r)
	default:
		return fmt.Errorf("unknown field %q", name)
	}
	return nil
}

func (l *Limit) set(name, value string) error {
	var err error
	switch name {
	case "value":
		l.Value, err = strconv.Atoi(value)
	case "min":
		l.Min, err = strconv.Atoi(value)
	case "unit":
		l.Unit = value
	case "charset":
		l.Charset = value
	case "codeDesc":
		l.CodeDesc = value
	case "description":
		l.Description = value
	case "source":
		l.Source = value
	default:
		return fmt.Errorf("unknown limit field %q", name)
	}
	if err != nil {
		return fmt.Errorf("%s: want a number, got %q", name, value)
	}
	return nil
}

// Entry returns the entry with the given key ("v2 common 4500"), or nil.
func (c *Catalog) Entry(key string) *Entry {
	if i := c.index(key); i >= 0 {
		return c.entry(i)
	}
	return nil
}

// named returns the numbers of the entries whose code is name, compared case-insensitively, in
// key order: a binary search of the name index.
func (c *Catalog) named(name string) []int {
	lo, hi := c.nameRange(name, false)
	out := make([]int, 0, hi-lo)
	for j := lo; j < hi; j++ {
		out = append(out, u32(c.sec[secNames], 4*j))
	}
	sort.Ints(out)
	return out
}

// nameRange returns the span of the name index whose codes equal name (or, with prefix, start
// with it), ignoring case.
func (c *Catalog) nameRange(name string, prefix bool) (lo, hi int) {
	return foldRange(len(c.sec[secNames])/4, func(j int) string { return c.id(u32(c.sec[secNames], 4*j)) }, name, prefix)
}

// foldRange returns the span [lo, hi) of a sorted index of n rows whose text (at) equals s, or
// with prefix starts with it, ignoring case: two binary searches.
func foldRange(n int, at func(int) string, s string, prefix bool) (lo, hi int) {
	lo = sort.Search(n, func(j int) bool { return compareFold(at(j), s) >= 0 })
	hi = sort.Search(n, func(j int) bool {
		x := at(j)
		if prefix && len(x) > len(s) {
			x = x[:len(s)]
		}
		return compareFold(x, s) > 0
	})
	return lo, hi
}

// Has reports whether some entry's code is name, compared case-insensitively. It decodes
// nothing: two binary searches of the name index.
func (c *Catalog) Has(name string) bool {
	lo, hi := c.nameRange(name, false)
	return hi > lo
}

// MayKnow is a filter in front of Has for a caller that asks about many words, most of them no
// code at all (explain asks about every code-like word of a log): false means Has would say
// false too; true means Has should be asked. It looks a word up, ignoring case, in a Bloom
// filter of the codes (two bits of one bit set per code) that the generator wrote, so a process
// pays for the pages it reads, not for building the filter from every code.
func (c *Catalog) MayKnow(name string) bool {
	k := c.sec[secKnown]
	h1, h2 := foldHash(name)
	return k[h1/8]&(1<<(h1%8)) != 0 && k[h2/8]&(1<<(h2%8)) != 0
}

// knownBits is the size of MayKnow's bit set: with some 17,000 codes setting two bits each,
// at most about one word in 1,000 that is no code passes it (one in 60 with one bit each), and
// each that passes costs Has's binary search. Measured: 22 to 75 in 200,000 words made like
// codes (InstZoneFail1, InvalidParameter.Foo1, ...).
const knownBits = 1 << 20

// foldHash hashes s by its length and its first and last eight bytes (fewer, for a shorter s),
// each byte's 0x20 bit set so that ASCII letters hash the same in either case (so do a few
// punctuation pairs, such as '@' and '`', which costs only a rare needless search), to two
// numbers below knownBits. It costs the same for any length: explain asks it about every
// code-like word of a log, and codes differ at their ends (the category, the last word).
func foldHash(s string) (uint32, uint32) {
	const fold = 0x2020202020202020
	var a, b uint64
	switch n := len(s); {
	case n >= 8:
		a = uint64(u32(s, 0)) | uint64(u32(s, 4))<<32 | fold
		b = uint64(u32(s, n-8)) | uint64(u32(s, n-4))<<32 | fold
	case n >= 4:
		a = (uint64(u32(s, 0)) | uint64(u32(s, n-4))<<32) | fold
	default:
		for i := n - 1; i >= 0; i-- {
			a = a<<8 | uint64(s[i])
		}
		a |= fold >> (64 - 8*n)
	}
	h := uint64(len(s)) * 0x9e3779b97f4a7c15
	h = (h ^ a) * 0xff51afd7ed558ccd
	h ^= h >> 32
	h = (h ^ b) * 0xc4ceb9fe1a85ec53
	h ^= h >> 29
	h *= 0xff51afd7ed558ccd
	h ^= h >> 32
	return uint32(h >> (64 - 20)), uint32(h) % knownBits
}

// Named returns every entry whose code is name, compared case-insensitively, in key order.
func (c *Catalog) Named(name string) []*Entry {
	var out []*Entry
	for _, i := range c.named(name) {
		out = append(out, c.entry(i))
	}
	return out
}

// Limits returns the documented CAM limits, read from their stanzas when first asked.
func (c *Catalog) Limits() ([]Limit, error) {
	c.limitsOnce.Do(func() {
		sts, err := parseStanzas(c.limitText)
		if err != nil {
			c.limitsErr = fmt.Errorf("catalog tables: limits: %v", err)
			return
		}
		for _, st := range sts {
			_, rest, _ := strings.Cut(st.key, " ")
			scope, name, _ := strings.Cut(rest, " ")
			l := Limit{Scope: scope, Name: name}
			for _, f := range st.fields {
				if err := l.set(f.name, f.value); err != nil {
					c.limitsErr = fmt.Errorf("catalog tables: limit %s: %v", name, err)
					return
				}
			}
			c.limits = append(c.limits, l)
		}
	})
	return c.limits, c.limitsErr
}

// Limit returns the limit with the given scope and name; false when there is none, or the
// limits cannot be read (Limits says why).
func (c *Catalog) Limit(scope, name string) (Limit, bool) {
	ls, _ := c.Limits()
	for _, l := range ls {
		if l.Scope == scope && l.Name == name {
			return l, true
		}
	}
	return Limit{}, false
}

// Filter selects entries by namespace; empty fields select everything.
type Filter struct {
	API     string // "v2" or "v3"
	Kind    string // API 2.0 "common" or "modular"
	Service string // API 3.0 "common", "sdk", "category" or a product's service id ("cvm")
}

// Match reports whether e passes the filter.
func (f Filter) Match(e *Entry) bool {
	return (f.API == "" || e.API == f.API) &&
		(f.Kind == "" || e.Kind == f.Kind) &&
		(f.Service == "" || e.Service == f.Service)
}

// matchIndex is Match for an entry not decoded yet: its namespace is in its key.
func (c *Catalog) matchIndex(f Filter, i int) bool {
	api, group := c.group(i)
	switch api {
	case V2:
		return f.Match(&Entry{API: api, Kind: group})
	case COS:
		return f.Match(&Entry{API: api, Service: ServiceCOS, Kind: group})
	}
	return f.Match(&Entry{API: api, Service: group})
}

// List returns the entries that pass f, in key order. A service filter reads only that
// service's range of keys.
func (c *Catalog) List(f Filter) []*Entry {
	lo, hi := 0, c.n
	switch f.Service {
	case "":
	case ServiceCOS:
		lo, hi = c.keyRange(COS + " ")
	default:
		lo, hi = c.keyRange(KeyV3(f.Service, ""))
	}
	var out []*Entry
	for i := lo; i < hi; i++ {
		if c.matchIndex(f, i) {
			out = append(out, c.entry(i))
		}
	}
	return out
}

// KeyV3 is the key of an API 3.0 code of a service.
func KeyV3(service, code string) string { return V3 + " " + service + " " + code }

// Service is one product: its service id (the API endpoint and CAM prefix), its name in camerr's
// words, its documentation link, the API versions of its SDK module and how many codes it has.
type Service struct {
	ID       string   `json:"service"`
	Name     string   `json:"product"`
	Docs     string   `json:"docs,omitempty"`
	Versions []string `json:"versions"`
	Codes    int      `json:"codes"`

	first int // the number of its first entry: its entries are first..first+Codes-1
}

// Services returns every product, sorted by service id.
func (c *Catalog) Services() []Service {
	c.svcOnce.Do(func() {
		for _, line := range strings.Split(strings.TrimSuffix(c.sec[secServices], "\n"), "\n") {
			if s, ok := parseService(line); ok {
				c.services = append(c.services, s)
			}
		}
	})
	return c.services
}

// Service returns the product with the given service id. It finds the one line it needs in
// the services table, so decoding an entry does not parse all 258.
func (c *Catalog) Service(id string) (Service, bool) {
	if id == "" || coreGroups()[V3+" "+id] {
		return Service{}, false
	}
	sec := c.sec[secServices]
	// Find "\nID\t", or "ID\t" on the first line, without copying the section to prepend a
	// newline: decoding every product's entry of a code asks this once per entry.
	i := 0
	if !strings.HasPrefix(sec, id+"\t") {
		if i = strings.Index(sec, "\n"+id+"\t"); i < 0 {
			return Service{}, false
		}
		i++
	}
	line, _, _ := strings.Cut(sec[i:], "\n")
	return parseService(line)
}

func parseService(line string) (Service, bool) {
	f := strings.Split(line, "\t")
	if len(f) != 6 {
		return Service{}, false
	}
	first, _ := strconv.Atoi(f[4])
	n, _ := strconv.Atoi(f[5])
	return Service{ID: f[0], Name: f[1], Docs: f[2], Versions: strings.Split(f[3], ","), Codes: n, first: first}, true
}

// actionAt returns action a of the action table ("cvm:RunInstances") and the entries documented
// to return it.
func (c *Catalog) actionAt(a int) (name string, entries []int) {
	off := c.sec[secActionOff]
	name, list, _ := strings.Cut(c.sec[secActions][u32(off, 4*a):u32(off, 4*a+4)], "\x00")
	prev := 0
	for len(list) > 0 {
		d, n := binary.Uvarint([]byte(list))
		if n <= 0 {
			break
		}
		prev += int(d)
		entries = append(entries, prev)
		list = list[n:]
	}
	return name, entries
}

// actionName is actionAt's name alone, for the binary searches.
func (c *Catalog) actionName(a int) string {
	off := c.sec[secActionOff]
	name, _, _ := strings.Cut(c.sec[secActions][u32(off, 4*a):u32(off, 4*a+4)], "\x00")
	return name
}

// ActionsOf returns every API action of a service as CAM writes it ("cvm:RunInstances"), COS's
// included ("cos:GetObject"): one binary search of the action index, then that service's rows.
func (c *Catalog) ActionsOf(service string) []string {
	n := len(c.sec[secActionOff])/4 - 1
	at := c.actionName
	p := service + ":"
	var out []string
	for a := sort.Search(n, func(a int) bool { return compareFold(at(a), p) >= 0 }); a < n; a++ {
		name := at(a)
		if len(name) < len(p) || compareFold(name[:len(p)], p) != 0 {
			break
		}
		out = append(out, name)
	}
	return out
}

// ActionServices returns every service that has API actions, sorted.
func (c *Catalog) ActionServices() []string {
	n := len(c.sec[secActionOff])/4 - 1
	var out []string
	for a := 0; a < n; {
		svc, _, _ := strings.Cut(c.actionName(a), ":")
		out = append(out, svc)
		// Skip to the first action of the next service.
		a += sort.Search(n-a, func(k int) bool {
			return compareFold(c.actionName(a+k), svc+";") >= 0
		})
	}
	sort.Strings(out)
	return out
}

// Action returns the API action named as CAM writes it ("cvm:RunInstances"), matched
// case-insensitively, with the entries its documentation says it can return. ok is false when no
// product has that action.
func (c *Catalog) Action(name string) (canonical string, entries []*Entry, ok bool) {
	n := len(c.sec[secActionOff])/4 - 1
	at := c.actionName
	a := sort.Search(n, func(a int) bool { return compareFold(at(a), name) >= 0 })
	if a >= n || compareFold(at(a), name) != 0 {
		return "", nil, false
	}
	// Prefer the exact spelling among names that differ only in case.
	for b := a; b < n && compareFold(at(b), name) == 0; b++ {
		if at(b) == name {
			a = b
		}
	}
	canonical, idx := c.actionAt(a)
	for _, i := range idx {
		entries = append(entries, c.entry(i))
	}
	return canonical, entries, true
}

// SuggestServices returns the service ids spelled closest to id (at most three, equally close),
// or none when none is within two edits.
func (c *Catalog) SuggestServices(id string) []string {
	var best []string
	bestD := 3
	for _, s := range c.Services() {
		d := EditDistance(strings.ToLower(id), s.ID, 2)
		switch {
		case d < bestD:
			best, bestD = []string{s.ID}, d
		case d == bestD && len(best) < 3:
			best = append(best, s.ID)
		}
	}
	return best
}

// Count is how many entries one namespace holds.
type Count struct {
	Namespace string
	Codes     int
}

// Counts returns the number of entries per namespace, the products' own codes counted together,
// from the keys alone.
func (c *Catalog) Counts() []Count {
	n := map[string]int{}
	for i := 0; i < c.n; i++ {
		api, g := c.group(i)
		switch {
		case api == V2 || api == COS:
			n[namespace(api, g, "")]++
		case coreGroups()[api+" "+g]:
			n[namespace(api, "", g)]++
		default:
			n["products"]++
		}
	}
	var out []Count
	order := []string{"API 2.0 common", "API 2.0 CAM", "API 3.0 common", "API 3.0 category", "SDK client", "products"}
	for _, k := range []string{COSXML, COSLegacy, COSProcessing, COSCIJob, COSSelect, COSVector, COSBatch, COSSDK} {
		order = append(order, cosNamespaces()[k])
	}
	for _, ns := range order {
		out = append(out, Count{ns, n[ns]})
	}
	return out
}
