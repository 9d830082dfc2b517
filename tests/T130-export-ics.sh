#!/usr/bin/env bash
# T130-export-ics.sh — parley export ics through the real CLI: follow-ups
# logged with parley log, exported as iCalendar VTODOs and read back by an
# independent reader (tests/tools/ics_read.py: CRLF, 75-octet folding that
# never splits a character, nesting, unescaping). Counts, UIDs derived from
# the item keys and stable across exports and closings, DUE as a day or a
# UTC time as logged, text in any script with commas, semicolons,
# backslashes and newlines intact, --all, --target, -o, the empty calendar
# and refused targets.
. "$(dirname "$0")/lib.sh"
export TZ=UTC LC_ALL=C.UTF-8
ics=$TEST_TMP/a.ics r=$TEST_TMP/r.json err=$TEST_TMP/err
read_ics() { /usr/bin/python3 "$TESTS_DIR/tools/ics_read.py" "$1" >"$r"; }
# q EXPR: a Python expression over the export read back (r) and the logs (l1..l3).
q() {
    /usr/bin/python3 - "$r" "$TEST_TMP" "$1" <<'PY'
import hashlib, json, sys
r = json.load(open(sys.argv[1]))
l1, l2, l3 = (json.load(open("%s/l%d.json" % (sys.argv[2], n))) if __import__("os").path.exists(
    "%s/l%d.json" % (sys.argv[2], n)) else None for n in (1, 2, 3))
todos = r["todos"]
def v(t, name):
    return t[name][0]["value"] if name in t else None
def uid(log, n):  # item n (from 1) of a logged event: key "<event key>#<n>"
    return hashlib.sha256(("%s#%d" % (log["event"], n)).encode()).hexdigest()[:32] + "@parley"
by_uid = {v(t, "UID"): t for t in todos}
print(eval(sys.argv[3]))
PY
}

"$PARLEY" init --me jane@acme.example --internal-domain acme.example >/dev/null
cat >"$TEST_TMP/c.vcf" <<'EOF'
BEGIN:VCARD
VERSION:3.0
FN:Ann Smith
ORG:Northwind Traders
EMAIL:ann@northwind.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Bob Baker
ORG:Northwind Traders
EMAIL:bob@northwind.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Ann Jones
EMAIL:ann.jones@other.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Zoë Müller
EMAIL:zoe@beispiel.example
END:VCARD
EOF
"$PARLEY" contacts import "$TEST_TMP/c.vcf" >/dev/null

# --- nothing to export: still a valid calendar --------------------------------
"$PARLEY" export ics >"$ics" 2>"$err"
check_eq "an empty export exits 0" 0 $?
read_ics "$ics"
check_eq "the empty export is a valid VCALENDAR" "[]" "$(q 'r["problems"]')"
check_eq "with no to-dos" 0 "$(q 'len(todos)')"
check_eq "VERSION and PRODID" "2.0 1" "$(q 'r["calendar"]["VERSION"][0] + " " + str(len(r["calendar"]["PRODID"]))')"
check_contains "stderr says so" "0 to-dos; 0 items without a due date left out" "$(cat "$err")"

# --- follow-ups logged three ways ---------------------------------------------
long="Angebot für Zoë prüfen — 日本語のテキストを確認する、Привет мир, γεια σου κόσμε, مرحبا بالعالم, שלום עולם; ✓ 😀 🎉 and the rest"
odd=$'two lines\nsecond: a\\b, c;d'
t0=$(date +%s)
"$PARLEY" log call ann@northwind.example --minutes 5 \
    --follow-up "send the revised quote, v2; call Bob" --due 2026-12-01 \
    --follow-up "book the demo" --due "2026-12-03 15:30" \
    --follow-up "no date yet" --json >"$TEST_TMP/l1.json"
check_eq "log with three follow-ups" 0 $?
"$PARLEY" log note "Zoë Müller" --note "Gespräch" --follow-up "$long" --due 2026-12-05 \
    --follow-up "$odd" --due 2026-12-02 --json >"$TEST_TMP/l2.json"
check_eq "log with non-ASCII and escapes" 0 $?
TZ=Europe/Berlin "$PARLEY" log call bob@northwind.example --follow-up "Berlin time" \
    --due "2026-12-04 09:15" --follow-up "Berlin day" --due 2026-12-06 --json >"$TEST_TMP/l3.json"
check_eq "log in another time zone" 0 $?
t1=$(date +%s)

"$PARLEY" export ics >"$ics" 2>"$err"
check_eq "export exits 0" 0 $?
read_ics "$ics"
check_eq "valid: CRLF, lines of at most 75 octets, folds between characters, nesting" "[]" "$(q 'r["problems"]')"
check_eq "six dated open items, one undated left out" 6 "$(q 'len(todos)')"
check_contains "the undated one is reported" "6 to-dos; 1 item without a due date left out" "$(cat "$err")"
check_eq "UIDs derive from the item keys" True \
    "$(q 'set(by_uid) == {uid(l1, 1), uid(l1, 2), uid(l2, 1), uid(l2, 2), uid(l3, 1), uid(l3, 2)}')"
check_eq "UIDs are distinct" 6 "$(q 'len(set(by_uid))')"
check_eq "summaries round-trip exactly, in any script" True \
    "$(q 'v(by_uid[uid(l2, 1)], "SUMMARY") == '"'''$long'''"' and v(by_uid[uid(l1, 1)], "SUMMARY") == "send the revised quote, v2; call Bob"')"
check_eq "newline, backslash, comma and semicolon round-trip" True \
    "$(q 'v(by_uid[uid(l2, 2)], "SUMMARY") == "two lines\nsecond: a\\b, c;d"')"
raw=$(cat "$ics")
check_contains "commas and semicolons are escaped" 'SUMMARY:send the revised quote\, v2\; call Bob' "$raw"
check_contains "newline and backslash are escaped" 'SUMMARY:two lines\nsecond: a\\b\, c\;d' "$raw"
check "long lines were folded" grep -q $'^ .*\r$' "$ics"
check_eq "oldest due first; days as DATE, times in UTC" \
    "20261201/DATE 20261202/DATE 20261203T153000Z/- 20261204T081500Z/- 20261205/DATE 20261205/DATE" \
    "$(q '" ".join(v(t, "DUE") + "/" + t["DUE"][0]["params"].get("VALUE", "-") for t in todos)')"
check_eq "every one NEEDS-ACTION, a follow-up" "NEEDS-ACTION ['follow-up']" \
    "$(q '" ".join(sorted({v(t, "STATUS") + " " + str(v(t, "CATEGORIES")) for t in todos}))')"
check_eq "DESCRIPTION: who, the sentence, the event" \
    "With: Ann Smith <ann@northwind.example> (Northwind Traders)|Source: send the revised quote, v2; call Bob|Event: $(json 'j["event"]' "$TEST_TMP/l1.json")" \
    "$(q 'v(by_uid[uid(l1, 1)], "DESCRIPTION").replace("\n", "|")')"
check_contains "a person's name in any script" "With: Zoë Müller <zoe@beispiel.example>" \
    "$(q 'v(by_uid[uid(l2, 1)], "DESCRIPTION")')"
check_eq "CREATED is when it was logged, DTSTAMP its last change (the same)" True \
    "$(q 'all('"$t0"' <= __import__("calendar").timegm(__import__("time").strptime(v(t, "CREATED"), "%Y%m%dT%H%M%SZ")) <= '"$t1"' and v(t, "DTSTAMP") == v(t, "CREATED") for t in todos)')"
check_eq "no COMPLETED on open items" 0 "$(q 'sum("COMPLETED" in t for t in todos)')"

# A day is a day where the user is: the Berlin one is the 6th in Berlin.
TZ=Europe/Berlin "$PARLEY" export ics >"$TEST_TMP/berlin.ics" 2>/dev/null
read_ics "$TEST_TMP/berlin.ics"
check_eq "exported in Berlin: the day as logged, the time the same instant" "20261206 20261204T081500Z" \
    "$(q 'v(by_uid[uid(l3, 2)], "DUE") + " " + v(by_uid[uid(l3, 1)], "DUE")')"

# --- stable across exports, -o, closing ---------------------------------------
"$PARLEY" export ics >"$TEST_TMP/b.ics" 2>/dev/null
check "a second export is byte for byte the same" cmp -s "$ics" "$TEST_TMP/b.ics"
"$PARLEY" export ics -o "$TEST_TMP/o.ics" 2>"$err"
check "-o FILE writes the same" cmp -s "$ics" "$TEST_TMP/o.ics"
check_contains "and says where" "written to $TEST_TMP/o.ics" "$(cat "$err")"

read_ics "$ics"
before=$(q '" ".join(sorted(by_uid))')
demo_id=$(json 'j["items"][1]' "$TEST_TMP/l1.json") odd_id=$(json 'j["items"][1]' "$TEST_TMP/l2.json")
"$PARLEY" done "$demo_id" >/dev/null
"$PARLEY" export ics >"$ics" 2>/dev/null
read_ics "$ics"
check_eq "the done item is gone" "5 False" "$(q 'str(len(todos)) + " " + str(uid(l1, 2) in by_uid)')"
check_eq "the others keep their UIDs" True \
    "$(q 'set(by_uid) == set("'"$before"'".split()) - {uid(l1, 2)}')"
"$PARLEY" dismiss "$odd_id" >/dev/null

"$PARLEY" export ics --all >"$ics" 2>/dev/null
read_ics "$ics"
check_eq "--all: valid" "[]" "$(q 'r["problems"]')"
check_eq "--all: the closed ones too, same UIDs" True "$(q 'set(by_uid) == set("'"$before"'".split())')"
check_eq "done is COMPLETED with its time, dismissed CANCELLED" "COMPLETED True CANCELLED False" \
    "$(q 'v(by_uid[uid(l1, 2)], "STATUS") + " " + str("COMPLETED" in by_uid[uid(l1, 2)]) + " " + v(by_uid[uid(l2, 2)], "STATUS") + " " + str("COMPLETED" in by_uid[uid(l2, 2)])')"
check_eq "a closed item's DTSTAMP is its closing, after CREATED" True \
    "$(q 'v(by_uid[uid(l1, 2)], "DTSTAMP") >= v(by_uid[uid(l1, 2)], "CREATED") and v(by_uid[uid(l1, 2)], "DTSTAMP") == v(by_uid[uid(l1, 2)], "COMPLETED") == v(by_uid[uid(l1, 2)], "LAST-MODIFIED")')"
check_eq "open ones stay NEEDS-ACTION" 4 "$(q 'sum(v(t, "STATUS") == "NEEDS-ACTION" for t in todos)')"

# --- --target, as parley open TARGET --------------------------------------------
"$PARLEY" export ics --target ann@northwind.example >"$ics" 2>/dev/null
read_ics "$ics"
check_eq "--target an address: that contact's open items" "$(q 'uid(l1, 1)')" "$(q '" ".join(by_uid)')"
"$PARLEY" export ics --target "Northwind Traders" >"$ics" 2>/dev/null
read_ics "$ics"
check_eq "--target an organisation: its people's" True "$(q 'set(by_uid) == {uid(l1, 1), uid(l3, 1), uid(l3, 2)}')"
"$PARLEY" export ics --target "zoë müller" --all >"$ics" 2>/dev/null
read_ics "$ics"
check_eq "--target a name in any case and script, with --all" 2 "$(q 'len(todos)')"
"$PARLEY" export ics --target "Ann Jones" >"$ics" 2>/dev/null
check_eq "a known contact without items: exit 0" 0 $?
read_ics "$ics"
check_eq "and an empty, valid calendar" "0 []" "$(q 'str(len(todos)) + " " + str(r["problems"])')"

out=$("$PARLEY" export ics --target "Nobody Known" -o "$TEST_TMP/bad.ics" 2>&1); rc=$?
check "an unknown target is refused" test $rc -ne 0
check_contains "saying so" 'no contact named "Nobody Known"' "$out"
check "and no file is written" test ! -e "$TEST_TMP/bad.ics"
out=$("$PARLEY" export ics --target Ann 2>&1); rc=$?
check "an ambiguous target is refused" test $rc -ne 0
check_contains "naming the candidates" "Ann Jones <ann.jones@other.example>" "$out"
out=$("$PARLEY" export ics --target unheard@fresh.example 2>&1); rc=$?
check "an address nothing is recorded about is refused" test $rc -ne 0
check_contains "with the reason" "unheard@fresh.example is not known yet" "$out"
out=$("$PARLEY" export ics ann@northwind.example 2>&1); rc=$?
check "a stray argument is refused" test $rc -ne 0
check_contains "pointing at --target" "--target" "$out"
out=$("$PARLEY" export vcf 2>&1); rc=$?
check "an unknown format is refused" test $rc -ne 0
check_contains "listing the known ones" "try: ics" "$out"
# export runs in parley-ics, so that parley itself never loads libical (ICU, libstdc++).
check "parley does not link libical" bash -c "! ldd '$PARLEY' | grep -q libical"
check "parley-ics does" bash -c "ldd '$(dirname "$PARLEY")/parley-ics' | grep -q libical"
cp "$PARLEY" "$TEST_TMP/lonely-parley"
out=$("$TEST_TMP/lonely-parley" export ics 2>&1)
rc=$?
check "without a parley-ics to run, export fails" test $rc -ne 0
check_contains "saying which program it could not run" "cannot run" "$out"
finish
