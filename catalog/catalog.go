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
	Note        string   `json:"note,omitempty"`
	Retryable   *bool    `json:"retryable,omitempty"`
	Actor       string   `json:"actor,omitempty"`
	ReturnedBy  []string `json:"returnedBy,omitempty"`
	Related     []Ref    `json:"related,omitempty"`
	Source      string   `json:"source"`

	// Key is the entry's key in catalog.txt, e.g. "v2 common 4500".
	Key string `json:"-"`
	// Line is where the stanza starts in catalog.txt, for error messages.
	Line int `json:"-"`
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

// Catalog is the parsed catalog. Entries are in key order.
type Catalog struct {
	Entries []*Entry
	Limits  []Limit
	// Date is when the catalog content was last reviewed (YYYY-MM-DD).
	Date string

	byKey  map[string]*Entry
	byName map[string][]*Entry // lower-cased id -> entries, in key order

	searchOnce sync.Once
	index      []searchDoc
}

// Default returns the embedded catalog, parsing it on first use: it is not parsed at start-up, so
// commands that do not need it (and shell completion of other words) do not pay for it.
var Default = sync.OnceValues(func() (*Catalog, error) { return Parse(data) })

// Parse reads a catalog in the catalog.txt format.
func Parse(src string) (*Catalog, error) {
	c := &Catalog{byKey: make(map[string]*Entry, 512), byName: make(map[string][]*Entry, 512)}
	var (
		e     *Entry
		lim   *Limit
		about bool
	)
	lineNo := 0
	for rest := src; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		lineNo++
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			if !strings.HasSuffix(line, "]") {
				return nil, fmt.Errorf("catalog line %d: unterminated key %q", lineNo, line)
			}
			key := line[1 : len(line)-1]
			e, lim, about = nil, nil, false
			switch fields := strings.Fields(key); {
			case key == "about":
				about = true
			case len(fields) == 3 && fields[0] == "limit":
				c.Limits = append(c.Limits, Limit{Scope: fields[1], Name: fields[2]})
				lim = &c.Limits[len(c.Limits)-1]
			case len(fields) == 3 && (fields[0] == V2 || fields[0] == V3):
				var err error
				if e, err = newEntry(fields, key, lineNo); err != nil {
					return nil, err
				}
				if c.byKey[key] != nil {
					return nil, fmt.Errorf("catalog line %d: duplicate key %q", lineNo, key)
				}
				c.Entries = append(c.Entries, e)
				c.byKey[key] = e
				id := strings.ToLower(e.ID)
				c.byName[id] = append(c.byName[id], e)
			default:
				return nil, fmt.Errorf("catalog line %d: unknown key %q", lineNo, key)
			}
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("catalog line %d: want \"field: value\", got %q", lineNo, line)
		}
		value = strings.TrimPrefix(value, " ")
		var err error
		switch {
		case e != nil:
			err = e.set(name, value)
		case lim != nil:
			err = lim.set(name, value)
		case about && name == "date":
			c.Date = value
		default:
			err = fmt.Errorf("field %q outside a stanza", name)
		}
		if err != nil {
			return nil, fmt.Errorf("catalog line %d: %v", lineNo, err)
		}
	}
	c.linkBack()
	return c, nil
}

func newEntry(fields []string, key string, line int) (*Entry, error) {
	e := &Entry{API: fields[0], ID: fields[2], Key: key, Line: line}
	switch {
	case e.API == V2 && fields[1] == KindCommon:
		e.Kind = KindCommon
		n, err := strconv.Atoi(e.ID)
		if err != nil {
			return nil, fmt.Errorf("catalog line %d: common code %q is not a number", line, e.ID)
		}
		e.Code = n
	case e.API == V2 && fields[1] == KindModular:
		e.Kind = KindModular
		e.CodeDesc = e.ID
	case e.API == V3:
		e.Service = fields[1]
		e.ErrorCode = e.ID
	default:
		return nil, fmt.Errorf("catalog line %d: unknown namespace in %q", line, key)
	}
	return e, nil
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
		f := strings.Fields(key)
		if len(f) != 3 {
			return fmt.Errorf("related: want an entry key, got %q", value)
		}
		r := Ref{API: f[0], ID: f[2], Inferred: inferred, Key: key}
		if f[0] == V3 {
			r.Service = f[1]
		} else {
			r.Kind = f[1]
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

// linkBack makes every link two-way: catalog.txt states each link once (on the API 3.0 side), and
// readers of either entry should see it.
func (c *Catalog) linkBack() {
	for _, e := range c.Entries {
		for _, r := range e.Related {
			t := c.byKey[r.Key]
			if t == nil || t.hasRelated(e.Key) {
				continue
			}
			back := Ref{API: e.API, Kind: e.Kind, Service: e.Service, ID: e.ID, Inferred: r.Inferred, Key: e.Key}
			t.Related = append(t.Related, back)
		}
	}
	for _, e := range c.Entries {
		sort.SliceStable(e.Related, func(i, j int) bool { return e.Related[i].Key < e.Related[j].Key })
	}
}

func (e *Entry) hasRelated(key string) bool {
	for _, r := range e.Related {
		if r.Key == key {
			return true
		}
	}
	return false
}

// Entry returns the entry with the given key ("v2 common 4500"), or nil.
func (c *Catalog) Entry(key string) *Entry { return c.byKey[key] }

// Named returns every entry whose code is name, compared case-insensitively, in key order.
func (c *Catalog) Named(name string) []*Entry { return c.byName[strings.ToLower(name)] }

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

// List returns the entries that pass f, in key order.
func (c *Catalog) List(f Filter) []*Entry {
	var out []*Entry
	for _, e := range c.Entries {
		if f.Match(e) {
			out = append(out, e)
		}
	}
	return out
}
