#!/usr/bin/env bash
# T050-report-value: a hand-made mailbox whose every figure is worked out
# here by arithmetic: shares by category, estimated time from the documented
# model, filters (--last, --since, --until, --team, --include-automated),
# trend periods, top counterparts and goals; text and JSON.
. "$(dirname "$0")/lib.sh"
M=$TEST_TMP/Maildir; mkdir -p "$M/cur" "$M/new" "$M/tmp"
words() { /usr/bin/python3 -c "print(' '.join('w%d' % i for i in range($1)))"; }
msg() { # msg FILE FROM TO DATE ID WORDS [IN-REPLY-TO] [EXTRA-HEADER]
    { printf 'From: %s\nTo: %s\nSubject: Topic %s\nDate: %s\nMessage-ID: <%s>\n' "$2" "$3" "$5" "$4" "$5"
      [ -n "${7:-}" ] && printf 'In-Reply-To: <%s>\nReferences: <%s>\n' "$7" "$7"
      [ -n "${8:-}" ] && printf '%s\n' "$8"
      printf '\n%s\n' "$(words "$6")"; } >"$M/cur/$1:2,S"
}
msg c1a ann@northwind.example jane@acme.example "Mon, 2 Nov 2026 09:00:00 +0000" c1a@x 100
msg c1b jane@acme.example ann@northwind.example "Tue, 3 Nov 2026 09:00:00 +0000" c1b@x 50 c1a@x
msg c2 sales@parts.example jane@acme.example "Tue, 20 Oct 2026 12:00:00 +0000" c2@x 200
msg c3 boss@acme.example jane@acme.example "Thu, 5 Nov 2026 08:00:00 +0000" c3@x 40
msg c4 bob@acme.example jane@acme.example "Thu, 10 Sep 2026 08:00:00 +0000" c4@x 10
msg c5 x@unknown.example jane@acme.example "Fri, 6 Nov 2026 08:00:00 +0000" c5@x 20
msg c6 news@shop.example jane@acme.example "Sat, 7 Nov 2026 08:00:00 +0000" c6@x 300 "" "List-Unsubscribe: <mailto:leave@shop.example>"
msg c7 bob@acme.example carl@acme.example "Sat, 7 Nov 2026 09:00:00 +0000" c7@x 30

"$PARLEY" init --me jane@acme.example --internal-domain acme.example --manager boss@acme.example >/dev/null
printf '\n[goals]\nvendors = vendor >= 10%%\ncustomer-time = customer >= 50%% of time\n' >>"$PARLEY_CONFIG"
"$PARLEY" ingest --quiet "$M" >/dev/null
"$PARLEY" label northwind.example customer >/dev/null
"$PARLEY" label parts.example vendor >/dev/null

R=$TEST_TMP/r.json
"$PARLEY" report value --json >"$R"
check_eq "my conversations, automated and others' left out" "5" "$(json 'j["total"]["conversations"]' "$R")"
for c in customer vendor manager internal unclassified; do
    check_eq "$c: one conversation, 20%" "1 0.2" "$(json "'%d %g' % (j['categories']['$c']['conversations'], j['categories']['$c']['share'])" "$R")"
done
# Time model defaults: read 30 s + words/200 wpm, write 120 s + words/40 wpm.
c1=$(( 30 + 100 * 60 / 200 + 120 + 50 * 60 / 40 )); c2=$(( 30 + 200 * 60 / 200 ))
c3=$(( 30 + 40 * 60 / 200 )); c4=$(( 30 + 10 * 60 / 200 )); c5=$(( 30 + 20 * 60 / 200 ))
check_eq "customer time from the model" "$c1" "$(json 'j["categories"]["customer"]["seconds"]' "$R")"
check_eq "vendor time" "$c2" "$(json 'j["categories"]["vendor"]["seconds"]' "$R")"
check_eq "total time" "$((c1 + c2 + c3 + c4 + c5))" "$(json 'j["total"]["seconds"]' "$R")"
check_eq "outside the company: customer, vendor, unknown" "3" "$(json 'j["external"]["conversations"]' "$R")"
check_eq "top counterpart" "northwind.example customer" "$(json 'j["top"][0]["counterpart"] + " " + j["top"][0]["category"]' "$R")"
check_eq "colleagues are not counterparts" "0" "$(json 'len([t for t in j["top"] if t["counterpart"].endswith("acme.example")])' "$R")"
check_eq "goals: customer-facing missed, vendors met, customer time met" \
    "customer-facing:False vendors:True customer-time:$( [ $((c1 * 2)) -ge $((c1 + c2 + c3 + c4 + c5)) ] && echo True || echo False)" \
    "$(json '" ".join("%s:%s" % (g["name"], g["met"]) for g in j["goals"])' "$R")"

"$PARLEY" report value --since 2026-11-01 --json >"$R"
check_eq "--since" "3" "$(json 'j["total"]["conversations"]' "$R")"
"$PARLEY" report value --until 2026-11-01 --json >"$R"
check_eq "--until" "2" "$(json 'j["total"]["conversations"]' "$R")"
"$PARLEY" report value --last 2 --json >"$R"
check_eq "--last 2 takes the newest" "manager unclassified" \
    "$(json '" ".join(sorted(k for k, v in j["categories"].items() if v["conversations"]))' "$R")"
"$PARLEY" report value --team --json >"$R"
check_eq "--team adds colleagues' conversations" "6" "$(json 'j["total"]["conversations"]' "$R")"
"$PARLEY" report value --include-automated --json >"$R"
check_eq "--include-automated adds the newsletter" "6" "$(json 'j["total"]["conversations"]' "$R")"
"$PARLEY" report value --by month --json >"$R"
check_eq "trend by month" "2026-09:1 2026-10:1 2026-11:3" \
    "$(json '" ".join("%s:%d" % (p["period"], p["total"]["conversations"]) for p in j["trend"])' "$R")"
weeks=$(/usr/bin/python3 -c "
import datetime, collections
c = collections.Counter()
for d in ['2026-11-03', '2026-10-20', '2026-11-05', '2026-09-10', '2026-11-06']:
    y, w, _ = datetime.date.fromisoformat(d).isocalendar(); c['%04d-W%02d' % (y, w)] += 1
print(' '.join('%s:%d' % kv for kv in sorted(c.items())))")
"$PARLEY" report value --by week --json >"$R"
check_eq "trend by ISO week" "$weeks" \
    "$(json '" ".join("%s:%d" % (p["period"], p["total"]["conversations"]) for p in j["trend"])' "$R")"

txt=$("$PARLEY" report value --by month)
check_contains "text: aligned customer row" "  customer          1   20.0%" "$txt"
check_contains "text: goal line" "MISSED" "$txt"
check_contains "text: points at the unclassified" "parley who --unclassified" "$txt"
check_contains "who --unclassified lists the unknown domain" "unknown.example" "$("$PARLEY" who --unclassified)"
"$PARLEY" label unknown.example prospect >/dev/null
"$PARLEY" report value --json >"$R"
check_eq "a label reclassifies at once" "1" "$(json 'j["categories"]["prospect"]["conversations"]' "$R")"

# Config changes are picked up: without me, everything is the team view.
out=$("$PARLEY" report value --by year 2>&1); rc=$?
check "--by year is refused" test $rc -ne 0
check_contains "with the reason" "--by takes week or month" "$out"
out=$("$PARLEY" report value --since yesterday-ish 2>&1); rc=$?
check "a bad date is refused" test $rc -ne 0
check_contains "naming the value" '"yesterday-ish" is not a date' "$out"
out=$("$PARLEY" report nosuch 2>&1); rc=$?
check "an unknown report is refused" test $rc -ne 0
out=$("$PARLEY" label example.com nonsense 2>&1); rc=$?
check "an unknown category is refused" test $rc -ne 0
out=$("$PARLEY" label gmail.com customer 2>&1); rc=$?
check "a free-mail domain cannot be labelled" test $rc -ne 0
check_contains "and the error says why" "free-mail domain" "$out"
finish
