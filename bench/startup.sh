#!/usr/bin/env bash
# Start-up cost of `camerr lookup 4500`, a whole process a person waits for, measured side by side
# with a hello-world Go binary built by the same toolchain. camerr is built twice:
#
#   static   CGO_ENABLED=0, as the README's install line builds it (and as release binaries are)
#   default  plain `go build`: pflag (cobra's flag parser) imports net, so with cgo available the
#            binary links libc dynamically and pays for the dynamic loader at every start
#
# The hello-world binary is static either way (it imports nothing that uses cgo). Prints the
# medians and the ratios; the target is a ratio of at most 2.0. Needs hyperfine and jq.
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
(cd "$out/hello" && go build -o ../hello-world .)
CGO_ENABLED=0 go build -o "$out/camerr-static" .
go build -o "$out/camerr-default" .

runs=${RUNS:-1000}
hyperfine -N --warmup 100 --runs "$runs" --export-json "$out/result.json" \
  -n hello "$out/hello-world" \
  -n static "$out/camerr-static lookup 4500" \
  -n default "$out/camerr-default lookup 4500" >/dev/null
jq -r '
  (.results | map({(.command): .median}) | add) as $m |
  def ms: . * 1000 * 1000 | round / 1000;
  "hello world                     median \($m.hello | ms) ms",
  "camerr lookup 4500 (static)     median \($m.static | ms) ms  ratio \($m.static / $m.hello * 100 | round / 100)  (target: at most 2.0)",
  "camerr lookup 4500 (default)    median \($m.default | ms) ms  ratio \($m.default / $m.hello * 100 | round / 100)"' "$out/result.json"
