#!/usr/bin/env bash
# bench/cdr.sh [ROWS] — call-record import speed: generates a deterministic
# Asterisk Master.csv of ROWS rows (default 2,000,000; bench/cdr_gen.py:
# 21 columns, ring-group legs sharing a linkedid, voicemail, outbound,
# internal) and imports it with `parley ingest --cdr asterisk` under
# /usr/bin/time -v, printing rows/s, calls/s, seconds and peak RSS against
# the targets (>= 500,000 rows/s, <= 64 MiB):
#   1. into an empty store;
#   2. the same file re-read with --force (every call already known);
#   3. into a store that already holds mail (a `parley demo` Maildir) and
#      contacts (vCards for 2,000 of the callers, classified).
# With BASE=<commit> (default: the last commit before the bulk call path)
# that commit is built in build-bench-base/ and runs 1 and 2 as well, side by
# side in the same run, and the ratios are printed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rows=${1:-2000000}
base=${BASE-7e93565}
source "$here/lib.sh"
bench_build
old=
if [ -n "$base" ]; then bench_base "$root/build-bench-base" "$base"; fi
out=$(mktemp -d /tmp/parley-cdr-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
python3 "$here/cdr_gen.py" "$rows" "$out/Master.csv"
echo "input: $(wc -l <"$out/Master.csv") rows, $(du -m "$out/Master.csv" | cut -f1) MB"
export PARLEY_CONFIG=$out/parley.conf
conf() { printf '[phone]\ndefault-country = US\n[calls]\ninternal-numbers = 5550100\n' >"$PARLEY_CONFIG"; }

run() { # run LABEL BINARY ARGS... : prints the figures of one import, rows/s in $out/rate
    local label=$1 bin=$2
    shift 2
    /usr/bin/time -v "$bin" ingest --cdr asterisk --json "$@" "$out/Master.csv" \
        >"$out/r.json" 2>"$out/time.txt"
    python3 - "$label" "$out/r.json" "$out/time.txt" "$out/rate" <<'PY'
import json, re, sys
label, r, t = sys.argv[1], json.load(open(sys.argv[2])), open(sys.argv[3]).read()
rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', t).group(1)) / 1024
wall = re.search(r'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)', t).group(1)
cpu = float(re.search(r'User time \(seconds\): ([\d.]+)', t).group(1)) + \
    float(re.search(r'System time \(seconds\): ([\d.]+)', t).group(1))
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(':'))))
rows = r['messages']
open(sys.argv[4], 'w').write('%f' % (rows / secs))
print('%-34s %9d rows %8d calls new %8d known  %6.1f s (cpu %6.1f s)  %9.0f rows/s  peak RSS %5.1f MiB'
      % (label, rows, r['added'], r['duplicates'], secs, cpu, rows / secs, rss))
print('%-34s target >= 500000 rows/s: %s; <= 64 MiB: %s'
      % ('', 'met' if rows / secs >= 500000 else 'MISSED', 'met' if rss <= 64 else 'MISSED'))
PY
}
ratio() { python3 -c 'import sys; print("%-34s %.1fx the base commit" % (sys.argv[1], float(sys.argv[2]) / float(sys.argv[3])))' "$@"; }

export PARLEY_DB=$out/new.db
conf
run "import (empty store)" "$parley"
new_import=$(cat "$out/rate")
run "re-import (--force)" "$parley" --force
new_reread=$(cat "$out/rate")
rm -f "$out"/new.db*
if [ -n "$old" ]; then
    export PARLEY_DB=$out/old.db
    run "base $base: import (empty store)" "$old"
    old_import=$(cat "$out/rate")
    run "base $base: re-import (--force)" "$old" --force
    old_reread=$(cat "$out/rate")
    rm -f "$out"/old.db*
    ratio "import (empty store)" "$new_import" "$old_import"
    ratio "re-import (--force)" "$new_reread" "$old_reread"
fi

# A store with mail and contacts: the demo company's Maildir, and vCards
# for 2,000 callers (customer, vendor, prospect, internal, none).
export PARLEY_DB=$out/mixed.db
rm -f "$PARLEY_CONFIG"
"$parley" init --me jane@acme.example --internal-domain acme.example >/dev/null
printf '[phone]\ndefault-country = US\n[calls]\ninternal-numbers = 5550100\n' >>"$PARLEY_CONFIG"
"$parley" demo "$out/demo" --conversations 2000 >/dev/null
"$parley" ingest --quiet "$out/demo/Maildir" >/dev/null
python3 - "$out/Master.csv" "$out/c.vcf" <<'PY'
import csv, itertools, sys
nums = []
for r in itertools.islice(csv.reader(open(sys.argv[1])), 200000):
    if len(r[1]) == 11 and r[1] not in nums:
        nums.append(r[1])
    if len(nums) == 2000:
        break
cats = ['customer', 'vendor', 'prospect', 'internal', '']
with open(sys.argv[2], 'w') as f:
    for i, n in enumerate(nums):
        c = cats[i % 5]
        f.write('BEGIN:VCARD\nVERSION:3.0\nFN:Caller %d\nORG:Firm %d\nTEL:+%s\n%sEND:VCARD\n'
                % (i, i % 300, n, 'CATEGORIES:%s\n' % c if c else ''))
PY
"$parley" contacts import "$out/c.vcf" >/dev/null
echo "store before: $("$parley" stats --json | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["events"], "events,", j["people"], "people")')"
run "import (store with mail, contacts)" "$parley"
