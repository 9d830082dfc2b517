#!/usr/bin/env bash
# bench/calllist.sh [CONTACTS] [CALLS] [MAIL_EVENTS] — how fast `parley
# calllist` answers over a big store (target: 100,000 contacts in <= 200 ms).
# Builds the store once: a generated vCard of CONTACTS people (default
# 100,000; half customers, each with a number and an address) imported with
# `parley contacts import`, a generated CSV of CALLS calls (default 200,000)
# over the 180 days before today to and from them, some answered, imported
# with `parley ingest --cdr csv`, and MAIL_EVENTS synthetic mail events
# (default 200,000) from `parley demo --events`. Then times `parley
# calllist` (and --json) with hyperfine.
#
# BASE=COMMIT also builds that commit (in a scratch directory, release) and
# times its calllist on a copy of the same store in the same hyperfine run,
# after checking that both print the same (text and JSON, --top 50 and
# every customer, at one instant frozen with faketime). KEEP=1 keeps the
# scratch directory.
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
if [ -n "${BASE:-}" ]; then
    mkdir "$out/base"
    git -C "$root" archive "$BASE" | tar -x -C "$out/base"
    meson setup "$out/base/build" "$out/base" --buildtype=release >/dev/null
    ninja -C "$out/base/build" src/cli/parley >/dev/null
    base=$out/base/build/src/cli/parley
fi
export PARLEY_DB=$out/parley.db PARLEY_CONFIG=$out/parley.conf
printf '[identity]\nme = jane@acme.example\ninternal-domains = acme.example\n[phone]\ndefault-country = US\n[calls]\ninternal-numbers = 1000-1999\n' >"$PARLEY_CONFIG"
python3 - "$contacts" "$calls" "$out" <<'PY'
import random, sys, time
n, calls, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rnd = random.Random(7)
start = (int(time.time()) // 86400 - 181) * 86400
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
        # over the 180 days before today, so the 90-day volume window holds half
        t = time.gmtime(start + k * 180 * 86400 // calls + (8 + k % 10) * 3600 + k % 60 * 60)
        a, b = (ext, num) if rnd.random() < 0.6 else (num, ext)
        f.write('%s,%s,%s,%d\n' % (time.strftime('%Y-%m-%d %H:%M:%S', t), a, b,
                                   rnd.choice([0, 0, 30, 200])))
PY
t0=$(date +%s.%N)
"$parley" contacts import "$out/contacts.vcf" >/dev/null
"$parley" ingest --cdr csv --map start=Date,from=Caller,to=Callee,seconds=Talk "$out/calls.csv" >/dev/null
"$parley" demo --events "$mail" >/dev/null
"$parley" calllist >/dev/null # brings conversation aggregates up to date before timing
echo "store built in $(python3 -c "import time; print(round(time.time() - $t0, 1))") s:" \
    "$contacts contacts, $calls calls, $mail mail events, $(du -m "$PARLEY_DB" | cut -f1) MB"
cmds=("$parley calllist --top 50" "$parley calllist --top 50 --json")
if [ -n "${BASE:-}" ]; then
    # The base reads a copy: it knows nothing of the summaries and must not
    # be the one to touch the store the new code reads.
    cp "$PARLEY_DB" "$out/base.db"
    [ ! -e "$PARLEY_DB-text" ] || cp "$PARLEY_DB-text" "$out/base.db-text"
    at="$(date -u '+%Y-%m-%d %H:%M:%S')"
    same=yes
    for args in "--top 50" "--top 50 --json" "--top $contacts --json" "--top $contacts --days 0"; do
        # shellcheck disable=SC2086
        faketime -f "$at" "$parley" calllist $args >"$out/new.out"
        # shellcheck disable=SC2086
        PARLEY_DB=$out/base.db faketime -f "$at" "$base" calllist $args >"$out/base.out"
        cmp -s "$out/new.out" "$out/base.out" || { same=no; echo "DIFFERENT: calllist $args"; }
    done
    echo "same output as $BASE (text and JSON, --top 50 and every customer): $same"
    cmds+=("env PARLEY_DB=$out/base.db $base calllist --top 50")
fi
hyperfine -N --warmup 2 --runs 10 --export-json "$out/h.json" "${cmds[@]}" >/dev/null
python3 - "$out/h.json" "$contacts" <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))['results']
for r in rs:
    name = r['command'].split('/')[-1]
    if r['command'].startswith('env '):
        name = 'BASE ' + name
    print('%-48s mean %6.1f ms ± %4.1f (min %.1f, max %.1f; user %.1f, sys %.1f)  target <= 200 ms'
          ' over %s contacts' % (name, r['mean'] * 1000, r['stddev'] * 1000, r['min'] * 1000,
                                 r['max'] * 1000, r['user'] * 1000, r['system'] * 1000, sys.argv[2]))
if len(rs) == 3:
    print('BASE / new (--top 50): %.1fx' % (rs[2]['mean'] / rs[0]['mean']))
PY
