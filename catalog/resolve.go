package catalog

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Codes is what a response says about its error: any of the API 2.0 number and codeDesc, and the
// API 3.0 (or SDK) code string. API is "v2", "v3", or "" when the text does not say.
type Codes struct {
	API string
	// Service is the product the paste names (from its API host, a tccli command, an SDK package
	// path, ...), or "" when it names none; From says how it named it ("host", "tccli", ...).
	Service, From string
	// Action is an API action the paste names without its service (a body's Action field): the
	// product is the one whose entry for the code lists it among the actions returning it.
	Action    string
	Code      string // API 2.0 numeric code, decimal
	CodeDesc  string
	ErrorCode string
}

// Resolution is what the catalog knows about a response's codes.
type Resolution struct {
	// Entries explain the error, most specific first: the codeDesc before its numeric code, an
	// exact code before a parent; for a code several services define, the common entry first.
	Entries []*Entry
	// Known is false when no entry fits at all.
	Known bool
	// API is the API the codes belong to: the one the response says (Codes.API) or, when it
	// says none, that of the entry that explains them ("" when none does).
	API string
	// Inferred is true when the entries are those of a parent code ("InvalidParameterValue" for
	// "InvalidParameterValue.InvalidDNSName"), not of the code itself.
	Inferred bool
	// Corrected is the known code the response's code was read as when the catalog lacks it
	// but it is one character from exactly one code (see Catalog.Correct); the entries are
	// that code's. "" when the code was taken as written.
	Corrected string
	// Notes say what the catalog adds: an inferred match, a code that disagrees with its
	// codeDesc.
	Notes []string
	// Service is the product that sent the error, Product its name, and ServiceFrom how it was
	// decided: how the paste named it (Codes.From: "host", "tccli", "sdk-path", "terraform"),
	// "action" (only that product's entry lists the action the paste names), or "code" (only
	// that product defines the code).
	Service, Product, ServiceFrom string
	// Candidates are the products that define the code, at most maxCandidates of them, when the
	// paste does not say which one sent it; CandidateCount counts them all.
	Candidates     []string
	CandidateCount int
}

// maxCandidates caps the products a resolution lists for a code that many define.
const maxCandidates = 10

// Resolve finds the entries that explain a response's codes. A COS response (API "cos") is
// explained by COS entries only: COS codes that share a name with an API 3.0 code
// (InvalidRequest, AccessDenied) mean something else there.
func (c *Catalog) Resolve(r Codes) Resolution {
	var res Resolution
	if r.API == COS {
		return c.resolveCOS(r.ErrorCode)
	}
	add := func(es ...*Entry) {
		for _, e := range es {
			if e != nil && !slices.Contains(res.Entries, e) {
				res.Entries = append(res.Entries, e)
			}
		}
	}
	if r.CodeDesc != "" {
		desc := c.Entry(KeyModular(r.CodeDesc))
		if desc == nil {
			desc = c.findFold(V2, r.CodeDesc)
		}
		if desc == nil {
			if fixed, ok := c.Correct(r.CodeDesc); ok {
				if desc = c.findFold(V2, fixed); desc != nil {
					res.Corrected = fixed
					res.Notes = append(res.Notes, correctionNote(r.CodeDesc, fixed))
				}
			}
		}
		add(desc)
		if desc != nil && desc.Code != 0 && r.Code != "" && r.Code != strconv.Itoa(desc.Code) {
			res.Notes = append(res.Notes, fmt.Sprintf("the response's code %s disagrees with %s, which the catalog lists under code %d", r.Code, desc.ID, desc.Code))
		}
	}
	if r.Code != "" && r.Code != "0" {
		add(c.Entry(KeyCommon(r.Code)))
	}
	if r.ErrorCode != "" {
		exact := c.forProduct(&res, r.ErrorCode, r)
		if len(exact) == 0 {
			if fixed, ok := c.Correct(r.ErrorCode); ok {
				exact = c.forProduct(&res, fixed, r)
				res.Corrected = fixed
				res.Notes = append(res.Notes, correctionNote(r.ErrorCode, fixed))
			}
		}
		add(exact...)
		if len(exact) == 0 {
			for parent := r.ErrorCode; ; {
				i := strings.LastIndexByte(parent, '.')
				if i <= 0 {
					break
				}
				parent = parent[:i]
				if es := c.forProduct(&res, parent, r); len(es) > 0 {
					add(es...)
					res.Inferred = true
					res.Notes = append(res.Notes, fmt.Sprintf("%s is not in the catalog; this is its nearest known parent, %s (inferred)", r.ErrorCode, parent))
					break
				}
			}
		}
	}
	if res.Service != "" {
		if svc, ok := c.Service(res.Service); ok {
			res.Product = svc.Name
		}
	}
	res.Known = len(res.Entries) > 0
	res.API = r.API
	if res.API == "" && res.Known && (res.Entries[0].API == V2 || res.Entries[0].API == V3) {
		res.API = res.Entries[0].API
	}
	return res
}

// forProduct returns the entries that explain code for the product the paste names (r.Service,
// may be ""): that product's own entry and the generic ones (common, category, API 2.0). With no
// product named, or one that knows nothing of the code, an action the paste names picks the one
// product whose entry lists it; else a code only one product defines is that product's; a code
// many define is explained by its generic entries, and res records the candidate products.
func (c *Catalog) forProduct(res *Resolution, code string, r Codes) []*Entry {
	k := forCodeKey{code, r.API, r.Service, r.From, r.Action}
	c.forCodeMu.Lock()
	a, ok := c.forCode[k]
	c.forCodeMu.Unlock()
	if !ok {
		var fresh Resolution
		a.entries = slices.Clip(c.resolveProduct(&fresh, code, r))
		a.service, a.from = fresh.Service, fresh.ServiceFrom
		a.candidates, a.count = slices.Clip(fresh.Candidates), fresh.CandidateCount
		c.forCodeMu.Lock()
		if c.forCode == nil || len(c.forCode) >= maxForCode {
			c.forCode = make(map[forCodeKey]forCodeAnswer)
		}
		c.forCode[k] = a
		c.forCodeMu.Unlock()
	}
	if a.service != "" {
		res.Service, res.ServiceFrom = a.service, a.from
	}
	res.Candidates, res.CandidateCount = a.candidates, a.count
	return a.entries
}

// maxForCode bounds the cache of forProduct's answers.
const maxForCode = 4096

type forCodeKey struct{ code, api, service, from, action string }

type forCodeAnswer struct {
	entries       []*Entry
	service, from string
	candidates    []string
	count         int
}

// resolveProduct is forProduct without the cache. It sorts the entries named code by their keys
// and decodes only those it returns (and, for an action the paste names, the products' entries
// to read which actions return them): a code hundreds of products define costs hundreds of
// binary-search steps, not hundreds of decoded entries.
func (c *Catalog) resolveProduct(res *Resolution, code string, r Codes) []*Entry {
	var generic, own, others []int
	service := r.Service
	if _, ok := c.Service(service); !ok {
		service = "" // a hint that names no product camerr knows says nothing
	}
	// A common code can come from any product, so the code alone never names the product.
	common := false
	for _, i := range c.namedIn(code, r.API) {
		api, group := c.group(i)
		switch {
		case c.generic(i):
			generic = append(generic, i)
			common = common || api == V3 && (group == ServiceCommon || group == ServiceSDK)
		case service != "" && group == service:
			own = append(own, i)
		default:
			others = append(others, i)
		}
	}
	entries := func(is ...[]int) []*Entry {
		var es []*Entry
		for _, l := range is {
			for _, i := range l {
				es = append(es, c.entry(i))
			}
		}
		return es
	}
	res.Candidates, res.CandidateCount = nil, 0
	candidates := func(is []int) {
		res.CandidateCount = len(is)
		for _, i := range is[:min(len(is), maxCandidates)] {
			_, group := c.group(i)
			res.Candidates = append(res.Candidates, group)
		}
	}
	if service != "" && len(own)+len(generic) > 0 {
		res.Service, res.ServiceFrom = service, r.From
		if res.ServiceFrom == "" {
			res.ServiceFrom = "paste"
		}
		return entries(own, generic)
	}
	if r.Action != "" && len(others) > 1 {
		var by []int
		for _, i := range others {
			if slices.Contains(c.entry(i).ReturnedBy, r.Action) {
				by = append(by, i)
			}
		}
		if len(by) == 1 {
			_, res.Service = c.group(by[0])
			res.ServiceFrom = "action"
			return entries(by, generic)
		}
	}
	switch {
	case len(others) == 0:
		return entries(generic)
	case len(others) == 1 && !common:
		_, res.Service = c.group(others[0])
		res.ServiceFrom = "code"
		return entries(others, generic)
	case len(generic) > 0:
		candidates(others)
		return entries(generic)
	case len(others) > 3:
		// Several products and nothing generic: the first stands for them, the rest are named.
		candidates(others)
		return entries(others[:1])
	}
	candidates(others)
	return entries(others)
}

// namedIn returns the entries named code: those of the response's API before the others (an
// API 2.0 codeDesc "InvalidParameter" still explains an API 3.0 code of that name), and the
// common entry before the CAM and STS ones, since a response rarely says which service sent it.
func (c *Catalog) namedIn(code, api string) []int {
	var common, module, rest []int
	for _, i := range c.named(code) {
		a, group := c.group(i)
		switch {
		case api != "" && a != api:
			rest = append(rest, i)
		case group == ServiceCommon && a == V3:
			common = append(common, i)
		default:
			module = append(module, i)
		}
	}
	return append(append(common, module...), rest...)
}

// cosKindRank orders the COS lists an error code is looked up in: the XML API's current list,
// then the codes SDKs make up (Java's "404 Not Found"), then the older spellings, then the
// lists of the other COS APIs.
var cosKindRank = sync.OnceValue(func() map[string]int {
	return map[string]int{COSXML: 0, COSSDK: 1, COSLegacy: 2, COSVector: 3, COSSelect: 4, COSBatch: 5, COSCIJob: 6, COSProcessing: 7}
})

// resolveCOS finds the COS entries named code, most likely list first.
func (c *Catalog) resolveCOS(code string) Resolution {
	var res Resolution
	for _, e := range c.Named(code) {
		if e.API == COS {
			res.Entries = append(res.Entries, e)
		}
	}
	sort.SliceStable(res.Entries, func(i, j int) bool {
		return cosKindRank()[res.Entries[i].Kind] < cosKindRank()[res.Entries[j].Kind]
	})
	if len(res.Entries) > 0 {
		// Only COS speaks this way: the error's own form names the product.
		res.API, res.Service, res.ServiceFrom, res.Product = COS, ServiceCOS, "format", "Cloud Object Storage"
	}
	res.Known = len(res.Entries) > 0
	return res
}

// findFold finds the entry of the given API named code, ignoring case.
func (c *Catalog) findFold(api, code string) *Entry {
	for _, i := range c.named(code) {
		if a, _ := c.group(i); a == api {
			return c.entry(i)
		}
	}
	return nil
}

// KeyCommon is the key of an API 2.0 common code.
func KeyCommon(code string) string { return V2 + " " + KindCommon + " " + code }

// KeyModular is the key of an API 2.0 codeDesc.
func KeyModular(codeDesc string) string { return V2 + " " + KindModular + " " + codeDesc }
