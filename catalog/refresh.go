//go:build ignore

// refresh.go updates the product facts from a newer tencentcloud-sdk-go checkout:
//
//	go run refresh.go -sdk ~/src/tencentcloud-sdk-go -commit $(git -C ~/src/tencentcloud-sdk-go rev-parse HEAD) -date 2026-12-01
//
// run in catalog/. It rewrites data/facts/*.tsv and prints the codes that are new (each needs a
// description in data/products/SERVICE.txt before go generate and the tests pass), removed, or
// returned by other actions than before. Then run go generate ./catalog.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/camerr/camerr/catalog"
)

func main() {
	sdk := flag.String("sdk", "", "a tencentcloud-sdk-go checkout")
	commit := flag.String("commit", "", "its commit (40 hex digits)")
	date := flag.String("date", "", "the commit's date, YYYY-MM-DD")
	flag.Parse()
	if *sdk == "" || !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(*commit) || !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(*date) {
		fmt.Fprintln(os.Stderr, "usage: go run refresh.go -sdk DIR -commit HASH -date YYYY-MM-DD")
		os.Exit(2)
	}
	next, err := catalog.ReadSDK(os.DirFS(*sdk))
	if err != nil {
		fail(err)
	}
	prev, err := catalog.ReadFacts(os.DirFS("data/facts"))
	if err != nil {
		fail(err)
	}
	for name, b := range next.Files(*commit, *date) {
		if err := os.WriteFile(filepath.Join("data", "facts", name), b, 0o644); err != nil {
			fail(err)
		}
	}
	ch := catalog.CompareFacts(prev, next)
	for _, g := range []struct {
		what  string
		codes []string
	}{{"new (write their description in data/products)", ch.Added}, {"removed", ch.Removed}, {"returned by other actions", ch.ReturnedBy}} {
		fmt.Printf("%d codes %s\n", len(g.codes), g.what)
		for _, c := range g.codes {
			fmt.Println("  " + c)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "refresh:", err)
	os.Exit(1)
}
