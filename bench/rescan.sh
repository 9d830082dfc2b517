#!/usr/bin/env bash
# bench/rescan.sh [CONVERSATIONS] — re-scan of an unchanged Maildir: the demo
# generator writes ~3 messages per conversation (default 17,000 conversations
# ≈ 50,000 messages), parley ingests it once, then hyperfine times ingests
# that find every file unchanged (a stat and one indexed lookup per file,
# no parsing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
c=${1:-17000}
bash "$root/scripts/deps.sh" bench
[ -d "$root/build-bench" ] || meson setup "$root/build-bench" --buildtype=release >/dev/null
ninja -C "$root/build-bench" >/dev/null
p=$root/build-bench/src/cli/parley
out=$(mktemp -d /tmp/parley-bench.XXXXXX); trap 'rm -rf "$out"' EXIT
export PARLEY_DB=$out/parley.db PARLEY_CONFIG=$out/parley.conf
$p demo "$out/demo" --conversations "$c" | head -1
$p init --me jane@acme.example --internal-domain acme.example >/dev/null
/usr/bin/time -f "first ingest: %e s, peak RSS %M KiB" $p ingest --quiet "$out/demo/Maildir" | head -1
hyperfine --warmup 1 --runs 10 -n "re-scan (unchanged)" "$p ingest --quiet $out/demo/Maildir"
