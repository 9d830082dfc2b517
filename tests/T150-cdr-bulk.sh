#!/usr/bin/env bash
# T150-cdr-bulk.sh — the bulk call path of `parley ingest --cdr` at its
# boundaries and at scale: legs of one call straddling two of the reader's
# batches, a known call repeated inside one batch, 250,000 generated rows
# checked against tests/tools/cdrexpect.py (python's csv module), re-import
# idempotency, the conversation aggregates written at import equal to what a
# full refresh computes, a SIGKILL mid-import followed by a re-run, and an
# import into a store that already holds mail and contacts (calls with a
# customer counted as python works them out from the CSV and the vCard).
source "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
EXPECT="/usr/bin/python3 $TESTS_DIR/tools/cdrexpect.py"
LEGS="/usr/bin/python3 $TESTS_DIR/tools/cdrlegs.py"
out=$TEST_TMP/out err=$TEST_TMP/err
fresh() { rm -f "$PARLEY_DB" "$PARLEY_DB"-* "$PARLEY_DB".*; printf '%s\n' "$@" >"$PARLEY_CONFIG"; }
sql() {
    /usr/bin/python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in r))' "$PARLEY_DB" "$1"
}
e() { /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$exp" "$1"; }
# Every column of the call conversations, in id order.
conv_dump() { sql "SELECT * FROM conversation WHERE channel = 1 ORDER BY id" | sha1sum; }
# A different [time] setting changes the configuration fingerprint: the next
# refresh recomputes every conversation from its events.
full_refresh() {
    printf '[time]\nread-wpm = 211\n' >>"$PARLEY_CONFIG"
    "$PARLEY" ingest --cdr asterisk --quiet "$1" >/dev/null 2>&1
}
consistent() { # every call event has its call row and a conversation of its own, clean
    sql "SELECT (SELECT count(*) FROM event WHERE channel = 1),
                (SELECT count(*) FROM event e JOIN call c ON c.event_id = e.id
                   JOIN conversation v ON v.id = e.conv_id
                  WHERE e.channel = 1 AND v.n_events = 1 AND v.dirty = 0),
                (SELECT count(*) FROM conversation WHERE channel = 1)"
}

# --- legs of one call on both sides of two reader batches -------------------
fresh '[phone]' 'default-country = US'
S=$TEST_TMP/straddle.csv
$LEGS straddle "$S"
exp=$($EXPECT asterisk "$S")
"$PARLEY" ingest --cdr asterisk --json "$S" >"$out" 2>"$err"
check_eq "straddle: rows and calls as python merges them" "$(e rows) $(e calls)" \
    "$(json '"%d %d" % (j["messages"], j["added"])' "$out")"
check_eq "straddle: the call whose legs straddle is one call of two legs, answered by a person, 60 s" \
    "2|1|60|2" "$(sql "SELECT c.legs, c.answered_by_human, c.talk_s, c.start_ts - 1767225600 - 4998
                        FROM call c JOIN event e ON e.id = c.event_id WHERE e.source_key = 'cdr:asterisk:X'")"
n=$(e calls)
check_eq "straddle: every call has its call row and its own clean conversation" "$n|$n|$n" "$(consistent)"

# --- a known call repeated within one batch ----------------------------------
fresh '[phone]' 'default-country = US'
R=$TEST_TMP/repeat.csv
$LEGS repeat "$R"
exp=$($EXPECT asterisk "$R")
"$PARLEY" ingest --cdr asterisk --json "$R" >"$out" 2>"$err"
check_eq "repeat: calls and exact duplicates as python counts them" "$(e calls) $(e duplicates)" \
    "$(json '"%d %d" % (j["added"], j["duplicates"])' "$out")"
check_eq "repeat: the repeated call is found, and seen at both lines" "$R:1 $R:5004" \
    "$(sql "SELECT s.location FROM event_seen s JOIN event e ON e.id = s.event_id
            WHERE e.source_key = 'cdr:asterisk:Y' ORDER BY length(s.location), s.location" | tr '\n' ' ' | sed 's/ $//')"
check_eq "repeat: the long call keeps its 5002 legs" 5002 \
    "$(sql "SELECT c.legs FROM call c JOIN event e ON e.id = c.event_id WHERE e.source_key = 'cdr:asterisk:Z'")"

# --- 250,000 rows -----------------------------------------------------------------
B=$TEST_TMP/big.csv
/usr/bin/python3 "$PROJECT_DIR/bench/cdr_gen.py" 250000 "$B"
exp=$($EXPECT asterisk "$B")
fresh '[phone]' 'default-country = US' '[calls]' 'internal-numbers = 5550100'
"$PARLEY" ingest --cdr asterisk --json "$B" >"$out" 2>"$err"
check_eq "250k rows: exits 0 with no warnings" "0 " "$? $(cat "$err")"
check_eq "250k rows: rows, calls, duplicates as python counts them" \
    "$(e rows) $(e calls) $(e duplicates)" \
    "$(json '"%d %d %d" % (j["messages"], j["added"], j["duplicates"])' "$out")"
"$PARLEY" stats --json >"$TEST_TMP/stats.json"
check_eq "250k rows: answered by a person, caller ID withheld" "$(e human) $(e withheld)" \
    "$(json '"%d %d" % (j["flags"]["human_answer"], j["flags"]["withheld_id"])' "$TEST_TMP/stats.json")"
check_eq "250k rows: presentation named / number-only / withheld" \
    "$(e named) $(e number-only) $(e withheld)" \
    "$(sql "SELECT sum(presentation = 'named'), sum(presentation = 'number-only'), sum(presentation = 'withheld') FROM call" | tr '|' ' ')"
n=$(e calls)
check_eq "250k rows: every call has its call row and its own clean conversation" "$n|$n|$n" "$(consistent)"
"$PARLEY" ingest --cdr asterisk --json --force "$B" >"$out" 2>/dev/null
check_eq "250k rows: re-import adds nothing, finds every call" "0 $n" \
    "$(json '"%d %d" % (j["added"], j["duplicates"] - '"$(e duplicates)"')' "$out")"
before=$(conv_dump)
fp=$(sql "SELECT value FROM meta WHERE key = 'config-fingerprint'")
full_refresh "$B"
check "250k rows: the configuration change recomputed every conversation" \
    test "$fp" != "$(sql "SELECT value FROM meta WHERE key = 'config-fingerprint'")"
check_eq "250k rows: aggregates written at import = a full refresh's" "$before" "$(conv_dump)"

# --- SIGKILL mid-import, then a re-run -------------------------------------------
export PARLEY_DB=$TEST_TMP/killed.db
fresh '[phone]' 'default-country = US' '[calls]' 'internal-numbers = 5550100'
"$PARLEY" ingest --cdr asterisk --quiet "$B" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 400); do
    k=$(sql "SELECT count(*) FROM call" 2>/dev/null)
    [ "${k:-0}" -gt 0 ] && break
    sleep 0.02
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
part=$(sql "SELECT count(*) FROM event")
check "the kill landed mid-import ($part of $n calls committed)" test "$part" -gt 0 -a "$part" -lt "$n"
check_eq "killed: integrity check passes" ok "$(sql 'PRAGMA integrity_check')"
check_eq "killed: what was committed is whole calls" "$part|$part|$part" "$(consistent)"
"$PARLEY" ingest --cdr asterisk --json "$B" >"$out" 2>"$err"
check_eq "killed: the re-run adds the rest and finds the committed" "$((n - part)) $part" \
    "$(json '"%d %d" % (j["added"], j["duplicates"] - '"$(e duplicates)"')' "$out")"
check_eq "killed: it ends where an uninterrupted run ends" "$n|$n|$n" "$(consistent)"

# --- into a store with mail and contacts ------------------------------------------
export PARLEY_DB=$TEST_TMP/mixed.db
fresh
"$PARLEY" init --me jane@acme.example --internal-domain acme.example >/dev/null
printf '[phone]\ndefault-country = US\n[calls]\ninternal-numbers = 5550100;1000-1199\n' >>"$PARLEY_CONFIG"
"$PARLEY" demo "$TEST_TMP/demo" --conversations 120 >/dev/null
"$PARLEY" ingest --quiet "$TEST_TMP/demo/Maildir" >/dev/null 2>&1
M=$TEST_TMP/mixed.csv
head -30000 "$B" >"$M"
# Contacts for 400 of the callers: customer, vendor, internal, prospect, none.
/usr/bin/python3 - "$M" "$TEST_TMP/c.vcf" <<'PY'
import csv, sys
nums = []
for r in csv.reader(open(sys.argv[1])):
    for n in (r[1], r[2]):
        if len(n) == 11 and n.startswith('1') and n not in nums:
            nums.append(n)
cats = ['customer', 'vendor', 'internal', 'prospect', '']
with open(sys.argv[2], 'w') as f:
    for i, n in enumerate(nums[:400]):
        cat = ('CATEGORIES:%s\n' % cats[i % 5]) if cats[i % 5] else ''
        f.write('BEGIN:VCARD\nVERSION:3.0\nFN:Caller %d\nORG:Firm %d\nTEL:+%s\n%sEND:VCARD\n'
                % (i, i, n, cat))  # an organisation each: no category inherited
PY
"$PARLEY" contacts import "$TEST_TMP/c.vcf" >/dev/null
"$PARLEY" label '*' partner >/dev/null
mail_before=$(sql "SELECT * FROM conversation WHERE channel = 0 ORDER BY id" | sha1sum)
exp=$($EXPECT asterisk "$M")
"$PARLEY" ingest --cdr asterisk --json "$M" >"$out" 2>"$err"
check_eq "mixed store: calls as python counts them" "$(e calls)" "$(json 'j["added"]' "$out")"
check_eq "mixed store: the mail conversations are untouched" "$mail_before" \
    "$(sql "SELECT * FROM conversation WHERE channel = 0 ORDER BY id" | sha1sum)"
want=$(/usr/bin/python3 - "$M" "$TEST_TMP/c.vcf" <<'PY'
import csv, sys
cat, num = {}, None
for line in open(sys.argv[2]):
    if line.startswith('TEL:'):
        num = line[4:].strip()
    elif line.startswith('CATEGORIES:'):
        cat[num] = line.split(':', 1)[1].strip()
first = {}
for r in csv.reader(open(sys.argv[1])):
    first.setdefault(r[19], r)  # linkedid: the first leg names caller and callee
n = 0
for r in first.values():
    if any(cat.get('+' + x) == 'customer' for x in (r[1], r[2])):
        n += 1
print(n)
PY
)
check "mixed store: some calls are with customers ($want)" test "$want" -gt 0
check_eq "mixed store: calls with a customer contact are customer conversations" "$want" \
    "$(sql "SELECT count(*) FROM conversation WHERE channel = 1 AND category = 0")"
"$PARLEY" stats --verify >"$TEST_TMP/verify.txt" 2>&1
check_eq "mixed store: the call list's summaries after the bulk import = a recomputation" 0 $?
check "mixed store: the calls' numbers are summarised contacts" test \
    "$(sql "SELECT count(*) FROM contact_summary WHERE id < 0")" -gt 0
before=$(conv_dump)
full_refresh "$M"
check_eq "mixed store: aggregates written at import = a full refresh's" "$before" "$(conv_dump)"
finish
