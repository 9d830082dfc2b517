#!/usr/bin/env bash
# T076-calllist.sh — `parley calllist` through the real CLI: contacts (vCard
# with TEL and EMAIL, classified customer / vendor), a CDR call, mail, logged
# calls and notes with follow-ups and facts; then the ranking (never spoken
# to first, then longest silence), the overdue flags against --days, the top
# by conversation volume, follow-ups and facts beside each contact, JSON, and
# bad arguments.
source "$(dirname "$0")/lib.sh"
export TZ=UTC LC_ALL=C.UTF-8
out=$TEST_TMP/out err=$TEST_TMP/err
"$PARLEY" init --me jane@acme.example --internal-domain acme.example >/dev/null
printf '[phone]\ndefault-country = US\n[calls]\ninternal-numbers = 1000-1999\n' >>"$PARLEY_CONFIG"
cat >"$TEST_TMP/c.vcf" <<'VCF'
BEGIN:VCARD
VERSION:3.0
FN:Carla Customer
ORG:Northwind
EMAIL:carla@northwind.example
TEL;TYPE=WORK:+1 (555) 010-2030
CATEGORIES:customer
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Dan Dormant
ORG:Contoso
EMAIL:dan@contoso.example
TEL:+1 555 010 4040
CATEGORIES:customer
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Erin Recent
EMAIL:erin@fabrikam.example
TEL:+1 555 010 5050
CATEGORIES:customer
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Victor Vendor
EMAIL:victor@supplies.example
TEL:+1 555 010 6060
CATEGORIES:vendor
END:VCARD
VCF
"$PARLEY" contacts import "$TEST_TMP/c.vcf" >/dev/null
day() { date -u -d "$1 days ago" "$2"; }

# A call a person answered, 40 days ago, to Carla; one nobody answered to Dan
# yesterday (an unanswered call is no conversation).
printf 'Date,Caller,Callee,Talk\r\n%s,1001,(555) 010-2030,125\r\n%s,1001,555 010 4040,0\r\n' \
    "$(day 40 '+%Y-%m-%d %H:%M:%S')" "$(day 1 '+%Y-%m-%d %H:%M:%S')" >"$TEST_TMP/calls.csv"
"$PARLEY" ingest --cdr csv --map start=Date,from=Caller,to=Callee,seconds=Talk "$TEST_TMP/calls.csv" >/dev/null 2>"$err"
check_eq "CDR imported" "" "$(cat "$err")"

# Mail: two threads with Carla (6 and 20 days ago), one with Dan (5 days ago), one with Victor.
mkdir -p "$TEST_TMP/mail"
mail() { # FILE FROM DAYS-AGO SUBJECT
    printf 'From: %s\nTo: jane@acme.example\nSubject: %s\nDate: %s\nMessage-ID: <%s@test>\n\nHello there, about %s.\n' \
        "$2" "$4" "$(day "$3" '+%a, %d %b %Y %H:%M:%S +0000')" "$1" "$4" >"$TEST_TMP/mail/$1.eml"
}
mail m1 carla@northwind.example 6 "Quote for pumps"
mail m2 carla@northwind.example 20 "Delivery dates"
mail m3 dan@contoso.example 5 "Invoice question"
mail m4 victor@supplies.example 2 "Price list"
"$PARLEY" ingest "$TEST_TMP/mail" >/dev/null 2>&1

# Erin: a logged call 3 days ago. Dan: a note with follow-ups and facts.
"$PARLEY" log call erin@fabrikam.example --at "$(day 3 '+%Y-%m-%d')" --minutes 10 --note "went well" \
    --fact "holiday: Portugal in June" >/dev/null
"$PARLEY" log note dan@contoso.example --note "asked about invoice" \
    --follow-up "send the revised quote" --due 2030-12-01 --follow-up "check the invoice" \
    --fact "family: two kids, Mia and Leo" --fact "team: follows Arsenal" >/dev/null
"$PARLEY" fact carla@northwind.example "interest: sailing" >/dev/null
"$PARLEY" log note carla@northwind.example --follow-up "book the site visit" >/dev/null

"$PARLEY" calllist --days 30 --json >"$out" 2>"$err"
check_eq "calllist --json exits 0" 0 $?
check_eq "customers only (no vendor), never spoken to first, then longest silence" \
    "['Dan Dormant', 'Carla Customer', 'Erin Recent']" "$(json '[c["name"] for c in j["contacts"]]' "$out")"
check_eq "overdue at 30 days: Dan (never), Carla (40 days); Erin called 3 days ago is not" \
    "[True, True, False]" "$(json '[c["overdue"] for c in j["contacts"]]' "$out")"
check_eq "days since voice" "[None, 40, 3]" "$(json '[c["days_since_voice"] for c in j["contacts"]]' "$out")"
check_eq "the unanswered call to Dan is no voice" None "$(json 'j["contacts"][0]["last_voice"]' "$out")"
check_eq "last written touch beside each" "$(day 5 +%F) $(day 6 +%F) None" \
    "$(json '" ".join(str(c["last_written"]) for c in j["contacts"])' "$out")"
check_eq "phone and organisation" "+15550104040 Contoso" "$(json 'j["contacts"][0]["phone"] + " " + j["contacts"][0]["org"]' "$out")"
check_eq "open follow-ups beside Dan, oldest due first" \
    "[('send the revised quote', '2030-12-01'), ('check the invoice', None)]" \
    "$(json '[(f["text"], f["due"]) for f in j["contacts"][0]["follow_ups"]]' "$out")"
check_eq "personal facts beside Dan" "['family: two kids, Mia and Leo', 'team: follows Arsenal']" \
    "$(json 'j["contacts"][0]["facts"]' "$out")"
check_eq "Carla: fact and follow-up" "['interest: sailing'] ['book the site visit']" \
    "$(json 'str(j["contacts"][1]["facts"]) + " " + str([f["text"] for f in j["contacts"][1]["follow_ups"]])' "$out")"
check_eq "Erin: the fact from the logged call" "['holiday: Portugal in June']" "$(json 'j["contacts"][2]["facts"]' "$out")"
"$PARLEY" calllist --days 2 --json >"$out"
check_eq "--days 2: Erin is overdue too" "[True, True, True]" "$(json '[c["overdue"] for c in j["contacts"]]' "$out")"
"$PARLEY" calllist --top 2 --json >"$out"
check_eq "--top 2: the two with most conversations in 90 days (Carla 4, Dan 3; Erin 1)" \
    "['Dan Dormant', 'Carla Customer']" "$(json '[c["name"] for c in j["contacts"]]' "$out")"
# closing a follow-up takes it off the list
id=$("$PARLEY" calllist --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["contacts"][0]["follow_ups"][0]["id"])')
"$PARLEY" done "$id" >/dev/null
"$PARLEY" calllist --json >"$out"
check_eq "a closed follow-up is no longer shown" "['check the invoice']" \
    "$(json '[f["text"] for f in j["contacts"][0]["follow_ups"]]' "$out")"
"$PARLEY" calllist >"$out" 2>"$err"
check_eq "text calllist exits 0" 0 $?
check_contains "text: overdue flag and name" "OVERDUE  Dan Dormant" "$(cat "$out")"
check_contains "text: never spoken" "never" "$(grep 'Dan Dormant' "$out" | head -1)"
check_contains "text: facts beside the contact" "family: two kids, Mia and Leo" "$(cat "$out")"
check_contains "text: follow-ups" "check the invoice" "$(cat "$out")"
check_eq "text: Erin not overdue" "" "$(grep 'Erin Recent' "$out" | grep OVERDUE)"

# --- bad arguments ----------------------------------------------------------------
"$PARLEY" calllist --days -3 >"$out" 2>"$err"
check_eq "--days negative: non-zero exit" 1 $?
check_contains "--days negative: says why" "--days takes a number of days >= 0" "$(cat "$err")"
"$PARLEY" calllist --days many >"$out" 2>"$err"
check_eq "--days not a number: non-zero exit" 2 $?
"$PARLEY" calllist --top 0 >"$out" 2>"$err"
check_eq "--top 0 refused" 1 $?
"$PARLEY" calllist extra >"$out" 2>"$err"
check_eq "unexpected argument refused" 1 $?
finish
