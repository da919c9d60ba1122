#!/usr/bin/env bash
# Start-up cost of the commands a person waits for, each a whole process, measured side by side
# with a hello-world Go binary built by the same toolchain. The machine is noisy and drifts over
# seconds, and hyperfine runs one command's runs back to back, so the runs are split into ROUNDS
# hyperfine runs (default 10) of RUNS runs per command (default 30): each round's ratio to hello
# world is taken within that round, and the figure printed is the median of the rounds' ratios,
# with their range. camerr is built twice:
#
#   static   CGO_ENABLED=0, as the README's install line builds it (and as release binaries are)
#   default  plain `go build`: pflag (cobra's flag parser) imports net, so with cgo available the
#            binary links libc dynamically and pays for the dynamic loader at every start
#
# The hello-world binary is static either way. Needs hyperfine and jq.
#
# BASE=REV also builds camerr as it was at git revision REV and runs each command with it too, in
# the same rounds, so that a change's effect is measured side by side (the rows marked "@REV").
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
# Go's linker writes its output through mmap, and a binary as the linker left it starts up to 8%
# slower on this machine than the same bytes copied with cp, which is how an install or a
# download writes it; page faults are the same, so it is how the page cache holds the file. Every
# binary timed here is copied once after it is built, so none of them pays for how it was written.
settle() { cp "$1" "$1.tmp" && mv "$1.tmp" "$1"; }
(cd "$out/hello" && go build -o ../hello-world .)
CGO_ENABLED=0 go build -o "$out/camerr-static" .
go build -o "$out/camerr-default" .
for b in hello-world camerr-static camerr-default; do settle "$out/$b"; done
s="$out/camerr-static"

commands=(
  "lookup 4500"
  "lookup ResourceUnavailable.InstanceType"
  "lookup AuthFailure.SignatureFai1ure"
  "__complete lookup Inv"
  "__complete lookup --service ''"
  "search instance type zone"
)
args=(-n hello "$out/hello-world")
for c in "${commands[@]}"; do args+=(-n "$c" "$s $c"); done
args+=(-n "lookup 4500 (default build)" "$out/camerr-default lookup 4500")
if [ -n "${BASE:-}" ]; then
  rev=$(git rev-parse --short "$BASE")
  # Built outside the module, which a copy of camerr's packages would otherwise join.
  base=$(mktemp -d)
  trap 'rm -rf "$base"' EXIT
  git archive "$rev" | tar -x -C "$base"
  (cd "$base" && CGO_ENABLED=0 go build -o "$OLDPWD/$out/camerr-base" .)
  settle "$out/camerr-base"
  for c in "${commands[@]}"; do args+=(-n "$c @$rev" "$out/camerr-base $c"); done
fi

rounds=${ROUNDS:-10}
runs=${RUNS:-30}
rm -f "$out"/round-*.json
for r in $(seq "$rounds"); do
  hyperfine -N --warmup 5 --runs "$runs" --export-json "$out/round-$r.json" "${args[@]}" >/dev/null 2>&1
done
jq -rs '
  {"lookup 4500": 2, "lookup ResourceUnavailable.InstanceType": 2,
   "lookup AuthFailure.SignatureFai1ure": 2, "__complete lookup Inv": 3,
   "__complete lookup --service '"''"'": 3, "search instance type zone": 5} as $target |
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def r2: . * 100 | round / 100;
  (map(.results | map({(.command): .median}) | add)) as $rounds |
  ($rounds[0] | keys_unsorted)[] as $c |
  ($rounds | map(.[$c] / .hello)) as $ratios |
  "\($c | .[0:50] | . + " " * (50 - length)) median \($rounds | map(.[$c]) | median * 1e6 | round / 1e3) ms  ratio \($ratios | median | r2) (\($ratios | min | r2)-\($ratios | max | r2))" +
  (if $target[$c] then "  target: at most \($target[$c])" else "" end)' "$out"/round-*.json
ls -l "$s" | awk '{printf "static binary: %.1f MB (target: at most 14)\n", $5 / 1000000}'
