#!/usr/bin/env bash
# bench/cdr.sh [ROWS] — call-record import speed: generates a deterministic
# Asterisk Master.csv of ROWS rows (default 2,000,000; bench/cdr_gen.py:
# 21 columns, ring-group legs sharing a linkedid, voicemail, outbound,
# internal), imports it into an empty store with `parley ingest --cdr
# asterisk` under /usr/bin/time -v, and prints rows/s, calls/s, seconds and
# peak RSS against the targets (>= 500,000 rows/s, <= 64 MiB). A second,
# parse-only figure (the file re-read with --force into the same store:
# every call already known) shows the reader's own cost.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rows=${1:-2000000}
bash "$root/scripts/deps.sh" bench
[ -d "$root/build-bench" ] || meson setup "$root/build-bench" --buildtype=release >/dev/null
ninja -C "$root/build-bench" >/dev/null
parley=$root/build-bench/src/cli/parley
out=$(mktemp -d /tmp/parley-cdr-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
python3 "$here/cdr_gen.py" "$rows" "$out/Master.csv"
echo "input: $(wc -l <"$out/Master.csv") rows, $(du -m "$out/Master.csv" | cut -f1) MB"
export PARLEY_DB=$out/parley.db PARLEY_CONFIG=$out/parley.conf
printf '[phone]\ndefault-country = US\n[calls]\ninternal-numbers = 5550100\n' >"$PARLEY_CONFIG"

run() { # run LABEL ARGS... : prints the figures of one import
    /usr/bin/time -v "$parley" ingest --cdr asterisk --json "$@" "$out/Master.csv" \
        >"$out/r.json" 2>"$out/time.txt"
    python3 - "$1" "$out/r.json" "$out/time.txt" <<'PY'
import json, re, sys
label, r, t = sys.argv[1], json.load(open(sys.argv[2])), open(sys.argv[3]).read()
rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', t).group(1)) / 1024
wall = re.search(r'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)', t).group(1)
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(':'))))
rows = r['messages']
print('%-22s %9d rows %8d calls new %8d known  %6.1f s  %9.0f rows/s  peak RSS %5.1f MiB'
      % (label, rows, r['added'], r['duplicates'], secs, rows / secs, rss))
print('%-22s target >= 500000 rows/s: %s; <= 64 MiB: %s'
      % ('', 'met' if rows / secs >= 500000 else 'MISSED', 'met' if rss <= 64 else 'MISSED'))
PY
}
run "import (empty store)"
run "re-import (--force)" --force
