#!/usr/bin/env bash
# camerr check of a directory of 1,000 generated policy files, side by side with running
# camerr check once per file, as a shell loop or a CI step over a repository would. The files
# are deterministic: every tenth has an error, every seventh an action typo (a warning), and
# each names a handful of real actions, wildcards and resources. Both ways must report the same
# number of errors and warnings. Target: the directory at least 5 times faster than the loop.
# Needs hyperfine and jq (Debian packages). FILES sets the number of files, RUNS the runs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/check
files=${FILES:-1000}
dir="$out/policies-$files"
mkdir -p "$out"
CGO_ENABLED=0 go build -o "$out/camerr" .

if [ ! -d "$dir" ]; then
  mkdir -p "$dir.tmp"
  awk -v n="$files" -v dir="$dir.tmp" 'BEGIN {
    split("cvm:DescribeInstances cvm:RunInstances cos:GetObject cos:PutObject vpc:DescribeVpcs cam:ListPolicies cbs:DescribeDisks clb:DescribeLoadBalancers tke:DescribeClusters scf:Invoke", acts, " ")
    split("cvm:Describe* name/cos:*Object* vpc:*Vpc* cdb:Describe* monitor:GetMonitorData", wild, " ")
    split("cvm:DescribeInstance cos:GetObjects vpc:DescribeVpc", typo, " ")
    for (i = 0; i < n; i++) {
      file = sprintf("%s/policy-%04d.json", dir, i)
      effect = (i % 10 == 3) ? "Allow" : "allow"
      a1 = acts[i % 10 + 1]; a2 = acts[(i * 7) % 10 + 1]; w = wild[i % 5 + 1]
      a3 = (i % 7 == 5) ? typo[i % 3 + 1] : acts[(i * 3) % 10 + 1]
      printf "{\n  \"version\": \"2.0\",\n  \"statement\": [\n", "" > file
      printf "    {\n      \"effect\": \"%s\",\n      \"action\": [\"%s\", \"%s\", \"%s\"],\n", effect, a1, a2, a3 > file
      printf "      \"resource\": [\"qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-%08d\", \"qcs::cos:ap-guangzhou:uid/1250000000:bucket-1250000000/team-%d/*\"]\n    },\n", i, i % 17 > file
      printf "    {\n      \"effect\": \"deny\",\n      \"action\": [\"%s\"],\n      \"resource\": [\"*\"],\n", w > file
      printf "      \"condition\": {\"ip_not_equal\": {\"qcs:ip\": [\"10.%d.0.0/16\"]}}\n    }\n  ]\n}\n", i % 256 > file
      close(file)
    }
  }'
  mv "$dir.tmp" "$dir"
fi
echo "policies: $dir, $(ls "$dir" | wc -l) files, $(cat "$dir"/*.json | wc -c) bytes"

# Same findings both ways: count the error and warning lines.
count() { grep -cE ': (error|warning): ' || true; }
dir_counts=$({ "$out/camerr" check "$dir" || true; } | count)
loop_counts=$(for f in "$dir"/*.json; do "$out/camerr" check "$f" || true; done | count)
if [ "$dir_counts" != "$loop_counts" ]; then
  echo "findings differ: directory $dir_counts, one process per file $loop_counts"; exit 1
fi
echo "findings: $dir_counts errors and warnings both ways"

hyperfine -i --warmup 1 --runs "${RUNS:-10}" --export-json "$out/result.json" \
  -n "camerr check DIR" "$out/camerr check $dir > /dev/null" \
  -n "camerr check FILE, once per file" "for f in $dir/*.json; do $out/camerr check \"\$f\" > /dev/null; done" >/dev/null

jq -r '
  (.results | map({(.command): .median}) | add) as $m |
  ($m["camerr check FILE, once per file"]) as $loop |
  "camerr check FILE, once per file  median \($loop * 1000 | round) ms",
  "camerr check DIR                  median \($m["camerr check DIR"] * 1000 | round) ms  (\($loop / $m["camerr check DIR"] * 10 | round / 10)x faster; target 5x)"' "$out/result.json"
