#!/usr/bin/env bash
# camerr explain on a deterministic ~100 MB log (JSON Lines mixing API 2.0 and 3.0 errors and
# successes with plain log lines), side by side with the jq pipeline a person would write:
#
#   jq -R -r 'fromjson? | (.codeDesc // .Response.Error.Code // empty)' | sort | uniq -c
#
# It checks that both count every error code the same, then times both with hyperfine and
# measures camerr's peak memory. Targets: --summary at least 20 times faster than jq, -o json at
# least 5 times, peak memory at most 64 MiB for both. Needs jq and hyperfine (Debian packages).
#
#   bench/explain.sh              # 100 MB
#   SIZE=20000000 bench/explain.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/explain
mkdir -p "$out"
size=${SIZE:-100000000}
log="$out/explain-$size.log"
go build -o "$out/camerr" .
[ -s "$log" ] || go run ./bench/explain/gen.go -size "$size" > "$log"
echo "log: $log, $(wc -c < "$log") bytes, $(wc -l < "$log") lines"

jqcmd="jq -R -r 'fromjson? | (.codeDesc // .Response.Error.Code // empty)' '$log' | sort | uniq -c"

# Same counts: jq also counts the codeDesc of API 2.0 success bodies ("Success"); camerr counts
# errors only, so the success line is left out of the comparison.
bash -c "$jqcmd" | awk '$2 != "Success" {print $2 "\t" $1}' | sort > "$out/jq.counts"
# camerr counts per API; jq cannot tell an API 2.0 codeDesc from an API 3.0 code of the same
# name, so the comparison adds them up.
"$out/camerr" explain --summary "$log" | awk -F'\t' '{n[$3] += $1} END {for (c in n) print c "\t" n[c]}' | sort > "$out/camerr.counts"
if diff -u "$out/jq.counts" "$out/camerr.counts" > "$out/counts.diff"; then
  echo "counts: identical for all $(wc -l < "$out/jq.counts") error codes"
else
  echo "counts differ (see $out/counts.diff):"; head -20 "$out/counts.diff"; exit 1
fi

hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$out/result.json" \
  -n "camerr explain --summary" "$out/camerr explain --summary $log > /dev/null" \
  -n "camerr explain -o json" "$out/camerr explain -o json $log > /dev/null" \
  -n "jq | sort | uniq -c" "$jqcmd > /dev/null" >/dev/null

peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
summary_kib=$(peak "$out/camerr" explain --summary "$log")
json_kib=$(peak "$out/camerr" explain -o json "$log")

jq -r --arg s "$summary_kib" --arg j "$json_kib" '
  (.results | map({(.command): .median}) | add) as $m |
  ($m["jq | sort | uniq -c"]) as $jq |
  "jq | sort | uniq -c        median \($jq * 1000 | round) ms",
  "camerr explain --summary   median \($m["camerr explain --summary"] * 1000 | round) ms  (\($jq / $m["camerr explain --summary"] * 10 | round / 10)x faster; target 20x)  peak \($s | tonumber / 1024 | round) MiB",
  "camerr explain -o json     median \($m["camerr explain -o json"] * 1000 | round) ms  (\($jq / $m["camerr explain -o json"] * 10 | round / 10)x faster; target 5x)  peak \($j | tonumber / 1024 | round) MiB (target 64 MiB)"' "$out/result.json"

# A log of distinct CamelCase words (every word a new question: is this a code?) should cost per
# MB what the responses do: both read with --summary, side by side.
words="$out/words-$size.log"
[ -s "$words" ] || go run ./bench/explain/gen.go -words -size "$size" > "$words"
hyperfine --warmup 1 --runs "${RUNS:-5}" -i --export-json "$out/words.json" \
  -n responses "$out/camerr explain --summary $log > /dev/null" \
  -n words "$out/camerr explain --summary $words > /dev/null" >/dev/null
jq -r --arg size "$size" '.results[] | .median as $t | "\(.command | . + " " * (26 - length))median \($t * 1000 | round) ms  \($size | tonumber / $t / 1e6 | round) MB/s"' "$out/words.json"

