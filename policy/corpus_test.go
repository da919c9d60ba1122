package policy

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusFile is one document of testdata/ and what its name expects.
type corpusFile struct {
	name string
	doc  []byte
	opts Options
	hint string // the first finding's hint contains this (sidecar hint=...)
}

func loadCorpus(tb testing.TB) []corpusFile {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []corpusFile
	for _, p := range paths {
		doc, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		opts, hint, err := readOpts(strings.TrimSuffix(p, ".json") + ".opts")
		if err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		out = append(out, corpusFile{filepath.Base(p), doc, opts, hint})
	}
	return out
}

// readOpts reads a sidecar of key=value lines; a missing file means defaults.
func readOpts(path string) (opts Options, hint string, err error) {
	opts = Options{Limits: LegacyLimits()}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return opts, "", nil
	} else if err != nil {
		return opts, "", err
	}
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok {
			return opts, "", errors.New("sidecar line without '=': " + line)
		}
		switch key {
		case "type":
			if opts.Type, err = ParseType(val); err != nil {
				return opts, "", err
			}
		case "limits":
			if opts.Limits, err = ParseLimits(val); err != nil {
				return opts, "", err
			}
		case "account":
			opts.Account = val
		case "policyName":
			opts.PolicyName = &val
		case "roleName":
			opts.RoleName = &val
		case "description":
			opts.Description = &val
		case "hint":
			hint = val
		default:
			return opts, "", errors.New("unknown sidecar key " + key)
		}
	}
	return opts, hint, nil
}

func TestCorpus(t *testing.T) {
	corpus := loadCorpus(t)
	if len(corpus) < 40 {
		t.Fatalf("corpus has %d documents, want at least 40", len(corpus))
	}
	covered := map[string]bool{}
	for _, cf := range corpus {
		t.Run(cf.name, func(t *testing.T) {
			opts := cf.opts
			opts.Actions = knownActions(t)
			findings, err := Check(cf.doc, opts)
			kind, rest, _ := strings.Cut(strings.TrimSuffix(cf.name, ".json"), "--")
			if kind == "notpolicy" {
				if !errors.Is(err, ErrNotPolicy) {
					t.Fatalf("err = %v, want ErrNotPolicy", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			first, err := firstError(findings)
			if err != nil {
				t.Fatal(err)
			}
			switch kind {
			case "ok":
				if first != nil {
					t.Errorf("want no errors, got %s at %s %d:%d: %s", first.CodeDesc, first.Path, first.Line, first.Column, first.Message)
				}
			case "warn":
				want, _, _ := strings.Cut(rest, "--")
				covered[want] = true
				if first != nil {
					t.Errorf("want no errors, got %s: %s", first.CodeDesc, first.Message)
				}
				if len(findings) == 0 || findings[0].CodeDesc != want || findings[0].Severity != SeverityWarning {
					t.Errorf("want a first warning %s, got %+v", want, findings)
				}
			default:
				covered[kind] = true
				if first == nil {
					t.Fatalf("want error %s, got none: %+v", kind, findings)
				}
				if first.CodeDesc != kind {
					t.Errorf("first error = %s (%s), want %s", first.CodeDesc, first.Message, kind)
				}
			}
			if cf.hint != "" && (len(findings) == 0 || !strings.Contains(findings[0].Hint, cf.hint)) {
				t.Errorf("want a first finding whose hint contains %q, got %+v", cf.hint, findings)
			}
			for _, f := range findings {
				if f.Message == "" || f.Hint == "" {
					t.Errorf("finding without message or hint: %+v", f)
				}
			}
		})
	}
	// Every codeDesc the checker can produce has a document that produces it.
	for code := range defaultV3() {
		if !covered[code] {
			t.Errorf("no corpus document expects %s", code)
		}
	}
}

// firstError returns the finding marked First, checking that it is the
// first error and the only one marked.
func firstError(findings []Finding) (*Finding, error) {
	var first *Finding
	at := -1
	for i := range findings {
		f := &findings[i]
		if f.First {
			if first != nil {
				return nil, fmt.Errorf("findings %d and %d are both marked First", at, i)
			}
			first, at = f, i
		}
		if f.Severity == SeverityError && first == nil {
			return nil, fmt.Errorf("error %d (%s) is not marked First", i, f.CodeDesc)
		}
	}
	return first, nil
}
