package catalog

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	c := mustDefault(t)
	for _, tc := range []struct {
		name     string
		codes    Codes
		keys     []string // the first entries, in order
		known    bool
		inferred bool
		note     string
	}{
		{"v2 codeDesc and code", Codes{API: V2, Code: "4000", CodeDesc: "InvalidParameter.policyName.InUse"},
			[]string{"v2 modular InvalidParameter.policyName.InUse", "v2 common 4000"}, true, false, ""},
		{"v2 code only", Codes{API: V2, Code: "4102"}, []string{"v2 common 4102"}, true, false, ""},
		{"v2 disagreeing code", Codes{API: V2, Code: "5100", CodeDesc: "InvalidParameter.policyName.InUse"},
			[]string{"v2 modular InvalidParameter.policyName.InUse", "v2 common 5100"}, true, false, "disagrees"},
		{"v3 common", Codes{API: V3, ErrorCode: "AuthFailure.SignatureExpire"}, []string{"v3 common AuthFailure.SignatureExpire"}, true, false, ""},
		{"v3 common, not every product's", Codes{API: V3, ErrorCode: "RequestLimitExceeded"},
			[]string{"v3 common RequestLimitExceeded"}, true, false, ""},
		{"v3 common, the product the paste names", Codes{API: V3, ErrorCode: "RequestLimitExceeded", Service: "sts"},
			[]string{"v3 sts RequestLimitExceeded", "v3 common RequestLimitExceeded"}, true, false, ""},
		{"v3 parent", Codes{API: V3, ErrorCode: "InvalidParameterValue.NoSuchCodeAnywhere"}, []string{"v3 common InvalidParameterValue"}, true, true, "nearest known parent"},
		{"v3 deep parent", Codes{API: V3, ErrorCode: "ResourceNotFound.Foo.Bar"}, []string{"v3 common ResourceNotFound"}, true, true, "ResourceNotFound"},
		{"a code two products define", Codes{API: V3, ErrorCode: "LimitExceeded.ReplayAttack"}, []string{"v3 af LimitExceeded.ReplayAttack", "v3 afc LimitExceeded.ReplayAttack"}, true, false, ""},
		{"a code only one product defines", Codes{API: V3, ErrorCode: "FailedOperation.AccessKmsError"}, []string{"v3 ssm FailedOperation.AccessKmsError"}, true, false, ""},
		{"sdk", Codes{API: V3, ErrorCode: "ClientError.NetworkError"}, []string{"v3 sdk ClientError.NetworkError"}, true, false, ""},
		{"unknown", Codes{API: V3, ErrorCode: "Totally.Unknown"}, nil, false, false, ""},
		{"nothing", Codes{}, nil, false, false, ""},
		{"v2 codeDesc as Go SDK code", Codes{API: V2, ErrorCode: "InvalidParameter"}, []string{"v2 modular InvalidParameter"}, true, false, ""},
		{"one character mangled", Codes{API: V3, ErrorCode: "AuthFailure.SignatureFai1ure"}, []string{"v3 common AuthFailure.SignatureFailure"}, true, false, "read as AuthFailure.SignatureFailure"},
		{"a mangled codeDesc", Codes{API: V2, Code: "4106", CodeDesc: "MFACheckFai1ed"}, []string{"v2 modular MFACheckFailed", "v2 common 4106"}, true, false, "read as MFACheckFailed"},
		{"a mangled code, its API decided by the code", Codes{ErrorCode: "ResourceUnavai1able.InstanceType"}, []string{"v3 cvm ResourceUnavailable.InstanceType"}, true, false, "read as ResourceUnavailable.InstanceType"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Resolve(tc.codes)
			var got []string
			for i, e := range r.Entries {
				if i < len(tc.keys) {
					got = append(got, e.Key)
				}
			}
			if !reflect.DeepEqual(got, tc.keys) {
				t.Errorf("entries = %v, want %v first", keys(r.Entries), tc.keys)
			}
			if r.Known != tc.known || r.Inferred != tc.inferred {
				t.Errorf("known, inferred = %v, %v; want %v, %v", r.Known, r.Inferred, tc.known, tc.inferred)
			}
			if tc.note != "" && !strings.Contains(strings.Join(r.Notes, "\n"), tc.note) {
				t.Errorf("notes = %q, want one containing %q", r.Notes, tc.note)
			}
			if tc.note == "" && len(r.Notes) > 0 {
				t.Errorf("unexpected notes %q", r.Notes)
			}
		})
	}
}

// TestResolveCached checks that an answer from the cache of per-code answers is the answer
// itself: a code resolved again, or a sibling resolved through the same parent, gets the same
// entries, product and candidates as the first time.
func TestResolveCached(t *testing.T) {
	c, err := Open(table) // a catalog of its own, so its cache starts empty
	if err != nil {
		t.Fatal(err)
	}
	for _, codes := range []Codes{
		{API: V3, ErrorCode: "InvalidParameter.NoSuchCode1"},
		{API: V3, ErrorCode: "InvalidParameter.NoSuchCode1"},
		{API: V3, ErrorCode: "FailedOperation"},
		{API: V3, ErrorCode: "FailedOperation.AccessKmsError"},
		{API: V3, ErrorCode: "UnsupportedOperation.Nope", Service: "cvm"},
	} {
		first := c.Resolve(codes)
		fresh, err := Open(table)
		if err != nil {
			t.Fatal(err)
		}
		if want := fresh.Resolve(codes); !reflect.DeepEqual(first, want) {
			t.Errorf("%+v: cached catalog resolved\n%+v\na fresh one\n%+v", codes, first, want)
		}
		sibling := codes
		sibling.ErrorCode += "2"
		if got, want := c.Resolve(sibling), fresh.Resolve(sibling); !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: cached catalog resolved\n%+v\na fresh one\n%+v", sibling, got, want)
		}
	}
	if !c.Has("authfailure") || c.Has("AuthFailure.NoSuchThing") {
		t.Error("Has disagrees with the catalog")
	}
}

// TestResolver checks the caching resolver answers as Resolve does, and stays within its bound.
func TestResolver(t *testing.T) {
	c := mustDefault(t)
	r := c.Resolver(2)
	for _, codes := range []Codes{
		{API: V3, ErrorCode: "AuthFailure.SignatureExpire"},
		{API: V2, Code: "4000", CodeDesc: "InvalidParameter.policyName.InUse"},
		{API: V3, ErrorCode: "ResourceNotFound.Foo"},
		{API: V3, ErrorCode: "AuthFailure.SignatureExpire"},
		{API: V3, ErrorCode: "Totally.Unknown"},
		{API: V3, ErrorCode: "Totally.Unknown"},
	} {
		if got, want := r.Resolve(codes), c.Resolve(codes); !reflect.DeepEqual(got, want) {
			t.Errorf("Resolver.Resolve(%+v) = %+v, want %+v", codes, got, want)
		}
		if len(r.known) > 2 {
			t.Fatalf("the resolver holds %d answers, more than its bound of 2", len(r.known))
		}
	}
}

// TestResolveProduct: which product a response came from, and how that was decided.
func TestResolveProduct(t *testing.T) {
	c := mustDefault(t)
	for _, tc := range []struct {
		name                 string
		codes                Codes
		service, from, first string // first: the first entry's key
		candidates           int    // CandidateCount
	}{
		{"named by the host", Codes{API: V3, ErrorCode: "InternalError", Service: "cvm", From: "host"}, "cvm", "host", "v3 cvm InternalError", 0},
		{"named, a common code it does not define", Codes{API: V3, ErrorCode: "RequestLimitExceeded.UinLimitExceeded", Service: "cvm", From: "host"}, "cvm", "host", "v3 common RequestLimitExceeded.UinLimitExceeded", 0},
		{"a name camerr does not know says nothing", Codes{API: V3, ErrorCode: "InternalError", Service: "nosuch", From: "terraform"}, "", "", "v3 common InternalError", 188},
		{"one product defines it", Codes{API: V3, ErrorCode: "ResourceUnavailable.InstanceType"}, "cvm", "code", "v3 cvm ResourceUnavailable.InstanceType", 0},
		{"a common code, no product named: generic entry and candidates", Codes{API: V3, ErrorCode: "InternalError"}, "", "", "v3 common InternalError", 188},
		{"the action picks the product", Codes{API: V3, ErrorCode: "ResourceNotFound.InstanceNotExist", Action: "AddClusterInstances", From: "action"}, "tsf", "action", "v3 tsf ResourceNotFound.InstanceNotExist", 0},
		{"an action no candidate lists", Codes{API: V3, ErrorCode: "ResourceNotFound.InstanceNotExist", Action: "Nope", From: "action"}, "", "", "v3 ecm ResourceNotFound.InstanceNotExist", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Resolve(tc.codes)
			if r.Service != tc.service || r.ServiceFrom != tc.from || r.CandidateCount != tc.candidates {
				t.Errorf("service %q from %q, %d candidates %v; want %q from %q, %d", r.Service, r.ServiceFrom, r.CandidateCount, r.Candidates, tc.service, tc.from, tc.candidates)
			}
			if len(r.Entries) == 0 || r.Entries[0].Key != tc.first {
				t.Errorf("entries %v, want %s first", keys(r.Entries), tc.first)
			}
			if len(r.Candidates) > maxCandidates {
				t.Errorf("%d candidates listed, at most %d", len(r.Candidates), maxCandidates)
			}
			if tc.service != "" && r.Product == "" {
				t.Errorf("no product name for %s", tc.service)
			}
			// A generic code never drags every product's entry in.
			if len(r.Entries) > 10 {
				t.Errorf("%d entries", len(r.Entries))
			}
		})
	}
}

// TestMayKnow checks that MayKnow, the filter in front of Has, says yes to every code in any
// case, and no to most words that are not codes.
func TestMayKnow(t *testing.T) {
	c := mustDefault(t)
	for j := range len(c.sec[secNames]) / 4 {
		id := c.id(u32(c.sec[secNames], 4*j))
		for _, q := range []string{id, strings.ToLower(id), strings.ToUpper(id)} {
			if !c.MayKnow(q) {
				t.Fatalf("MayKnow(%q) = false for a code of the catalog", q)
			}
		}
	}
	passed := 0
	for i := range 20000 {
		q := fmt.Sprintf("InstZoneFail%d", i)
		if c.Has(q) {
			t.Fatalf("%s is a code", q)
		}
		if c.MayKnow(q) {
			passed++
		}
	}
	// Two bits of 1<<20 for each of some 17,000 codes: about one word in 1,000 passes.
	if passed > 20000/200 {
		t.Errorf("%d of 20,000 words that are no code passed MayKnow; the filter should stop all but about 0.2%%", passed)
	}
}
