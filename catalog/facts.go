package catalog

import (
	"bufio"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// SDKFacts are the facts camerr takes from a tencentcloud-sdk-go tree, as the rows of
// data/facts/*.tsv: no upstream text, only names.
type SDKFacts struct {
	Services [][]string // service, versions (newest first), documentation product id
	Codes    [][]string // service, version, code, the actions whose documentation lists it
	Actions  [][]string // service, version, action
}

// sdkPatterns are compiled when a refresh needs them, not at every start of camerr.
var sdkPatterns = sync.OnceValue(func() (p struct{ konst, fn, errLine, products *regexp.Regexp }) {
	p.konst = regexp.MustCompile(`^\s*[A-Z0-9_]+\s*=\s*"([^"]+)"\s*$`)
	p.fn = regexp.MustCompile(`^func \(c \*Client\) ([A-Za-z0-9]+)WithContext\(`)
	p.errLine = regexp.MustCompile(`^//\s+[A-Z0-9_]+ = "([^"]+)"`)
	p.products = regexp.MustCompile(`^\|\s*([a-z0-9]+)\s*\|\s*\[[^\]]*\]\(https://cloud\.tencent\.com/document/product(?:/(\d+))?\)`)
	return p
})

// ReadSDK reads tencentcloud/<service>/<version>/{errors.go,client.go} and products.md of a
// tencentcloud-sdk-go checkout: the codes each version defines, the actions whose doc comment
// lists each code, every action, and each product's documentation id.
func ReadSDK(sdk fs.FS) (*SDKFacts, error) {
	re := sdkPatterns()
	sdkConst, sdkFunc, sdkErrLine, sdkProducts := re.konst, re.fn, re.errLine, re.products
	f := &SDKFacts{}
	docs := map[string]string{}
	if pm, err := fs.ReadFile(sdk, "products.md"); err == nil {
		for _, line := range strings.Split(string(pm), "\n") {
			if m := sdkProducts.FindStringSubmatch(line); m != nil {
				docs[m[1]] = m[2]
			}
		}
	}
	services, err := fs.ReadDir(sdk, "tencentcloud")
	if err != nil {
		return nil, err
	}
	for _, s := range services {
		if !s.IsDir() || s.Name() == "common" {
			continue
		}
		versions, err := fs.ReadDir(sdk, path.Join("tencentcloud", s.Name()))
		if err != nil {
			return nil, err
		}
		var vs []string
		for _, v := range versions {
			dir := path.Join("tencentcloud", s.Name(), v.Name())
			errorsGo, err := fs.ReadFile(sdk, path.Join(dir, "errors.go"))
			if err != nil {
				continue // not a version folder
			}
			vs = append(vs, v.Name())
			returned := map[string][]string{}
			if clientGo, err := fs.ReadFile(sdk, path.Join(dir, "client.go")); err == nil {
				var pending []string
				seen := map[string]bool{}
				sc := bufio.NewScanner(strings.NewReader(string(clientGo)))
				sc.Buffer(nil, 1<<20)
				for sc.Scan() {
					line := sc.Text()
					if m := sdkErrLine.FindStringSubmatch(line); m != nil {
						pending = append(pending, m[1])
						continue
					}
					if m := sdkFunc.FindStringSubmatch(line); m != nil {
						if !seen[m[1]] {
							seen[m[1]] = true
							f.Actions = append(f.Actions, []string{s.Name(), v.Name(), m[1]})
						}
						for _, code := range pending {
							returned[code] = append(returned[code], m[1])
						}
						pending = nil
						continue
					}
					if strings.HasPrefix(line, "func ") {
						pending = nil
					}
				}
			}
			for _, line := range strings.Split(string(errorsGo), "\n") {
				if m := sdkConst.FindStringSubmatch(line); m != nil {
					by := uniqueSorted(returned[m[1]])
					f.Codes = append(f.Codes, []string{s.Name(), v.Name(), m[1], strings.Join(by, ",")})
				}
			}
		}
		if len(vs) > 0 {
			sort.Sort(sort.Reverse(sort.StringSlice(vs)))
			f.Services = append(f.Services, []string{s.Name(), strings.Join(vs, ","), docs[s.Name()]})
		}
	}
	sort.Slice(f.Codes, func(i, j int) bool {
		a, b := f.Codes[i], f.Codes[j]
		return a[0] < b[0] || a[0] == b[0] && (a[2] < b[2] || a[2] == b[2] && a[1] < b[1])
	})
	sort.Slice(f.Actions, func(i, j int) bool { return strings.Join(f.Actions[i], "\t") < strings.Join(f.Actions[j], "\t") })
	return f, nil
}

func uniqueSorted(xs []string) []string {
	sort.Strings(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Files renders the facts as the three tables of data/facts, each stamped with where they come
// from: "TencentCloud/tencentcloud-sdk-go at commit HASH (DATE)".
func (f *SDKFacts) Files(commit, date string) map[string][]byte {
	from := fmt.Sprintf("Facts from TencentCloud/tencentcloud-sdk-go at commit %s (%s)", commit, date)
	table := func(what, header string, rows [][]string) []byte {
		var b strings.Builder
		fmt.Fprintf(&b, "# %s: %s. No upstream text. Refreshed by catalog/refresh.go.\n%s\n", from, what, header)
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
		return []byte(b.String())
	}
	return map[string][]byte{
		"services.tsv": table("the service folders (versions newest first) and products.md (documentation product ids)", "service\tversions\tdoc_product_id", f.Services),
		"codes.tsv":    table("every code in tencentcloud/<service>/<version>/errors.go and the actions whose doc comment lists it", "service\tversion\tcode\treturned_by", f.Codes),
		"actions.tsv":  table("every API action in tencentcloud/<service>/<version>/client.go", "service\tversion\taction", f.Actions),
	}
}

// FactsChange is what a refresh changes, per (service, code).
type FactsChange struct {
	Added, Removed, ReturnedBy []string // "service code"
}

// CompareFacts says which (service, code) pairs are new in next (they need a description before
// the tests pass), gone from it, or returned by other actions than before.
func CompareFacts(prev, next *SDKFacts) FactsChange {
	index := func(f *SDKFacts) map[string]map[string]bool {
		m := map[string]map[string]bool{}
		for _, r := range f.Codes {
			k := r[0] + " " + r[2]
			if m[k] == nil {
				m[k] = map[string]bool{}
			}
			for _, a := range strings.Split(r[3], ",") {
				if a != "" {
					m[k][a] = true
				}
			}
		}
		return m
	}
	p, n := index(prev), index(next)
	var ch FactsChange
	for k, by := range n {
		old, ok := p[k]
		switch {
		case !ok:
			ch.Added = append(ch.Added, k)
		case len(old) != len(by):
			ch.ReturnedBy = append(ch.ReturnedBy, k)
		default:
			for a := range by {
				if !old[a] {
					ch.ReturnedBy = append(ch.ReturnedBy, k)
					break
				}
			}
		}
	}
	for k := range p {
		if _, ok := n[k]; !ok {
			ch.Removed = append(ch.Removed, k)
		}
	}
	sort.Strings(ch.Added)
	sort.Strings(ch.Removed)
	sort.Strings(ch.ReturnedBy)
	return ch
}

// ReadFacts reads data/facts back, for comparing a refresh with what is there.
func ReadFacts(facts fs.FS) (*SDKFacts, error) {
	f := &SDKFacts{}
	for _, t := range []struct {
		name string
		rows *[][]string
		cols int
	}{{"services.tsv", &f.Services, 3}, {"codes.tsv", &f.Codes, 4}, {"actions.tsv", &f.Actions, 3}} {
		b := &builder{fsys: facts}
		rows, _, err := b.tsv(t.name, t.cols)
		if err != nil {
			return nil, err
		}
		*t.rows = rows
	}
	return f, nil
}
