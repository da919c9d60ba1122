// Package catalog holds camerr's embedded catalog of Tencent Cloud API error codes and answers
// questions about it: lookup by number or name, ranked search, listing, and the documented CAM
// limits. It does no I/O beyond reading its own embedded data file, catalog.txt.
package catalog

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed catalog.txt
var data string

// API versions and the namespaces entries live in.
const (
	V2 = "v2"
	V3 = "v3"

	KindCommon  = "common"  // API 2.0 numeric common code
	KindModular = "modular" // API 2.0 codeDesc

	ServiceCommon = "common"
	ServiceCAM    = "cam"
	ServiceSTS    = "sts"
	ServiceSDK    = "sdk"
)

// Actors: who must act on an error.
const (
	ActorCaller  = "caller"
	ActorAdmin   = "admin"
	ActorTencent = "tencent"
)

// Entry is one error code. Its JSON form is what `-o json` prints.
type Entry struct {
	API         string   `json:"api"`
	ID          string   `json:"id"`
	Kind        string   `json:"kind,omitempty"`
	Service     string   `json:"service,omitempty"`
	Code        int      `json:"code,omitempty"`
	CodeDesc    string   `json:"codeDesc,omitempty"`
	ErrorCode   string   `json:"errorCode,omitempty"`
	Title       string   `json:"title,omitempty"`
	Description string   `json:"description"`
	Action      string   `json:"action"`
	Checks      []string `json:"checks,omitempty"`
	Note        string   `json:"note,omitempty"`
	Retryable   *bool    `json:"retryable,omitempty"`
	Actor       string   `json:"actor,omitempty"`
	ReturnedBy  []string `json:"returnedBy,omitempty"`
	Related     []Ref    `json:"related,omitempty"`
	Source      string   `json:"source"`

	// Key is the entry's key in catalog.txt, e.g. "v2 common 4500".
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
	case api == V2 && kind == KindCommon:
		return "API 2.0 common"
	case api == V2:
		return "API 2.0 CAM"
	case service == ServiceSDK:
		return "SDK client"
	case service == ServiceCommon:
		return "API 3.0 common"
	default:
		return "API 3.0 " + strings.ToUpper(service)
	}
}

// Summary is the entry's one-line gist: its title, else the first sentence of its description.
func (e *Entry) Summary() string {
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

// Catalog is the parsed catalog.
type Catalog struct {
	Limits []Limit
	// Date is when the catalog content was last reviewed (YYYY-MM-DD).
	Date string

	src        string
	stanzas    []stanza // entry stanzas, in key order
	mu         sync.Mutex
	allOnce    sync.Once
	all        []*Entry
	searchOnce sync.Once
	index      []searchDoc
}

// stanza is one entry's text, decoded into an Entry on first use.
type stanza struct {
	key, api, group, id string
	offset              int    // of the key line in src
	body                string // the field lines
	e                   *Entry
}

// Default returns the embedded catalog. Nothing is parsed at start-up; on first use only the
// stanza keys are indexed, and an entry's fields are decoded when something asks for that entry,
// so "camerr lookup 4500" decodes one stanza, not three hundred. catalog_test.go checks the whole
// file strictly with Parse.
var Default = sync.OnceValues(func() (*Catalog, error) { return scan(data) })

// Parse reads a catalog in the catalog.txt format and decodes every entry, reporting the first
// problem with its line number.
func Parse(src string) (*Catalog, error) {
	c, err := scan(src)
	if err != nil {
		return nil, err
	}
	for i := range c.stanzas {
		if _, err := c.decode(i); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// scan indexes the stanzas of src and reads the small [about] and [limit] stanzas whole.
func scan(src string) (*Catalog, error) {
	c := &Catalog{src: src, stanzas: make([]stanza, 0, len(src)/512)}
	var (
		lim   *Limit
		about bool
		prev  string
	)
	for off := 0; off < len(src); {
		end := strings.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		line := src[off : off+end]
		lineOff := off
		off += end + 1
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] != '[' {
			name, value, ok := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			var err error
			switch {
			case !ok:
				err = fmt.Errorf("want \"field: value\", got %q", line)
			case lim != nil:
				err = lim.set(name, value)
			case about && name == "date":
				c.Date = value
			default:
				err = fmt.Errorf("field %q outside a stanza", name)
			}
			if err != nil {
				return nil, fmt.Errorf("catalog line %d: %v", lineAt(src, lineOff), err)
			}
			continue
		}
		if !strings.HasSuffix(line, "]") {
			return nil, fmt.Errorf("catalog line %d: unterminated key %q", lineAt(src, lineOff), line)
		}
		key := line[1 : len(line)-1]
		if key <= prev {
			return nil, fmt.Errorf("catalog line %d: key %q is not after %q (keys must be sorted and unique)", lineAt(src, lineOff), key, prev)
		}
		prev = key
		lim, about = nil, false
		first, rest, _ := strings.Cut(key, " ")
		second, third, _ := strings.Cut(rest, " ")
		switch {
		case key == "about":
			about = true
		case first == "limit" && third != "":
			c.Limits = append(c.Limits, Limit{Scope: second, Name: third})
			lim = &c.Limits[len(c.Limits)-1]
		case (first == V2 || first == V3) && third != "":
			// An entry's body runs to the next key line; its fields are decoded later.
			next := strings.Index(src[off:], "\n[")
			bodyEnd := len(src)
			if next >= 0 {
				bodyEnd = off + next + 1
			}
			c.stanzas = append(c.stanzas, stanza{key: key, api: first, group: second, id: third, offset: lineOff, body: src[off:bodyEnd]})
			off = bodyEnd
		default:
			return nil, fmt.Errorf("catalog line %d: unknown key %q", lineAt(src, lineOff), key)
		}
	}
	return c, nil
}

func lineAt(src string, off int) int { return strings.Count(src[:off], "\n") + 1 }

// decode returns the entry of stanza i, decoding it on first use.
func (c *Catalog) decode(i int) (*Entry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := &c.stanzas[i]
	if st.e != nil {
		return st.e, nil
	}
	e := &Entry{}
	if err := e.init(st.api, st.group, st.id, st.key); err != nil {
		return nil, fmt.Errorf("catalog line %d: %v", lineAt(c.src, st.offset), err)
	}
	off := st.offset + len(st.key) + 3
	for rest := st.body; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		lineOff := off
		off += len(line) + 1
		if line == "" || line[0] == '#' {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("catalog line %d: want \"field: value\", got %q", lineAt(c.src, lineOff), line)
		}
		if err := e.set(name, strings.TrimPrefix(value, " ")); err != nil {
			return nil, fmt.Errorf("catalog line %d: %v", lineAt(c.src, lineOff), err)
		}
	}
	st.e = e
	return e, nil
}

// entry returns the entry of stanza i. The embedded catalog is checked whole by the tests, so a
// stanza that does not decode can only come from a catalog that was never checked; it yields a
// bare entry rather than a crash.
func (c *Catalog) entry(i int) *Entry {
	e, err := c.decode(i)
	if err != nil {
		st := c.stanzas[i]
		return &Entry{API: st.api, ID: st.id, Key: st.key, Description: err.Error()}
	}
	return e
}

// All returns every entry, in key order.
func (c *Catalog) All() []*Entry {
	c.allOnce.Do(func() {
		c.all = make([]*Entry, len(c.stanzas))
		for i := range c.stanzas {
			c.all[i] = c.entry(i)
		}
	})
	return c.all
}

// Len is the number of entries.
func (c *Catalog) Len() int { return len(c.stanzas) }

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
	i := sort.Search(len(c.stanzas), func(i int) bool { return c.stanzas[i].key >= key })
	if i < len(c.stanzas) && c.stanzas[i].key == key {
		return c.entry(i)
	}
	return nil
}

// Named returns every entry whose code is name, compared case-insensitively, in key order.
func (c *Catalog) Named(name string) []*Entry {
	var out []*Entry
	for i := range c.stanzas {
		if strings.EqualFold(c.stanzas[i].id, name) {
			out = append(out, c.entry(i))
		}
	}
	return out
}

// Limit returns the limit with the given scope and name.
func (c *Catalog) Limit(scope, name string) (Limit, bool) {
	for _, l := range c.Limits {
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
	Service string // API 3.0 "common", "cam", "sts" or "sdk"
}

// Match reports whether e passes the filter.
func (f Filter) Match(e *Entry) bool {
	return (f.API == "" || e.API == f.API) &&
		(f.Kind == "" || e.Kind == f.Kind) &&
		(f.Service == "" || e.Service == f.Service)
}

// matchStanza is Match for an entry not decoded yet: its namespace is in its key.
func (f Filter) matchStanza(st *stanza) bool {
	if st.api == V2 {
		return f.Match(&Entry{API: st.api, Kind: st.group})
	}
	return f.Match(&Entry{API: st.api, Service: st.group})
}

// List returns the entries that pass f, in key order.
func (c *Catalog) List(f Filter) []*Entry {
	var out []*Entry
	for _, e := range c.All() {
		if f.Match(e) {
			out = append(out, e)
		}
	}
	return out
}
