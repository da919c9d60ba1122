#!/usr/bin/env bash
# camerr explain on a deterministic ~100 MB log (JSON Lines mixing API 2.0 and 3.0 errors and
# successes with plain log lines), side by side with the jq pipeline a person would write:
#
#   jq -R -r 'fromjson? | (.codeDesc // .Response.Error.Code // empty)' | sort | uniq -c
#
# It checks that both count every error code the same, then times both with hyperfine, in rounds
# (below), and measures camerr's peak memory. Targets: --summary at least 20 times faster than jq, -o json at
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
# Static, as the README's install line builds it, and copied once, as bench/startup.sh does (a
# binary as the linker writes it starts slower on this VM).
CGO_ENABLED=0 go build -o "$out/camerr" . && cp "$out/camerr" "$out/camerr.tmp" && mv "$out/camerr.tmp" "$out/camerr"
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

# The machine is noisy and drifts over seconds (jq alone has taken 2.2 s and 3.2 s within the
# hour), and hyperfine runs one command's runs back to back, so the runs are split into ROUNDS
# hyperfine runs (default 5) of RUNS runs per command (default 3): each round's ratio to jq is
# taken within that round, and the figure printed is the median of the rounds' ratios, with
# their range.
rounds=${ROUNDS:-5}
runs=${RUNS:-3}
rm -f "$out"/round-*.json "$out"/words-*.json
for r in $(seq "$rounds"); do
  hyperfine --warmup 1 --runs "$runs" --export-json "$out/round-$r.json" \
    -n "camerr explain --summary" "$out/camerr explain --summary $log > /dev/null" \
    -n "camerr explain -o json" "$out/camerr explain -o json $log > /dev/null" \
    -n "jq | sort | uniq -c" "$jqcmd > /dev/null" >/dev/null
done

peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
summary_kib=$(peak "$out/camerr" explain --summary "$log")
json_kib=$(peak "$out/camerr" explain -o json "$log")

jq -rs --arg s "$summary_kib" --arg j "$json_kib" '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def r1: . * 10 | round / 10;
  (map(.results | map({(.command): .median}) | add)) as $rounds |
  def ms($c): $rounds | map(.[$c]) | median * 1000 | round;
  def vs($c): ($rounds | map(.["jq | sort | uniq -c"] / .[$c])) as $x | "\($x | median | r1)x faster (\($x | min | r1)-\($x | max | r1))";
  "jq | sort | uniq -c        median \(ms("jq | sort | uniq -c")) ms",
  "camerr explain --summary   median \(ms("camerr explain --summary")) ms  \(vs("camerr explain --summary")); target 20x  peak \($s | tonumber / 1024 | round) MiB",
  "camerr explain -o json     median \(ms("camerr explain -o json")) ms  \(vs("camerr explain -o json")); target 5x  peak \($j | tonumber / 1024 | round) MiB (target 64 MiB)"' "$out"/round-*.json

# A log of distinct CamelCase words (every word a new question: is this a code?) should cost per
# MB what the responses do: both read with --summary, side by side, in rounds as above.
words="$out/words-$size.log"
[ -s "$words" ] || go run ./bench/explain/gen.go -words -size "$size" > "$words"
for r in $(seq "$rounds"); do
  hyperfine --warmup 1 --runs "$((2 * runs))" -i --export-json "$out/words-$r.json" \
    -n responses "$out/camerr explain --summary $log > /dev/null" \
    -n words "$out/camerr explain --summary $words > /dev/null" >/dev/null 2>&1
done
jq -rs --arg size "$size" '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def r2: . * 100 | round / 100;
  (map(.results | map({(.command): .median}) | add)) as $rounds |
  ($rounds | map(.responses / .words)) as $x |
  ("responses", "words") as $c |
  "\($c | . + " " * (26 - length))median \($size | tonumber / ($rounds | map(.[$c]) | median) / 1e6 | round) MB/s",
  if $c == "words" then "words MB/s / responses MB/s: \($x | median | r2) (\($x | min | r2)-\($x | max | r2)); target 1" else empty end' "$out"/words-*.json
