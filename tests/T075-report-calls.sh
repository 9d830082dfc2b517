#!/usr/bin/env bash
# T075-report-calls.sh — `parley report calls` through the real CLI. A
# generated CDR (tests/tools/callsgen.py) where the truth of every call is
# chosen by the generator: answer rates per presentation class, line and
# agent, Wilson bounds, time to a person (median, p90, share over the
# threshold), callers who gave up, all checked against what the generator
# worked out. Then every file of the CDR corpus: the report's figures
# checked against python recomputing them from the raw call rows (its own
# Wilson, its own percentiles), and bad arguments.
source "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
out=$TEST_TMP/out err=$TEST_TMP/err
fresh() { rm -f "$PARLEY_DB" "$PARLEY_DB"-* "$PARLEY_DB".*; printf '%s\n' "$@" >"$PARLEY_CONFIG"; }
# close NAME EXPECTED-JSON-EXPR ACTUAL-JSON-EXPR: floats equal to 1e-9.
cmp_py() {
    /usr/bin/python3 - "$TEST_TMP/exp.json" "$out" <<PY
import json, sys
e = json.load(open(sys.argv[1])); j = json.load(open(sys.argv[2]))
def close(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) < 1e-9
    return a == b
$1
PY
}

# --- generated: every case known -------------------------------------------------
fresh '[phone]' 'default-country = US' '[calls]' 'internal-numbers = 1000-1999;+15555550100' \
    'ivr-contexts = ivr' 'queue-contexts = queues'
/usr/bin/python3 "$TESTS_DIR/tools/callsgen.py" "$TEST_TMP/gen.csv" "$TEST_TMP/exp.json"
"$PARLEY" ingest --cdr asterisk "$TEST_TMP/gen.csv" >/dev/null 2>"$err"
check_eq "generated CDR imports cleanly" "" "$(cat "$err")"
"$PARLEY" report calls --json --top 5 >"$out" 2>"$err"
check_eq "report calls --json exits 0" 0 $?
check_eq "outbound and inbound counts" "$(json '"%d %d" % (j["outbound"], j["inbound"])' "$TEST_TMP/exp.json")" \
    "$(json '"%d %d" % (j["outbound"]["total"]["calls"], j["inbound"]["calls"])' "$out")"
for cls in named number-only withheld; do
    r=$(cmp_py "
x, y = e['by_presentation']['$cls'], j['outbound']['by_presentation']['$cls']
print(x['calls'] == y['calls'] and x['answered'] == y['answered'] and close(x['lo'], y['wilson_lo']) and close(x['hi'], y['wilson_hi']), x, y)")
    check_eq "$cls: calls, answered by a person, 95 % Wilson bounds" True "${r%% *}"
done
r=$(cmp_py "
x, y = e['total'], j['outbound']['total']
print(x['calls'] == y['calls'] and x['answered'] == y['answered'] and close(x['lo'], y['wilson_lo']) and close(x['hi'], y['wilson_hi']))")
check_eq "all outbound: rate and Wilson bounds" True "$r"
for g in line agent; do
    r=$(cmp_py "
got = {r['key']: r for r in j['outbound']['by_$g']}
ok = set(got) == set(e['by_$g']) and all(got[k]['calls'] == v['calls'] and got[k]['answered'] == v['answered'] and close(got[k]['wilson_lo'], v['lo']) and close(got[k]['wilson_hi'], v['hi']) and got[k]['withheld'] == v['withheld'] for k, v in e['by_$g'].items())
print(ok)")
    check_eq "per $g: calls, answered, withheld, Wilson bounds" True "$r"
    r=$(cmp_py "print(sorted(r['key'] for r in j['outbound']['withheld_${g}s']) == e['withheld_${g}s'])")
    check_eq "the ${g}s calling out withheld are named" True "$r"
done
r=$(cmp_py "
i = j['inbound']
print(i['reached_person'] == e['reached_person'] and close(float(i['median_s']), float(e['median_s'])) and close(float(i['p90_s']), float(e['p90_s'])), i['median_s'], i['p90_s'], e['median_s'], e['p90_s'])")
check_eq "time to a person through IVR and queue: median and p90" True "${r%% *}"
r=$(cmp_py "i = j['inbound']; print(i['over_threshold'] == e['over_threshold'] and close(i['over_threshold_share'], e['over_threshold_share']))")
check_eq "share over the 2-minute threshold" True "$r"
r=$(cmp_py "i = j['inbound']; print(i['gave_up'], i['gave_up_after_machine'], i['not_connected'], close(i['gave_up_share'], e['gave_up'] / e['inbound']))")
check_eq "gave up (of them after IVR/queue), not connected, share" \
    "$(json '"%d %d %d True" % (j["gave_up"], j["gave_up_after_machine"], j["not_connected"])' "$TEST_TMP/exp.json")" "$r"
r=$(cmp_py "print([[g['number'], g['calls']] for g in j['inbound']['gave_up_top']] == e['gave_up_top'])")
check_eq "top numbers that gave up" True "$r"
"$PARLEY" report calls --json --threshold 5m >"$out"
r=$(/usr/bin/python3 -c 'import json,sys,csv
j = json.load(open(sys.argv[1])); e = json.load(open(sys.argv[2]))
print(j["threshold_s"], j["inbound"]["over_threshold"] <= e["over_threshold"])' "$out" "$TEST_TMP/exp.json")
check_eq "--threshold 5m" "300 True" "$r"
"$PARLEY" report calls >"$out"
check_contains "text: how answered was decided" '"answered" = a person answered' "$(cat "$out")"
check_contains "text: per-class table" "withheld" "$(grep -A5 'by caller-ID presentation' "$out")"
check_contains "text: withheld callers named" "line   lineW:" "$(cat "$out")"
check_contains "text: time to a person" "time to a person: median 2m 15s" "$(cat "$out")"
"$PARLEY" report calls --since 2030-01-01 >"$out"
check_contains "empty range says so" "no calls in this range" "$(cat "$out")"

# --- the corpus: report vs python over the raw call rows --------------------------
# recompute DB JSON: answer rates by class, Wilson, time to a person and gave-up
# counts straight from the call and event tables, with their own formulas.
recompute() {
    /usr/bin/python3 - "$PARLEY_DB" "$1" <<'PY'
import json, math, sqlite3, statistics, sys
db, rep = sys.argv[1], json.load(open(sys.argv[2]))
c = sqlite3.connect(db)
rows = c.execute("SELECT e.direction, c.presentation, c.answered_by_human, c.start_ts, c.answer_ts,"
                 " c.end_ts, c.talk_s, c.queue_wait_s, c.outcome FROM call c JOIN event e ON e.id = c.event_id").fetchall()
def wilson(s, n, z=1.959963984540054):
    if not n: return (0.0, 1.0)
    p = s / n; d = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / d; h = z / d * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, mid - h), min(1.0, mid + h))
bad = []
for cls in ('named', 'number-only', 'withheld'):
    sel = [r for r in rows if r[0] == 2 and r[1] == cls]
    n, a = len(sel), sum(r[2] for r in sel)
    lo, hi = wilson(a, n)
    g = rep['outbound']['by_presentation'][cls]
    if (g['calls'], g['answered']) != (n, a) or abs(g['wilson_lo'] - lo) > 1e-9 or abs(g['wilson_hi'] - hi) > 1e-9:
        bad.append((cls, g, n, a, lo, hi))
waits = []
for d, _, human, s, ans, end, talk, qw, _o in rows:
    if d != 1 or not human: continue
    cand = []
    if ans: cand.append(ans - s)
    if end and talk > 0: cand.append(end - talk - s)
    if qw is not None: cand.append(qw)
    if cand and max(cand) >= 0: waits.append(max(cand))
i = rep['inbound']
if waits:
    waits.sort()
    med = statistics.median(waits)
    p90 = statistics.quantiles(waits, n=10, method='inclusive')[8] if len(waits) > 1 else waits[0]
    if abs(i['median_s'] - med) > 1e-9 or abs(i['p90_s'] - p90) > 1e-9: bad.append(('tth', med, p90, i))
    if i['over_threshold'] != sum(1 for w in waits if w > 120): bad.append(('over', i))
elif i['median_s'] is not None: bad.append(('tth none', i))
inb = [r for r in rows if r[0] == 1]
gone = [r for r in inb if not r[2] and r[8] not in ('BUSY', 'FAILED', 'CONGESTION')]
if (i['calls'], i['reached_person'], i['gave_up']) != (len(inb), sum(r[2] for r in inb), len(gone)):
    bad.append(('inbound counts', i['calls'], i['reached_person'], i['gave_up'], len(inb), len(gone)))
print('ok' if not bad else bad)
PY
}
if need_corpus cdr "CDR corpus"; then
    for f in "$CORPUS"/cdr/asterisk/*.csv "$CORPUS"/cdr/freeswitch/*.csv; do
        name=$(basename "$f")
        fmt=asterisk; case "$f" in */freeswitch/*) fmt=freeswitch ;; esac
        case "$name" in
            mineevburyat*) fresh '[phone]' 'default-country = RU' ;;
            simularent*) fresh '[phone]' 'default-country = US' ;;
            *) fresh '[phone]' ;; esac
        "$PARLEY" ingest --cdr $fmt "$f" >/dev/null 2>&1
        "$PARLEY" report calls --json >"$out" 2>"$err"
        check_eq "$name: report calls exits 0" 0 $?
        check_eq "$name: rates, Wilson, time to a person, gave up = python over the rows" ok "$(recompute "$out")"
        check_eq "$name: small samples (n<10) flagged in JSON" True \
            "$(json 'all(r["small_sample"] == (r["calls"] < 10) for o in [j["outbound"]] for r in [o["total"]] + list(o["by_presentation"].values()) + o["by_line"] + o["by_agent"])' "$out")"
        "$PARLEY" report calls >"$out" 2>"$err"
        check_eq "$name: text report exits 0" "0 " "$? $(cat "$err")"
    done
    check_contains "text: small samples flagged" "n<10: read with care" "$(cat "$out")"
fi

# --- bad arguments ----------------------------------------------------------------
"$PARLEY" report calls --since yesterdayish >"$out" 2>"$err"
check_eq "bad --since: non-zero exit" 1 $?
check_contains "bad --since: says why" '"yesterdayish" is not a date' "$(cat "$err")"
"$PARLEY" report calls --threshold soon >"$out" 2>"$err"
check_eq "bad --threshold: non-zero exit" 1 $?
check_contains "bad --threshold: says why" "--threshold takes a span" "$(cat "$err")"
"$PARLEY" report calls extra >"$out" 2>"$err"
check_eq "unexpected argument refused" 1 $?
"$PARLEY" report callz >"$out" 2>"$err"
check_eq "unknown report: non-zero exit" 1 $?
check_contains "unknown report: names the reports" 'unknown report "callz" (try: value, calls' "$(cat "$err")"
finish
