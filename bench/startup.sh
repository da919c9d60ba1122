#!/usr/bin/env bash
# Start-up cost of `camerr lookup 4500`, a whole process a person waits for, measured side by side
# with a hello-world Go binary built by the same toolchain with the same settings (CGO_ENABLED and
# GOFLAGS from the environment apply to both). Needs hyperfine (Debian: apt-get install hyperfine).
#
#   bench/startup.sh                 # default build
#   CGO_ENABLED=0 bench/startup.sh   # static build, as the README's install line makes
#
# Prints both medians and their ratio; the target is a ratio of at most 2.0.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/startup
mkdir -p "$out/hello"
cat > "$out/hello/main.go" <<'GO'
package main

import "fmt"

func main() { fmt.Println("hello, world") }
GO
printf 'module hello\n\ngo 1.26\n' > "$out/hello/go.mod"
go build -o "$out/camerr" .
(cd "$out/hello" && go build -o ../hello-world .)

runs=${RUNS:-1000}
hyperfine -N --warmup 100 --runs "$runs" --export-json "$out/result.json" \
  "$out/hello-world" "$out/camerr lookup 4500" >/dev/null
jq -r '
  (.results[0].median) as $h | (.results[1].median) as $c |
  "hello world     median \($h * 1000 | . * 1000 | round / 1000) ms",
  "camerr lookup   median \($c * 1000 | . * 1000 | round / 1000) ms",
  "ratio           \($c / $h | . * 100 | round / 100)  (target: at most 2.0)"' "$out/result.json"
