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
#
# With BASE=<commit> (default 6559b74, the last commit before report
# response read precomputed runs) that commit is built in build-bench-base/,
# fills a store of its own the same way, its output is compared with this
# build's byte for byte (text and --json, several ranges), and hyperfine
# runs both side by side; BASE= skips it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
n=${1:-1000000} items=${2:-30000}
base=${BASE-6559b74}
source "$here/lib.sh"
bench_build
p=$parley
old=
if [ -n "$base" ]; then bench_base "$root/build-bench-base" "$base"; fi
out=$(mktemp -d /tmp/parley-bench.XXXXXX); trap 'rm -rf "$out"' EXIT
export PARLEY_CONFIG=$out/parley.conf
now=2026-11-28 # the demo ends 2026-11-20; a fixed "now" keeps the output the same
fill() { # fill BINARY DB: the store, labelled and refreshed
    PARLEY_DB=$2 "$1" init --me jane@acme.example --internal-domain acme.example >/dev/null
    PARLEY_DB=$2 /usr/bin/time -f "fill ($3): %e s, %U s user, peak RSS %M KiB" \
        "$1" demo --events "$n" --items "$items" >/dev/null
    for d in northwind contoso initech globex umbrella hooli vandelay wonka; do
        PARLEY_DB=$2 "$1" label $d.example customer >/dev/null
    done
    PARLEY_DB=$2 "$1" label piedpiper.example prospect >/dev/null
    PARLEY_DB=$2 "$1" label parts.example vendor >/dev/null
    # The labels marked conversations for a refresh: do it once, outside the timings.
    PARLEY_DB=$2 "$1" report response --now $now --json >"$out/all-$3.json"
}
fill "$p" "$out/new.db" new
[ -n "$old" ] && fill "$old" "$out/old.db" "base $base"
export PARLEY_DB=$out/new.db
$p stats | head -1
$p open --json >"$out/open.json"
python3 - "$out/all-new.json" "$out/open.json" <<'PY'
import json, sys
r, o = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print("report response over everything: %d customer messages in %d runs, %d answered, %d unanswered"
      % (r["messages"], r["turns"], r["answered"], len(r["unanswered"])))
print("parley open: %d open items, %d overdue" % (len(o), sum(i["overdue"] for i in o)))
PY
ranges=("" "--since 2026-08-20" "--since 2025-11-20" "--since 2025-03-01 --until 2025-09-01"
    "--until 2025-06-01" "--since 2026-10-01 --business-hours 09-17 --timezone Europe/Berlin")
if [ -n "$old" ]; then
    same=0 differ=0
    for r in "${ranges[@]}"; do
        for f in "" "--json" "--limit 0"; do
            # shellcheck disable=SC2086
            if cmp -s <(PARLEY_DB=$out/old.db "$old" report response $r $f --now $now) \
                <("$p" report response $r $f --now $now); then same=$((same + 1)); else
                differ=$((differ + 1)); echo "differs: report response $r $f"; fi
        done
    done
    cmp -s <(PARLEY_DB=$out/old.db "$old" open --json) "$out/open.json" && same=$((same + 1)) ||
        { differ=$((differ + 1)); echo "differs: open --json"; }
    echo "output against base $base: $same identical, $differ different"
fi
cmds=(
    "open" "open"
    "open --json" "open --json"
    "report response --since 2026-08-20 (a quarter)" "report response --since 2026-08-20 --now $now"
    "report response --since 2025-11-20 (a year)" "report response --since 2025-11-20 --now $now"
    "report response --json --since 2025-11-20" "report response --json --since 2025-11-20 --now $now"
    "report response (everything: $n events over two years)" "report response --now $now"
    "report response --json (everything)" "report response --json --now $now"
)
args=()
for ((i = 0; i < ${#cmds[@]}; i += 2)); do
    args+=(-n "${cmds[i]}" "PARLEY_DB=$out/new.db $p ${cmds[i + 1]}")
    [ -n "$old" ] && args+=(-n "base: ${cmds[i]}" "PARLEY_DB=$out/old.db $old ${cmds[i + 1]}")
done
hyperfine --warmup 2 --runs 10 --export-json "$out/open_response.json" \
    --export-markdown "$out/open_response.md" "${args[@]}"
cat "$out/open_response.md"
python3 - "$out/open_response.json" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
print("\n| command | mean | user CPU | base mean | base user CPU | ratio (mean) |")
print("|---|---:|---:|---:|---:|---:|")
for name, r in res.items():
    if name.startswith("base: "):
        continue
    b = res.get("base: " + name)
    row = "| `%s` | %.0f ms | %.0f ms |" % (name, r["mean"] * 1e3, r["user"] * 1e3)
    if b:
        row += " %.0f ms | %.0f ms | %.1fx |" % (b["mean"] * 1e3, b["user"] * 1e3, b["mean"] / r["mean"])
    else:
        row += " | | |"
    print(row)
PY
