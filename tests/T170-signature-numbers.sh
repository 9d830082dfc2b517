#!/usr/bin/env bash
# T170-signature-numbers.sh — phone numbers from mail signatures through the
# real CLI: hand-made mail with signatures (labels, national numbers with
# the configured country, a fax, a number in the body, a quoted signature,
# a newsletter footer), then call records from and to those numbers: the
# number of one author joins that author (a person made for them), a number
# in two authors' signatures stays nobody's, one that contacts give someone
# else stays theirs (contacts win, listed as a conflict), and the calls
# count for the person and their category in `report calls`, `report value`
# and `calllist`. Contacts imported later take over; re-ingest changes
# nothing; [phone] signature-numbers = false reads none. Then a few real
# messages of the usrp-users corpus against tests/tools/signums.py.
source "$(dirname "$0")/lib.sh"
export TZ=UTC LC_ALL=C.UTF-8
out=$TEST_TMP/out err=$TEST_TMP/err
"$PARLEY" init --me jane@acme.example --internal-domain acme.example >/dev/null
printf '[phone]\ndefault-country = DE\n[calls]\ninternal-numbers = 1000-1999\n' >>"$PARLEY_CONFIG"
day() { date -u -d "$1 days ago" "$2"; }
verify() { "$PARLEY" stats --verify >"$out" 2>&1 && ok "$1: call-list summaries match" ||
    bad "$1: call-list summaries match" "$(head -5 "$out")"; }

cat >"$TEST_TMP/c.vcf" <<'VCF'
BEGIN:VCARD
VERSION:3.0
UID:carla
FN:Carla Customer
ORG:Northwind
EMAIL:carla@northwind.example
TEL:+1 555 010 2040
CATEGORIES:customer
END:VCARD
BEGIN:VCARD
VERSION:3.0
UID:victor
FN:Victor Vendor
ORG:Supplies
EMAIL:victor@supplies.example
TEL:+44 20 7946 0000
CATEGORIES:vendor
END:VCARD
VCF
"$PARLEY" contacts import "$TEST_TMP/c.vcf" >/dev/null

mkdir -p "$TEST_TMP/mail"
mail() { # FILE FROM DAYS-AGO BODY [HEADER...]
    local f=$1 from=$2 ago=$3 body=$4
    shift 4
    {
        printf 'From: %s\nTo: jane@acme.example\nSubject: About %s\nDate: %s\nMessage-ID: <%s@t>\n' \
            "$from" "$f" "$(day "$ago" '+%a, %d %b %Y %H:%M:%S +0000')" "$f"
        printf 'Content-Type: text/plain; charset=utf-8\n'
        for h in "$@"; do printf '%s\n' "$h"; done
        printf '\n%b' "$body"
    } >"$TEST_TMP/mail/$f.eml"
}
mail m1 '"Klaus Meier" <klaus@beispiel.example>' 20 \
    'Hallo Jane,\n\nanbei das Angebot. Please call our supplier at +49 30 7654321 for the parts.\n\nMit freundlichen Grüßen\nKlaus Meier\nBeispiel GmbH\nTel: +49 30 1234567\nFax: +49 30 1234568\nM: 0171 1234567\nOrder no. 12345678 | Ref 2024-01-15 | Server 192.168.10.20\n'
mail m2 '"Anna Schmidt" <anna@beispiel.example>' 19 'Hi Jane,\nthe order is out.\n-- \nAnna Schmidt\nTel: +49 30 1234500\n'
mail m3 '"Bernd Braun" <bernd@other.example>' 18 'Hello,\nplease call me.\n-- \nBernd Braun\nPhone: +49 (0)30 1234500\n'
mail m4 '"Carla Customer" <carla@northwind.example>' 17 'Jane,\nok for Tuesday.\n-- \nCarla\nMobile: +1 555 010 2030\n'
mail m5 '"Dora Dunn" <dora@fabrikam.example>' 16 'Hi,\nnew price list attached.\n-- \nDora\nT: +44 20 7946 0000\n'
mail m6 'Shop News <news@shop.example>' 15 'Our offers this week!\n-- \nShop GmbH\nTel: +49 30 9999999\n' \
    'Precedence: bulk' 'List-Unsubscribe: <mailto:unsubscribe@shop.example>'
mail m7 '"Klaus Meier" <klaus@beispiel.example>' 14 \
    'Danke!\n\nOn Mon, Anna Schmidt wrote:\n> Hi Jane,\n> -- \n> Anna Schmidt\n> Tel: +49 30 1234566\n' \
    'In-Reply-To: <m2@t>' 'References: <m2@t>'
"$PARLEY" ingest "$TEST_TMP/mail" >/dev/null 2>"$err"
check_eq "mail ingested" "" "$(cat "$err")"

cat >"$TEST_TMP/calls.csv" <<CSV
Date,Caller,Callee,Talk
$(day 10 '+%Y-%m-%d 09:00:00'),+49 30 1234567,1001,120
$(day 9 '+%Y-%m-%d 09:00:00'),0171 1234567,1001,0
$(day 8 '+%Y-%m-%d 09:00:00'),1002,+1 555 010 2030,60
$(day 7 '+%Y-%m-%d 09:00:00'),030 1234500,1001,30
$(day 6 '+%Y-%m-%d 09:00:00'),+44 20 7946 0000,1003,0
CSV
"$PARLEY" ingest --cdr csv --map start=Date,from=Caller,to=Callee,seconds=Talk "$TEST_TMP/calls.csv" >/dev/null 2>"$err"
check_eq "calls ingested" "" "$(cat "$err")"

# --- whose the numbers are ---------------------------------------------------------
"$PARLEY" numbers --json >"$TEST_TMP/n.json"
check_eq "numbers exits 0" 0 $?
st() { json "{n['number']: n for n in j}.get('$1', {}).get('$2')" "$TEST_TMP/n.json"; }
check_eq "five numbers: the body's, the fax, the newsletter's and the quoted one are none" \
    "['+15550102030', '+442079460000', '+491711234567', '+49301234500', '+49301234567']" \
    "$(json 'sorted(n["number"] for n in j)' "$TEST_TMP/n.json")"
check_eq "Klaus's office number, normalised, is his (a person made for him)" "linked Klaus Meier" \
    "$(st +49301234567 status) $(st +49301234567 person)"
check_eq "his national mobile number read with the configured country" "linked Klaus Meier" \
    "$(st +491711234567 status) $(st +491711234567 person)"
check_eq "a number in two authors' signatures is nobody's" "ambiguous None" \
    "$(st +49301234500 status) $(st +49301234500 person)"
check_eq "  both authors are listed" \
    "['Anna Schmidt <anna@beispiel.example>', 'Bernd Braun <bernd@other.example>']" \
    "$(st +49301234500 authors)"
check_eq "a contact's signature number joins that contact and organisation" \
    "linked Carla Customer Northwind" \
    "$(st +15550102030 status) $(st +15550102030 person) $(st +15550102030 organisation)"
check_eq "contacts win over a signature: Victor's number stays his" "conflict Victor Vendor" \
    "$(st +442079460000 status) $(st +442079460000 person)"
"$PARLEY" numbers --unlinked >"$out"
check_eq "--unlinked: the ambiguous number and the conflict only" "2" "$(grep -c '^+' "$out")"
check_contains "text output names the authors" "Bernd Braun <bernd@other.example>" "$(cat "$out")"
verify "after mail and calls"

# --- calls attributed to the person and their category --------------------------------------
"$PARLEY" label beispiel.example customer >/dev/null
"$PARLEY" report calls --json >"$out"
check_eq "report calls: the missed calls name the person and organisation" \
    "[('+442079460000', 'Victor Vendor', 'Supplies'), ('+491711234567', 'Klaus Meier', None)]" \
    "$(json 'sorted((g["number"], g["person"], g["organisation"]) for g in j["inbound"]["gave_up_top"])' "$out")"
"$PARLEY" report value --team --json >"$out"
# Customer conversations by hand: mail m1 (Klaus), m2+m7 (Anna's thread),
# m4 (Carla); calls from Klaus's two numbers (his address's domain is a
# customer) and to Carla's. The ambiguous number's call is unclassified.
check_eq "report value: customer conversations include the calls of signature numbers" 6 \
    "$(json 'j["categories"]["customer"]["conversations"]' "$out")"
check_eq "  and Klaus's calls count under his domain" "beispiel.example customer 4" \
    "$(json '" ".join(str(t[k]) for t in j["top"] if t["counterpart"] == "beispiel.example" for k in ("counterpart", "category", "conversations"))' "$out")"
"$PARLEY" calllist --json >"$out"
check_eq "calllist: Klaus is a customer with his number and his answered call" \
    "+49301234567 $(day 10 +%F) 4" \
    "$(json '" ".join(str(c[k]) for c in j["contacts"] if c["name"] == "Klaus Meier" for k in ("phone", "last_voice", "recent_conversations"))' "$out")"
check_eq "calllist: Carla's call to her signature number is her last voice" "$(day 8 +%F)" \
    "$(json '[c["last_voice"] for c in j["contacts"] if c["name"] == "Carla Customer"][0]' "$out")"
verify "after a label"

# --- re-ingest changes nothing ------------------------------------------------------------
"$PARLEY" stats --json >"$TEST_TMP/stats1"
"$PARLEY" ingest "$TEST_TMP/mail" >/dev/null 2>&1
"$PARLEY" ingest --force "$TEST_TMP/mail" >/dev/null 2>&1
"$PARLEY" ingest --cdr csv --map start=Date,from=Caller,to=Callee,seconds=Talk "$TEST_TMP/calls.csv" >/dev/null 2>&1
"$PARLEY" numbers --json >"$TEST_TMP/n2.json"
check "re-ingest (and --force): the same numbers" cmp -s "$TEST_TMP/n.json" "$TEST_TMP/n2.json"
"$PARLEY" stats --json >"$TEST_TMP/stats2"
check "re-ingest: the same store" cmp -s "$TEST_TMP/stats1" "$TEST_TMP/stats2"

# --- contacts imported later take over ------------------------------------------------------
cat >"$TEST_TMP/c2.vcf" <<'VCF'
BEGIN:VCARD
VERSION:3.0
UID:kurt
FN:Kurt Keller
EMAIL:kurt@keller.example
TEL:0171 1234567
CATEGORIES:vendor
END:VCARD
VCF
"$PARLEY" contacts import "$TEST_TMP/c2.vcf" >/dev/null
"$PARLEY" numbers --json >"$TEST_TMP/n.json"
check_eq "contacts give Klaus's mobile to Kurt: theirs now, a conflict" "conflict Kurt Keller" \
    "$(st +491711234567 status) $(st +491711234567 person)"
check_eq "  Klaus keeps his office number" "linked Klaus Meier" "$(st +49301234567 status) $(st +49301234567 person)"
"$PARLEY" report calls --json >"$out"
check_eq "  the missed call from it is Kurt's" "Kurt Keller" \
    "$(json '[g["person"] for g in j["inbound"]["gave_up_top"] if g["number"] == "+491711234567"][0]' "$out")"
verify "after contacts took a number"
cat >"$TEST_TMP/c3.vcf" <<'VCF'
BEGIN:VCARD
VERSION:3.0
UID:klaus
FN:Klaus Meier
ORG:Beispiel GmbH
EMAIL:klaus@beispiel.example
END:VCARD
VCF
"$PARLEY" contacts import "$TEST_TMP/c3.vcf" >/dev/null
"$PARLEY" numbers --json >"$TEST_TMP/n.json"
check_eq "Klaus in contacts: his number follows him into his organisation" \
    "linked Klaus Meier Beispiel GmbH" \
    "$(st +49301234567 status) $(st +49301234567 person) $(st +49301234567 organisation)"
"$PARLEY" contacts list --json >"$out"
check_eq "  the person made from his signature is gone" "['uid:carla', 'uid:klaus', 'uid:kurt', 'uid:victor']" \
    "$(json 'sorted(p["key"] for p in j)' "$out")"
check_eq "  and his identities are his contact's" "['+49301234567'] ['klaus@beispiel.example']" \
    "$(json '" ".join(str(p[k]) for p in j if p["key"] == "uid:klaus" for k in ("phones", "emails"))' "$out")"
verify "after contacts took the author"

# --- [phone] signature-numbers = false --------------------------------------------------------
mail m8 '"Eva Eck" <eva@eck.example>' 3 'Hi\n-- \nEva Eck\nTel: +49 89 1111111\n'
sed -i 's/^\[phone\]$/[phone]\nsignature-numbers = false/' "$PARLEY_CONFIG"
"$PARLEY" ingest "$TEST_TMP/mail" >/dev/null 2>&1
"$PARLEY" numbers --json >"$out"
check_eq "signature-numbers = false: Eva's number is not read" "False" "$(json '"+49891111111" in [n["number"] for n in j]' "$out")"
sed -i 's/^signature-numbers = false$/signature-numbers = true/' "$PARLEY_CONFIG"
"$PARLEY" ingest --force "$TEST_TMP/mail" >/dev/null 2>&1
"$PARLEY" numbers --json >"$out"
check_eq "  turned on again, a forced re-read finds it" "linked Eva Eck" \
    "$(json '" ".join(str(n[k]) for n in j if n["number"] == "+49891111111" for k in ("status", "person"))' "$out")"
"$PARLEY" numbers extra >"$out" 2>&1
check_eq "numbers: an unexpected argument is refused" 1 $?

# --- real signatures: usrp-users --------------------------------------------------------------
if need_corpus mail/usrp-users "usrp-users signatures"; then
    export PARLEY_DB=$TEST_TMP/usrp.db PARLEY_CONFIG=$TEST_TMP/usrp.conf
    "$PARLEY" init --me jane@acme.example --internal-domain ettus.com >/dev/null
    cur=$CORPUS/mail/usrp-users/cur
    # Erik's own signature; two replies quoting it Outlook-style (no '>');
    # pipes with a fax; a signature below the quote; one after a rule.
    files=()
    for id in 000302 000303 000305 000306 003575 000194 001372; do files+=("$cur"/usrp.$id.*); done
    "$PARLEY" ingest "${files[@]}" >/dev/null 2>&1
    "$PARLEY" numbers --json >"$out"
    python3 "$TESTS_DIR/tools/signums.py" "${files[@]}" >"$TEST_TMP/want.json"
    check_eq "usrp-users: numbers and authors as read independently" "$(cat "$TEST_TMP/want.json")" \
        "$(json 'json.dumps({n["number"]: sorted(a.split("<")[-1].rstrip(">") for a in n["authors"]) for n in sorted(j, key=lambda n: n["number"])})' "$out")"
    check_eq "usrp-users: Erik's number is his, not the repliers'" "linked Erik Heinz" \
        "$(json '" ".join(n[k] for n in j if n["number"] == "+4936412328165" for k in ("status", "person"))' "$out")"
    check_eq "usrp-users: six numbers, every one linked" "6 ['linked']" \
        "$(json 'str(len(j)) + " " + str(sorted(set(n["status"] for n in j)))' "$out")"
fi
finish
