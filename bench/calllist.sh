#!/usr/bin/env bash
# bench/calllist.sh [CONTACTS] [CALLS] [MAIL_EVENTS] — how fast `parley
# calllist` answers over a big store (target: 100,000 contacts in <= 200 ms).
# Builds the store once: a generated vCard of CONTACTS people (default
# 100,000; half customers, each with a number and an address) imported with
# `parley contacts import`, a generated CSV of CALLS calls (default 200,000)
# to and from them, some answered, imported with `parley ingest --cdr csv`,
# and MAIL_EVENTS synthetic mail events (default 200,000) from `parley demo
# --events`. Then times `parley calllist` (and --json) with hyperfine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
contacts=${1:-100000} calls=${2:-200000} mail=${3:-200000}
build=$root/build-calls-bench
[ -d "$build" ] || meson setup "$build" --buildtype=release >/dev/null
ninja -C "$build" >/dev/null
parley=$build/src/cli/parley
out=$(mktemp -d /tmp/parley-calllist-bench.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
export PARLEY_DB=$out/parley.db PARLEY_CONFIG=$out/parley.conf
printf '[identity]\nme = jane@acme.example\ninternal-domains = acme.example\n[phone]\ndefault-country = US\n[calls]\ninternal-numbers = 1000-1999\n' >"$PARLEY_CONFIG"
python3 - "$contacts" "$calls" "$out" <<'PY'
import random, sys
n, calls, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rnd = random.Random(7)
with open(out + '/contacts.vcf', 'w') as f:
    for i in range(n):
        cat = 'customer' if i % 2 == 0 else rnd.choice(['vendor', 'partner', 'prospect'])
        f.write('BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-%d\r\nFN:Person %d\r\nORG:Company %d\r\n'
                'EMAIL:p%d@c%d.example\r\nTEL:+1 212 %03d %04d\r\nCATEGORIES:%s\r\nEND:VCARD\r\n'
                % (i, i, i // 4, i, i // 4, 200 + i // 10000, i % 10000, cat))
with open(out + '/calls.csv', 'w') as f:
    f.write('Date,Caller,Callee,Talk\n')
    for k in range(calls):
        i = rnd.randrange(n)
        num = '+1212%03d%04d' % (200 + i // 10000, i % 10000)
        ext = '10%02d' % rnd.randrange(100)
        day = 1 + k * 180 // calls
        a, b = (ext, num) if rnd.random() < 0.6 else (num, ext)
        f.write('2026-%02d-%02d %02d:%02d:00,%s,%s,%d\n' % (1 + day // 31, 1 + day % 28,
                8 + k % 10, k % 60, a, b, rnd.choice([0, 0, 30, 200])))
PY
t0=$(date +%s.%N)
"$parley" contacts import "$out/contacts.vcf" >/dev/null
"$parley" ingest --cdr csv --map start=Date,from=Caller,to=Callee,seconds=Talk "$out/calls.csv" >/dev/null
"$parley" demo --events "$mail" >/dev/null
"$parley" calllist >/dev/null # brings conversation aggregates up to date before timing
echo "store built in $(python3 -c "import time; print(round(time.time() - $t0, 1))") s:" \
    "$contacts contacts, $calls calls, $mail mail events, $(du -m "$PARLEY_DB" | cut -f1) MB"
hyperfine --warmup 2 --runs 10 --export-json "$out/h.json" \
    "$parley calllist --top 50" "$parley calllist --top 50 --json" >/dev/null
python3 - "$out/h.json" "$contacts" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))['results']:
    print('%-48s mean %6.1f ms  (min %.1f, max %.1f)  target <= 200 ms over %s contacts'
          % (r['command'].split('/')[-1], r['mean'] * 1000, r['min'] * 1000, r['max'] * 1000,
             sys.argv[2]))
PY
