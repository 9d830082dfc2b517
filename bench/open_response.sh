#!/usr/bin/env bash
# bench/open_response.sh [EVENTS] [ITEMS] — `parley open` and `parley report
# response` over a store of EVENTS (default 1,000,000) synthetic mail events
# and ITEMS (default 30,000) follow-ups on logged calls, timed with
# hyperfine (target: <= 500 ms each, issue 4).
#
# The store: `parley demo --events N` (threads between jane@acme.example and
# colleagues or outsiders, through the real ingest path), the outsiders'
# domains labelled customer / prospect / vendor as bench/report.sh does, so
# about a third of the events are customers' messages and our answers to
# them; then `parley demo --items M`: logged calls with one to three
# follow-ups each (most due on a day, some at a time, some undated, a
# quarter done or dismissed), written the way `parley log` writes them.
# Release build in build-bench, like the other bench scripts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
n=${1:-1000000} items=${2:-30000}
bash "$root/scripts/deps.sh" bench
[ -d "$root/build-bench" ] || meson setup "$root/build-bench" --buildtype=release >/dev/null
ninja -C "$root/build-bench" >/dev/null
p=$root/build-bench/src/cli/parley
out=$(mktemp -d /tmp/parley-bench.XXXXXX); trap 'rm -rf "$out"' EXIT
export PARLEY_DB=$out/parley.db PARLEY_CONFIG=$out/parley.conf
$p init --me jane@acme.example --internal-domain acme.example >/dev/null
/usr/bin/time -f "fill: %e s, peak RSS %M KiB" $p demo --events "$n" --items "$items"
for d in northwind contoso initech globex umbrella hooli vandelay wonka; do $p label $d.example customer >/dev/null; done
$p label piedpiper.example prospect >/dev/null; $p label parts.example vendor >/dev/null
$p stats | head -1
# The labels marked conversations for a refresh: do it once, outside the timings.
now=2026-11-28 # the demo ends 2026-11-20; a fixed "now" keeps the output the same
$p report response --now $now --json >"$out/all.json"
$p open --json >"$out/open.json"
python3 - "$out/all.json" "$out/open.json" <<'PY'
import json, sys
r, o = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print("report response over everything: %d customer messages in %d runs, %d answered, %d unanswered"
      % (r["messages"], r["turns"], r["answered"], len(r["unanswered"])))
print("parley open: %d open items, %d overdue" % (len(o), sum(i["overdue"] for i in o)))
PY
hyperfine --warmup 2 --runs 10 --export-markdown "$out/open_response.md" \
  -n "open" "$p open" \
  -n "open --json" "$p open --json" \
  -n "report response --since 2026-08-20 (a quarter)" "$p report response --since 2026-08-20 --now $now" \
  -n "report response --since 2025-11-20 (a year)" "$p report response --since 2025-11-20 --now $now" \
  -n "report response --json --since 2025-11-20" "$p report response --json --since 2025-11-20 --now $now" \
  -n "report response (everything: $n events over two years)" "$p report response --now $now"
cat "$out/open_response.md"
