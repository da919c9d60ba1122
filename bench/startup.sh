#!/usr/bin/env bash
# Start-up cost of the commands a person waits for, each a whole process, measured side by side
# with a hello-world Go binary built by the same toolchain, in one hyperfine run (the machine is
# noisy: only ratios taken in the same run are comparable). camerr is built twice:
#
#   static   CGO_ENABLED=0, as the README's install line builds it (and as release binaries are)
#   default  plain `go build`: pflag (cobra's flag parser) imports net, so with cgo available the
#            binary links libc dynamically and pays for the dynamic loader at every start
#
# The hello-world binary is static either way. Prints each command's median and its ratio to
# hello world, with the target. Needs hyperfine and jq. RUNS sets the runs per command.
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
s="$out/camerr-static"

runs=${RUNS:-500}
hyperfine -N --warmup 50 --runs "$runs" --export-json "$out/result.json" \
  -n hello "$out/hello-world" \
  -n "lookup 4500" "$s lookup 4500" \
  -n "lookup ResourceUnavailable.InstanceType" "$s lookup ResourceUnavailable.InstanceType" \
  -n "lookup AuthFailure.SignatureFai1ure" "$s lookup AuthFailure.SignatureFai1ure" \
  -n "__complete lookup Inv" "$s __complete lookup Inv" \
  -n "__complete lookup --service ''" "$s __complete lookup --service ''" \
  -n "search instance type zone" "$s search instance type zone" \
  -n "lookup 4500 (default build)" "$out/camerr-default lookup 4500" >/dev/null
jq -r '
  (.results | map({(.command): .median}) | add) as $m |
  {"lookup 4500": 2, "lookup ResourceUnavailable.InstanceType": 2,
   "lookup AuthFailure.SignatureFai1ure": 2, "__complete lookup Inv": 3,
   "__complete lookup --service '"''"'": 3, "search instance type zone": 5} as $target |
  def ms: . * 1000 * 1000 | round / 1000;
  .results[] | .command as $c |
  "\($c | .[0:42] | . + " " * (42 - length)) median \(.median | ms) ms  ratio \(.median / $m.hello * 100 | round / 100)" +
  (if $target[$c] then "  (target: at most \($target[$c]))" else "" end)' "$out/result.json"
ls -l "$s" | awk '{printf "static binary: %.1f MB (target: at most 14)\n", $5 / 1000000}'
