#!/usr/bin/env bash
# T080-log.sh — logging by hand through the real CLI: parley log
# call|meeting|note with follow-ups and facts, target resolution (address,
# name, organisation, phone; unknown and ambiguous targets), bad dates,
# open / done / dismiss (closed items stay closed, also when the same log is
# replayed), facts, and the logged minutes in report value --json.
. "$(dirname "$0")/lib.sh"
export TZ=UTC LC_ALL=C.UTF-8
out=$TEST_TMP/out j=$TEST_TMP/j.json

"$PARLEY" init --me jane@acme.example --internal-domain acme.example >/dev/null
cat >"$TEST_TMP/c.vcf" <<'EOF'
BEGIN:VCARD
VERSION:3.0
FN:Ann Smith
ORG:Northwind Traders
EMAIL:ann@northwind.example
TEL:+44 20 7946 0001
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
"$PARLEY" label northwind.example customer >/dev/null
events() { "$PARLEY" stats --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])'; }

# --- a call with follow-ups and a fact -------------------------------------
"$PARLEY" log call ann@northwind.example --at "2026-11-20 14:30" --minutes 12 \
    --note "Went through the quote. They want 20 units in January." \
    --follow-up "send the revised quote" --due 2026-12-01 \
    --follow-up "book the demo" --fact "family: two kids, Tom and Mia" --json >"$j"
check_eq "log call exits 0" 0 $?
key=$(json 'j["event"]' "$j")
check "the event key is log:<uuid>" \
    grep -Eq '^log:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' <<<"$key"
check_eq "two follow-ups" 2 "$(json 'len(j["items"])' "$j")"
check_eq "the contact is named" "Ann Smith <ann@northwind.example>" "$(json 'j["with"]' "$j")"
txt=$("$PARLEY" log call "Bob Baker" --minutes 45 --note "pricing")
check_contains "text output names the event" "log:" "$txt"
check_contains "a person's name finds their address" "Bob Baker <bob@northwind.example>" "$txt"

# The logged calls are customer time with their real minutes.
"$PARLEY" report value --json >"$j"
check_eq "two customer conversations" 2 "$(json 'j["categories"]["customer"]["conversations"]' "$j")"
check_eq "customer time = 12 + 45 minutes" $(((12 + 45) * 60)) \
    "$(json 'j["categories"]["customer"]["seconds"]' "$j")"

# --- targets -----------------------------------------------------------------
n0=$(events)
out=$("$PARLEY" log note northwind.example --note x 2>&1); rc=$?
check "an organisation with two people is ambiguous" test $rc -ne 0
check_contains "the candidates are listed (1)" "Ann Smith <ann@northwind.example>" "$out"
check_contains "the candidates are listed (2)" "Bob Baker <bob@northwind.example>" "$out"
out=$("$PARLEY" log call Ann 2>&1); rc=$?
check "a name two people share is ambiguous" test $rc -ne 0
check_contains "naming both" "Ann Jones <ann.jones@other.example>" "$out"
out=$("$PARLEY" log call "Nobody Known" 2>&1); rc=$?
check "an unknown name is refused" test $rc -ne 0
check_contains "saying what to give instead" 'no contact named "Nobody Known"' "$out"
out=$("$PARLEY" log call unheard.example 2>&1); rc=$?
check "an unknown domain is refused" test $rc -ne 0
check_contains "with the reason" "nobody at unheard.example is known" "$out"
out=$("$PARLEY" log call jane@acme.example 2>&1); rc=$?
check "logging against myself is refused" test $rc -ne 0
out=$("$PARLEY" log call ann@northwind.example --at 2026-13-45 2>&1); rc=$?
check "a bad --at is refused" test $rc -ne 0
check_contains "naming the value" '"2026-13-45" is not a date' "$out"
out=$("$PARLEY" log call ann@northwind.example --follow-up x --due someday 2>&1); rc=$?
check "a bad --due is refused" test $rc -ne 0
check_contains "naming it" '"someday" is not a date' "$out"
out=$("$PARLEY" log call ann@northwind.example --due 2026-12-01 2>&1); rc=$?
check "a --due without its --follow-up is refused" test $rc -ne 0
out=$("$PARLEY" log fax ann@northwind.example 2>&1); rc=$?
check "only calls, meetings and notes" test $rc -ne 0
check_eq "no refused log recorded anything" "$n0" "$(events)"

"$PARLEY" log note "zoë müller" --note "Grüße" --json >"$j"
check_eq "names match across case in any script" "Zoë Müller <zoe@beispiel.example>" "$(json 'j["with"]' "$j")"
"$PARLEY" log call new.person@fresh.example --minutes 3 --json >"$j"
check_eq "an address never seen before is fine" "True new.person@fresh.example" \
    "$(json '"%s %s" % (j["new_contact"], j["with"])' "$j")"
"$PARLEY" log call "+44 (20) 7946-0001" --minutes 2 --json >"$j"
check_eq "a phone number finds its person" "Ann Smith" "$(json 'j["with"].split(" <")[0]' "$j")"
"$PARLEY" log meeting ann.jones@other.example --minutes 30 \
    --follow-up "long overdue thing" --due 2020-01-01 --follow-up "far away" --due 2099-06-30 >/dev/null
check_eq "every accepted log is an event" $((n0 + 4)) "$(events)"

# --- open items --------------------------------------------------------------
"$PARLEY" open --json >"$j"
check_eq "open: four items" 4 "$(json 'len(j)' "$j")"
check_eq "oldest due first, undated last" \
    "long overdue thing|send the revised quote|far away|book the demo" \
    "$(json '"|".join(i["text"] for i in j)' "$j")"
check_eq "overdue marked" "True False False False" "$(json '" ".join(str(i["overdue"]) for i in j)' "$j")"
check_eq "due date kept" "2026-12-01" "$(json 'j[1]["due"]' "$j")"
check_eq "source event kept" "$key" "$(json 'j[1]["source_event"]' "$j")"
check_eq "who it is with" "Ann Smith <ann@northwind.example>" "$(json 'j[1]["with"]' "$j")"
check_contains "text: overdue marked" "2020-01-01 OVERDUE" "$("$PARLEY" open)"
id_quote=$(json 'j[1]["id"]' "$j") id_demo=$(json 'j[3]["id"]' "$j") id_old=$(json 'j[0]["id"]' "$j")
"$PARLEY" open ann@northwind.example --json >"$j"
check_eq "open for one contact" "send the revised quote|book the demo" "$(json '"|".join(i["text"] for i in j)' "$j")"
"$PARLEY" open "Northwind Traders" --json >"$j"
check_eq "open for an organisation" 2 "$(json 'len(j)' "$j")"

# An item logged on an address nobody's contacts knew, which a later import
# makes a person of Northwind's: a target finds it through the person and
# through the organisation, as the unfiltered list has it.
"$PARLEY" log note carl@late.example --follow-up "ship the cable" >/dev/null
printf 'BEGIN:VCARD\nVERSION:3.0\nFN:Carl Late\nORG:Northwind Traders\nEMAIL:carl@late.example\nEND:VCARD\n' \
    >"$TEST_TMP/late.vcf"
"$PARLEY" contacts import "$TEST_TMP/late.vcf" >/dev/null
"$PARLEY" open --json >"$j"
expect_org=$(json '"|".join(sorted(i["text"] for i in j if i["org"] == "Northwind Traders"))' "$j")
check_eq "  the whole list has it as Northwind's" \
    "book the demo|send the revised quote|ship the cable" "$expect_org"
"$PARLEY" open "Carl Late" --json >"$j"
check_eq "  open for the person it became" "ship the cable" "$(json '"|".join(i["text"] for i in j)' "$j")"
"$PARLEY" open "Northwind Traders" --json >"$j"
check_eq "  open for the organisation: as the whole list" "$expect_org" \
    "$(json '"|".join(sorted(i["text"] for i in j))' "$j")"
"$PARLEY" done "$(json 'j[[i["text"] for i in j].index("ship the cable")]["id"]' "$j")" >/dev/null

check_contains "done" "#$id_quote done" "$("$PARLEY" done "$id_quote")"
check_contains "done again: stays done" "already done" "$("$PARLEY" done "#$id_quote")"
check_contains "dismissing a done item changes nothing" "already done" "$("$PARLEY" dismiss "$id_quote")"
check_contains "dismiss" "dismissed" "$("$PARLEY" dismiss "$id_old")"
out=$("$PARLEY" done 9999 2>&1); rc=$?
check "an unknown item is an error" test $rc -ne 0
check_contains "saying so" "no item 9999" "$out"
"$PARLEY" open --json >"$j"
check_eq "closed items are not open" "far away|book the demo" "$(json '"|".join(i["text"] for i in j)' "$j")"
"$PARLEY" open --all --json >"$j"
check_eq "--all shows who closed what" "done jane@acme.example" \
    "$(json '[i["status"] + " " + i["closed_by"] for i in j if i["id"] == '"$id_quote"'][0]' "$j")"

# Replaying the same log (same uuid) adds nothing and reopens nothing.
uuid=${key#log:}
"$PARLEY" log call ann@northwind.example --uuid "$uuid" --minutes 12 \
    --follow-up "send the revised quote" --due 2026-12-01 --follow-up "book the demo" \
    --fact "family: two kids, Tom and Mia" --json >"$j"
check_eq "replay is a duplicate" True "$(json 'j["duplicate"]' "$j")"
check_eq "same items" "$id_quote $id_demo" "$(json '" ".join(map(str, j["items"]))' "$j")"
check_eq "no new event" $((n0 + 5)) "$(events)"
"$PARLEY" open --all --json >"$j"
check_eq "the done item stayed done" done "$(json '[i["status"] for i in j if i["id"] == '"$id_quote"'][0]' "$j")"

# --- facts -------------------------------------------------------------------
check_contains "fact" "noted (team)" "$("$PARLEY" fact "Ann Smith" "team: Arsenal")"
"$PARLEY" fact northwind.example "holiday: office closed 24.12.–2.1." >/dev/null
check_eq "a fact about an organisation" 0 $?
"$PARLEY" facts ann@northwind.example --json >"$j"
check_eq "facts of a person, each with its kind, once despite the replay" \
    "family:two kids, Tom and Mia|team:Arsenal" "$(json '"|".join(f["kind"] + ":" + f["text"] for f in j)' "$j")"
"$PARLEY" facts "Northwind Traders" --json >"$j"
check_eq "an organisation's facts include its people's" 3 "$(json 'len(j)' "$j")"
check_contains "text listing" "Arsenal" "$("$PARLEY" facts "Ann Smith")"
out=$("$PARLEY" facts nobody@nowhere.example 2>&1); rc=$?
check "facts about an unknown address: error" test $rc -ne 0

# --- a person with two addresses: the one written to last ------------------------
printf 'BEGIN:VCARD\nVERSION:3.0\nFN:Dora Two\nEMAIL:dora@old.example\nEMAIL:dora@new.example\nEND:VCARD\n' \
    >"$TEST_TMP/dora.vcf"
"$PARLEY" contacts import "$TEST_TMP/dora.vcf" >/dev/null
"$PARLEY" log note dora@old.example --at 2026-01-05 --note a >/dev/null
"$PARLEY" log note dora@new.example --at 2026-06-05 --note b >/dev/null
"$PARLEY" log note "Dora Two" --at 2026-06-06 --note c --json >"$j"
check_eq "a person's name: the address with the newest event" "Dora Two <dora@new.example>" \
    "$(json 'j["with"]' "$j")"
"$PARLEY" log note dora@old.example --at 2026-09-05 --note d >/dev/null
"$PARLEY" log note "Dora Two" --at 2026-09-06 --note e --json >"$j"
check_eq "  and after a newer event with the other" "Dora Two <dora@old.example>" "$(json 'j["with"]' "$j")"

# --- without me ----------------------------------------------------------------
out=$(PARLEY_CONFIG=$TEST_TMP/none.conf "$PARLEY" log call ann@northwind.example 2>&1); rc=$?
check "no me configured: refused" test $rc -ne 0
check_contains "saying how to fix it" "parley init --me" "$out"
# --- migration 014: the item table's CHECKs without IN lists ------------------------
"$PARLEY" open --all --json >"$TEST_TMP/items-before.json"
n_items=$(sqlite3 "$PARLEY_DB" 'SELECT count(*) FROM item')
check "migration 014: items to carry over ($n_items)" test "$n_items" -gt 3
# The layout before 014 (CHECK ... IN (...)), the rows kept, then the store reopened.
sqlite3 "$PARLEY_DB" "CREATE TABLE item_old AS SELECT * FROM item; DROP TABLE item;
  CREATE TABLE item(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK(kind IN ('follow-up', 'promise', 'question')),
    origin TEXT NOT NULL DEFAULT 'logged' CHECK(origin IN ('logged', 'detected')), text TEXT NOT NULL,
    due_ts INTEGER, status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open', 'done', 'dismissed')),
    created_ts INTEGER NOT NULL, closed_ts INTEGER, closed_by TEXT, source_event_id INTEGER,
    source_sentence TEXT, person_id INTEGER, org_id INTEGER, identity_id INTEGER,
    due_has_time INTEGER NOT NULL DEFAULT 0);
  INSERT INTO item SELECT * FROM item_old; DROP TABLE item_old;
  CREATE INDEX item_open ON item(status, due_ts); CREATE INDEX item_event ON item(source_event_id);
  PRAGMA user_version = 13;"
check_contains "migration 014: the pre-014 copy has IN lists" " IN (" \
    "$(sqlite3 "$PARLEY_DB" "SELECT sql FROM sqlite_master WHERE name = 'item'")"
"$PARLEY" open --all --json >"$TEST_TMP/items-after.json"
check "migration 014: the same open items afterwards" cmp -s "$TEST_TMP/items-before.json" "$TEST_TMP/items-after.json"
check_eq "migration 014: every item kept, no IN list left, the indexes back" "$n_items 0 5" \
    "$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM item; SELECT count(*) FROM sqlite_master WHERE name = 'item' AND sql LIKE '% IN (%';
                             SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'item' AND sql IS NOT NULL" | tr '\n' ' ' | sed 's/ $//')"
for bad in "kind = 'nonsense'" "status = 'bogus'" "origin = 'guessed'"; do
    out=$(sqlite3 "$PARLEY_DB" "UPDATE item SET $bad WHERE id = (SELECT min(id) FROM item)" 2>&1)
    check_contains "migration 014: a value outside the list is still refused ($bad)" "CHECK constraint failed" "$out"
done
finish
