#!/usr/bin/env bash
# bench/brief.sh [EVENTS] [CUSTOMER] [OTHERS] — how fast `parley brief`
# answers for a customer with CUSTOMER events (default 10,000; target
# <= 20 ms) in a store of EVENTS synthetic mail events (default 1,000,000,
# `parley demo --events`: metadata only) plus OTHERS messages with text
# between us and 500 other counterparts (default 50,000), the customer's
# and the others' written by bench/brief_gen.py as one mbox and read
# through the real mail ingest (own words, quotes, signatures). Release
# build in build-bench; hyperfine for wall time, callgrind for the
# instruction count of one brief (stable when the machine is shared).
# KEEP=1 keeps the store in the printed directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
n=${1:-1000000} customer=${2:-10000} others=${3:-50000}
bash "$root/scripts/deps.sh" bench
[ -d "$root/build-bench" ] || meson setup "$root/build-bench" --buildtype=release >/dev/null
ninja -C "$root/build-bench" >/dev/null
p=$root/build-bench/src/cli/parley
out=$(mktemp -d /tmp/parley-brief-bench.XXXXXX)
if [ -n "${KEEP:-}" ]; then echo "store kept in $out"; else trap 'rm -rf "$out"' EXIT; fi
export PARLEY_DB=$out/parley.db PARLEY_CONFIG=$out/parley.conf
"$p" init --me jane@acme.example --internal-domain acme.example >/dev/null
/usr/bin/time -f "demo --events $n: %e s, peak RSS %M KiB" "$p" demo --events "$n" >/dev/null
/usr/bin/python3 "$here/brief_gen.py" "$customer" "$others" "$out/mail.mbox"
/usr/bin/time -f "ingest of $((customer + others)) messages with text: %e s, peak RSS %M KiB" \
    "$p" ingest --quiet "$out/mail.mbox"
"$p" label bigcustomer.example customer >/dev/null
"$p" log call ada@bigcustomer.example --at 2026-10-01 --minutes 20 --note "Call about the FPGA image" \
    --follow-up "send the calibration report" --due 2026-12-01 >/dev/null
/usr/bin/time -f "first brief: brings the keyword index up to date (every event once): %e s, peak RSS %M KiB" \
    "$p" brief ada@bigcustomer.example --json >"$out/brief.json"
/usr/bin/python3 - "$out/brief.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
print("brief of %s: %d events in %d conversations, %d stems, %d topics; store: %d events with keywords"
      % (j["label"], j["events"], j["conversations"], j["vocabulary"], len(j["topics"]), j["documents"]))
PY
"$p" stats | head -1
# ROUNDS (default 3) hyperfine rounds of 10 runs each, the commands taking
# turns round by round: this machine's speed moves from one minute to the
# next, so a noisy minute falls on one round of every command rather than
# on all runs of one. The figure to quote is the median of all runs.
rounds=${ROUNDS:-3}
for round in $(seq "$rounds"); do
    hyperfine -N --warmup 3 --runs 10 --export-json "$out/h$round.json" \
        -n "brief ada@bigcustomer.example" "$p brief ada@bigcustomer.example" \
        -n "brief ada@bigcustomer.example --json" "$p brief ada@bigcustomer.example --json" \
        -n "brief bigcustomer.example (the domain)" "$p brief bigcustomer.example" \
        -n "process start (parley --help)" "$p --help" >/dev/null
done
/usr/bin/python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
runs, medians, cpu = {}, {}, {}
for k in range(1, rounds + 1):
    for r in json.load(open("%s/h%d.json" % (out, k)))["results"]:
        runs.setdefault(r["command"], []).extend(r["times"])
        medians.setdefault(r["command"], []).append(r["median"])
        cpu.setdefault(r["command"], []).append((r["user"], r["system"]))
for c, t in runs.items():
    user = statistics.mean(u for u, _ in cpu[c]) * 1000
    sys_ = statistics.mean(s for _, s in cpu[c]) * 1000
    print("%-40s median %6.1f ms of %d runs (rounds: %s; min %.1f, mean %.1f)  CPU %.1f ms (user %.1f + sys %.1f)"
          % (c, statistics.median(t) * 1000, len(t), ", ".join("%.1f" % (m * 1000) for m in medians[c]),
             min(t) * 1000, statistics.mean(t) * 1000, user + sys_, user, sys_))
PY
for args in "--help" "brief ada@bigcustomer.example"; do
    valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" "$p" $args >/dev/null 2>"$out/cg.err" || true
    echo "instructions, parley $args: $(sed -n 's/.*Collected : //p' "$out/cg.err")"
done
