#!/usr/bin/env bash
# T060-contacts.sh — `parley contacts import` and `parley contacts list`
# through the real CLI: every sample format, the summary line, per-record
# warnings with FILE:LINE, re-import idempotence, and files that are not
# contacts at all (missing, a directory, binary garbage, unknown CSV).
source "$(dirname "$0")/lib.sh"
DATA=$PROJECT_DIR/tests/data/contacts
export LC_ALL=C.UTF-8 # error texts ("No such file") are checked in English
out=$TEST_TMP/out err=$TEST_TMP/err list=$TEST_TMP/list.json

# --- import every sample -------------------------------------------------
"$PARLEY" contacts import "$DATA"/vcard3.vcf "$DATA"/vcard4.vcf "$DATA"/vcard21.vcf \
    "$DATA"/google_old.csv "$DATA"/google_new.csv "$DATA"/outlook.csv >"$out" 2>"$err"
check_eq "import of all samples exits 0" 0 $?
check_eq "summary line" "imported 11 people (29 addresses, 10 organisations), 2 skipped" \
    "$(cat "$out")"
check_contains "broken vCard named with its line" "vcard3.vcf:26: record has neither" "$(cat "$err")"
check_contains "broken CSV row line counts the quoted newlines" \
    "google_old.csv:5: record has neither" "$(cat "$err")"
check_contains "bad address warned, prefixed parley:" \
    "parley: $DATA/vcard3.vcf:17: 'not-an-address' is not an e-mail address" "$(cat "$err")"

# --- list --json -----------------------------------------------------------
"$PARLEY" contacts list --json >"$list"
check_eq "list --json exits 0" 0 $?
check_eq "11 people listed" 11 "$(json 'len(j)' "$list")"
check_eq "vCard 3 person: org, category" "Acme Widgets, Inc. customer" \
    "$(json '" ".join([(p["organisation"], p["category"]) for p in j if p["name"] == "Alice Martin"][0])' "$list")"
check_eq "vCard 3 person: phones normalised" "+15550102030,+15550104050" \
    "$(json '",".join([p["phones"] for p in j if p["name"] == "Alice Martin"][0])' "$list")"
check_eq "vCard 4 handles" "xmpp:chloe@brightpath.example twitter:chloedubois" \
    "$(json '" ".join([p["handles"] for p in j if p["name"] == "Chloé Dubois"][0])' "$list")"
check_eq "vCard 2.1 quoted-printable name and org" "Bäckerei Müller GmbH & Co. KG" \
    "$(json '[p["organisation"] for p in j if p["name"] == "Jürgen Müller"][0]' "$list")"
check_eq "Google old: two addresses in one cell" 2 \
    "$(json 'len([p["emails"] for p in j if p["name"] == "Dana Whitfield"][0])' "$list")"
check_eq "Google new: label Vendors" vendor \
    "$(json '[p["category"] for p in j if p["name"] == "Farah Haddad"][0]' "$list")"
check_eq "Outlook: Clients is customer, fax is no phone" "customer 2" \
    "$(json '" ".join([p["category"] + " " + str(len(p["phones"])) for p in j if p["name"] == "Hana Sato"])' "$list")"
check_eq "no category is null" None \
    "$(json '[p["category"] for p in j if p["name"] == "Gus Lindqvist"][0]' "$list")"

# --- text list ---------------------------------------------------------------
"$PARLEY" contacts list >"$out"
check_eq "text list exits 0" 0 $?
check_eq "text list: header and 11 rows" 12 "$(wc -l <"$out")"
check_contains "text list columns" "name" "$(head -1 "$out")"
# Columns are aligned: "organisation" starts at the same offset on every row.
col=$(head -1 "$out" | awk '{ print index($0, "organisation") }')
check_eq "text list aligned" "Acme Widgets" \
    "$(grep '^Alice Martin' "$out" | cut -c"$col"- | cut -c1-12)"

# --- re-import changes nothing ------------------------------------------------
cp "$list" "$TEST_TMP/before.json"
"$PARLEY" contacts import "$DATA"/*.vcf "$DATA"/google_*.csv "$DATA"/outlook.csv >"$out" 2>/dev/null
check_eq "re-import exits 0" 0 $?
"$PARLEY" contacts list --json >"$list"
check "re-import leaves the people as they were" cmp -s "$TEST_TMP/before.json" "$list"

# --- bad input ------------------------------------------------------------------
"$PARLEY" contacts import "$TEST_TMP/missing.vcf" >"$out" 2>"$err"
check_eq "missing file exits 1" 1 $?
check_contains "missing file named" "$TEST_TMP/missing.vcf: No such file" "$(cat "$err")"

mkdir -p "$TEST_TMP/adir"
"$PARLEY" contacts import "$TEST_TMP/adir" >"$out" 2>"$err"
check_eq "directory exits 1" 1 $?
check_contains "directory named" "$TEST_TMP/adir: is a directory" "$(cat "$err")"

head -c 4096 /dev/urandom >"$TEST_TMP/garbage.vcf"
printf '\0' >>"$TEST_TMP/garbage.vcf" # certainly binary, whatever urandom gave
"$PARLEY" contacts import "$TEST_TMP/garbage.vcf" >"$out" 2>"$err"
check_eq "binary garbage exits 1" 1 $?
check_contains "binary garbage named" "$TEST_TMP/garbage.vcf: binary data" "$(cat "$err")"

"$PARLEY" contacts import "$DATA/unknown.csv" >"$out" 2>"$err"
check_eq "unknown CSV layout exits 1" 1 $?
check_contains "unknown CSV says what was expected" "E-mail 1 - Value" "$(cat "$err")"
check_contains "unknown CSV names its columns" '"Vorname"' "$(cat "$err")"

# One bad file among good ones: the good ones still go in, the exit says no.
printf 'BEGIN:VCARD\nVERSION:3.0\nFN:Nia Obi\nEMAIL:nia@obi.example\nEND:VCARD\n' \
    >"$TEST_TMP/nia.vcf"
"$PARLEY" contacts import "$TEST_TMP/missing.vcf" "$TEST_TMP/nia.vcf" >"$out" 2>"$err"
check_eq "a failed file among good ones exits 1" 1 $?
check_eq "the good file is still imported" "imported 1 person (1 address, 0 organisations), 0 skipped" \
    "$(cat "$out")"
"$PARLEY" contacts list --json >"$list"
check_eq "12 people now" 12 "$(json 'len(j)' "$list")"

"$PARLEY" contacts import >"$out" 2>"$err"
check_eq "import without FILE is a usage error" 2 $?
"$PARLEY" contacts frobnicate >"$out" 2>"$err"
check_eq "unknown subcommand is a usage error" 2 $?
check_contains "unknown subcommand named" "frobnicate" "$(cat "$err")"

finish
