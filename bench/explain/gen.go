//go:build ignore

// Gen writes the deterministic benchmark log for `camerr explain` (see package loggen):
//
//	go run ./bench/explain/gen.go -size 100000000 > /tmp/explain-100M.log
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/camerr/camerr/bench/explain/loggen"
)

func main() {
	size := flag.Int64("size", 100_000_000, "approximate output size in bytes")
	seed := flag.Uint64("seed", 1, "random seed")
	words := flag.Bool("words", false, "plain lines of distinct CamelCase words instead of responses")
	flag.Parse()
	write := loggen.Write
	if *words {
		write = loggen.WriteWords
	}
	if err := write(os.Stdout, *size, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
