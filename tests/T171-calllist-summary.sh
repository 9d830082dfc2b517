#!/usr/bin/env bash
# T171-calllist-summary.sh — the call list's summaries (migration 010:
# conversation touches, contact summaries) stay equal to a recomputation
# from scratch (`parley stats --verify`) through everything that changes
# them: contacts import, mail and call ingest, a name learned later, an
# address that turns out to be a mailing list, threads merging, labels, an
# organisation's new category, an identity moving to another person, a
# config change, re-ingest, logging; the customer counts follow (expected
# values worked out by hand from the data below); an upgraded store
# (summaries built by the migration) lists the same; and the check fails
# when a summary is wrong.
source "$(dirname "$0")/lib.sh"
export TZ=UTC LC_ALL=C.UTF-8
out=$TEST_TMP/out err=$TEST_TMP/err
"$PARLEY" init --me jane@acme.example --internal-domain acme.example >/dev/null
printf '[phone]\ndefault-country = US\n[calls]\ninternal-numbers = 1000-1999\n' >>"$PARLEY_CONFIG"
verify() { # DESC
    "$PARLEY" stats --verify >"$out" 2>"$err"
    local rc=$?
    if [ $rc -eq 0 ] && grep -q "match a recomputation" "$out"; then ok "$1: summaries match"; else
        bad "$1: summaries match" "exit $rc" "$(cat "$out" "$err" | head -8)"; fi
}
customers() { "$PARLEY" calllist --top 100 --json >"$out" && json 'j["customers"]' "$out"; }
names() { "$PARLEY" calllist --top 100 --json >"$out" && json 'sorted(c["name"] for c in j["contacts"])' "$out"; }
day() { date -u -d "$1 days ago" "$2"; }

cat >"$TEST_TMP/c1.vcf" <<'VCF'
BEGIN:VCARD
VERSION:3.0
UID:a
FN:Alice Able
ORG:Northwind
EMAIL:alice@northwind.example
TEL:+1 555 010 1001
CATEGORIES:customer
END:VCARD
BEGIN:VCARD
VERSION:3.0
UID:b
FN:Bob Baker
ORG:Contoso
EMAIL:bob.baker@gmail.com
END:VCARD
BEGIN:VCARD
VERSION:3.0
UID:c
FN:Carol Cole
ORG:Supplies
EMAIL:carol@supplies.example
CATEGORIES:vendor
END:VCARD
BEGIN:VCARD
VERSION:3.0
UID:d
FN:Dave Dunn
EMAIL:dave@gmail.com
TEL:+1 555 010 1004
CATEGORIES:customer
END:VCARD
VCF
verify "empty store"
"$PARLEY" contacts import "$TEST_TMP/c1.vcf" >/dev/null
verify "after contacts import"
check_eq "customers: Alice and Dave (CATEGORIES:customer); Bob's organisation has no category" \
    "['Alice Able', 'Dave Dunn']" "$(names)"

mkdir -p "$TEST_TMP/mail"
mail() { # FILE FROM DAYS-AGO SUBJECT [HEADER...]
    local f=$1 from=$2 ago=$3 subj=$4
    shift 4
    {
        printf 'From: %s\nTo: jane@acme.example\nSubject: %s\nDate: %s\nMessage-ID: <%s@t>\n' \
            "$from" "$subj" "$(day "$ago" '+%a, %d %b %Y %H:%M:%S +0000')" "$f"
        for h in "$@"; do printf '%s\n' "$h"; done
        printf '\nHello, about %s.\n' "$subj"
    } >"$TEST_TMP/mail/$f.eml"
}
mail m1 zed@fabrikam.example 30 "First contact"                        # no name yet
mail m3 bob.baker@gmail.com 20 "Pump order" "Cc: alice@northwind.example"
mail m5 alice@northwind.example 19 "Delivery window"
mail m6 news@lists.fabrikam.example 10 "Newsletter"
"$PARLEY" ingest "$TEST_TMP/mail" >/dev/null 2>&1
verify "after mail ingest"
"$PARLEY" label fabrikam.example customer >/dev/null
verify "after labelling a domain"
check_eq "customers: + Zed and the newsletter address (fabrikam.example and below)" 4 "$(customers)"
check_contains "an address of nobody's is listed by its address while it has no name" \
    "zed@fabrikam.example" "$(names)"
mail m2 '"Zed Zulu" <zed@fabrikam.example>' 25 "Second contact" # the name, learned later
# A reply referencing both Bob's and Alice's threads merges them.
mail m4 alice@northwind.example 18 "Re: Pump order" "In-Reply-To: <m3@t>" "References: <m5@t> <m3@t>"
"$PARLEY" ingest "$TEST_TMP/mail" >/dev/null 2>&1
verify "after a name learned later and two threads merged"
check_contains "the learned name is shown" "Zed Zulu" "$(names)"

printf 'Date,Caller,Callee,Talk\n%s,1001,+1 555 010 1001,120\n%s,+1 555 010 9999,1002,60\n%s,1003,555 010 1004,0\n' \
    "$(day 12 '+%Y-%m-%d %H:%M:%S')" "$(day 11 '+%Y-%m-%d %H:%M:%S')" "$(day 2 '+%Y-%m-%d %H:%M:%S')" \
    >"$TEST_TMP/calls.csv"
"$PARLEY" ingest --cdr csv --map start=Date,from=Caller,to=Callee,seconds=Talk "$TEST_TMP/calls.csv" >/dev/null 2>"$err"
check_eq "CDR imported" "" "$(cat "$err")"
verify "after call records"

mail m7 news@lists.fabrikam.example 5 "Newsletter 2" "List-Post: <mailto:news@lists.fabrikam.example>" \
    "List-Id: <news.lists.fabrikam.example>"
"$PARLEY" ingest "$TEST_TMP/mail" >/dev/null 2>&1
verify "after an address turned out to be a mailing list"
check_eq "customers: a mailing list is nobody's contact" 3 "$(customers)"

# Erin gives Contoso a category (Bob, without one of his own, follows it)
# and takes Alice's number; Frank takes Zed's address.
cat >"$TEST_TMP/c2.vcf" <<'VCF'
BEGIN:VCARD
VERSION:3.0
UID:e
FN:Erin Eve
ORG:Contoso
EMAIL:erin@contoso.example
TEL:+1 555 010 1001
CATEGORIES:customer
END:VCARD
BEGIN:VCARD
VERSION:3.0
UID:f
FN:Frank Fox
EMAIL:zed@fabrikam.example
END:VCARD
VCF
"$PARLEY" contacts import "$TEST_TMP/c2.vcf" >/dev/null
verify "after a second contacts import (organisation category, identities moving)"
check_eq "customers: Alice, Bob (his organisation), Dave, Erin, Frank (fabrikam label)" \
    "['Alice Able', 'Bob Baker', 'Dave Dunn', 'Erin Eve', 'Frank Fox']" "$(names)"
"$PARLEY" calllist --top 100 --json >"$out"
check_eq "Alice's answered call now counts for Erin, who has her number" \
    "None $(day 12 +%F)" \
    "$(json '" ".join(str(c["last_voice"]) for c in sorted(j["contacts"], key=lambda c: c["name"]) if c["name"] in ("Alice Able", "Erin Eve"))' "$out")"
check_eq "conversations in 90 days: Alice 1 (the merged thread), Bob 1, Erin 1 (the call), Frank 2" \
    "[1, 1, 1, 1, 2]" \
    "$(json '[c["recent_conversations"] for c in sorted(j["contacts"], key=lambda c: c["name"])]' "$out")"

sed -i 's/^internal-domains=.*/&fabrikam.example;/' "$PARLEY_CONFIG"
check_contains "config: fabrikam.example is ours now" "fabrikam.example" "$(grep internal-domains "$PARLEY_CONFIG")"
verify "after a config change"
check_eq "customers: Frank, at an internal domain, is no customer any more" 4 "$(customers)"

"$PARLEY" calllist --top 100 --json >"$TEST_TMP/before.json"
"$PARLEY" ingest "$TEST_TMP/mail" >/dev/null 2>&1
"$PARLEY" ingest --cdr csv --map start=Date,from=Caller,to=Callee,seconds=Talk "$TEST_TMP/calls.csv" >/dev/null 2>&1
"$PARLEY" contacts import "$TEST_TMP/c1.vcf" "$TEST_TMP/c2.vcf" >/dev/null
verify "after re-ingesting everything"
"$PARLEY" calllist --top 100 --json >"$TEST_TMP/after.json"
check "re-ingest changes nothing in the call list" cmp -s "$TEST_TMP/before.json" "$TEST_TMP/after.json"

"$PARLEY" log call "+1 555 010 7777" --minutes 3 --note "new number" >/dev/null
"$PARLEY" fact dave@gmail.com "interest: chess" >/dev/null
verify "after logging a call to a new number and a fact"

# An upgraded store: the summaries as migration 010 builds them from events
# (what 011 and 013 added dropped too, so that they apply again).
"$PARLEY" calllist --top 100 --json >"$TEST_TMP/before.json"
sqlite3 "$PARLEY_DB" "DROP TRIGGER brief_event_follow; DROP INDEX conversation_room;
    ALTER TABLE conversation DROP COLUMN room_id; DROP TRIGGER response_run_gone; DROP TABLE response_run;
    DROP INDEX conversation_resp_automated; ALTER TABLE conversation DROP COLUMN resp_inbound_first;
    ALTER TABLE conversation DROP COLUMN resp_inbound_last;
    ALTER TABLE conversation DROP COLUMN resp_automated; DROP TABLE conv_touch; DROP TABLE contact_summary; DROP TABLE contact_dirty;
    DROP TABLE pending_domain; DROP TABLE sig_number; DROP TABLE sig_link;
    DROP INDEX identity_person; DROP INDEX person_org;
    DROP INDEX identity_lists; PRAGMA user_version = 8;"
verify "after an upgrade (summaries rebuilt from scratch)"
"$PARLEY" calllist --top 100 --json >"$TEST_TMP/after.json"
check "the upgraded store lists the same" cmp -s "$TEST_TMP/before.json" "$TEST_TMP/after.json"

# The check itself fails on a wrong summary and on a wrong touch.
sqlite3 "$PARLEY_DB" "UPDATE contact_summary SET customer = 1 - customer
    WHERE id = (SELECT id FROM person WHERE name = 'Carol Cole')"
"$PARLEY" stats --verify >"$out" 2>&1
check_eq "a wrong customer flag: exit 1" 1 $?
check_contains "  and it says which contact" "\"Carol Cole\", customer 1; recomputed: " "$(cat "$out")"
sqlite3 "$PARLEY_DB" "UPDATE contact_summary SET customer = 1 - customer
    WHERE id = (SELECT id FROM person WHERE name = 'Carol Cole');
    UPDATE conv_touch SET last_ts = last_ts - 86400 * 200
    WHERE identity_id = (SELECT id FROM identity WHERE value = 'bob.baker@gmail.com')"
"$PARLEY" stats --verify --json >"$out" 2>&1
check_eq "a wrong touch: exit 1" 1 $?
check_eq "  counted both ways, and Bob's window count differs" "False 2 1" \
    "$(json '" ".join(str(x) for x in (j["consistent"], j["touches_wrong"], j["contacts_wrong"]))' "$out")"
finish
