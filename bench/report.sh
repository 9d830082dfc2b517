#!/usr/bin/env bash
# bench/report.sh [EVENTS] — `report value` over a store of EVENTS (default
# 1,000,000) synthetic mail events written through the real ingest path
# (parley demo --events: keys, threading, aggregates), timed with hyperfine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
n=${1:-1000000}
bash "$root/scripts/deps.sh" bench
[ -d "$root/build-bench" ] || meson setup "$root/build-bench" --buildtype=release >/dev/null
ninja -C "$root/build-bench" >/dev/null
p=$root/build-bench/src/cli/parley
out=$(mktemp -d /tmp/parley-bench.XXXXXX); trap 'rm -rf "$out"' EXIT
export PARLEY_DB=$out/parley.db PARLEY_CONFIG=$out/parley.conf
$p init --me jane@acme.example --internal-domain acme.example >/dev/null
/usr/bin/time -f "fill: %e s, peak RSS %M KiB" $p demo --events "$n"
for d in northwind contoso initech globex umbrella hooli vandelay wonka; do $p label $d.example customer >/dev/null; done
$p label piedpiper.example prospect >/dev/null; $p label parts.example vendor >/dev/null
$p stats | head -1
hyperfine --warmup 2 --runs 10 --export-markdown "$out/report.md" \
  -n "report value --last 100" "$p report value --last 100" \
  -n "report value --since 2025-01-01 --by month" "$p report value --since 2025-01-01 --by month" \
  -n "report value --team --last 1000000 --by week" "$p report value --team --last 1000000 --by week" \
  -n "report value --json (last 100)" "$p report value --json"
cat "$out/report.md"
