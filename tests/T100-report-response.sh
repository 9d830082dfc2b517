#!/usr/bin/env bash
# T100-report-response: time to our first human answer to customers. A
# hand-made Maildir with known delays (an out-of-office that must not count,
# a conversation only an auto-reply acknowledged, an unanswered question, a
# colleague's internal note, a vendor's question, a customer's own
# auto-reply) whose every figure is worked out here; then the usrp-users
# support list against tests/tools/responsestats.py, an independent reading.
. "$(dirname "$0")/lib.sh"
M=$TEST_TMP/Maildir; mkdir -p "$M/cur" "$M/new" "$M/tmp"
msg() { # msg FILE FROM TO DATE ID SUBJECT [IN-REPLY-TO] [EXTRA-HEADER]
    { printf 'From: %s\nTo: %s\nSubject: %s\nDate: %s\nMessage-ID: <%s>\n' "$2" "$3" "$6" "$4" "$5"
      [ -n "${7:-}" ] && printf 'In-Reply-To: <%s>\nReferences: <%s>\n' "$7" "$7"
      [ -n "${8:-}" ] && printf '%s\n' "$8"
      printf '\nSome words of the message.\n'; } >"$M/cur/$1:2,S"
}
J=jane@acme.example C=carl@acme.example
# A: answered after 2h30 by jane; her out-of-office at 09:01 is no answer.
msg a1 ann@northwind.example $J "Mon, 2 Nov 2026 09:00:00 +0000" a1@x "Invoice question"
msg a2 $J ann@northwind.example "Mon, 2 Nov 2026 09:01:00 +0000" a2@x "Out of office: Invoice question" a1@x "Auto-Submitted: auto-replied"
msg a3 $J ann@northwind.example "Mon, 2 Nov 2026 11:30:00 +0000" a3@x "Re: Invoice question" a1@x
# B: two questions in a row, a colleague's internal note, carl answers at 16:00.
msg b1 bob@northwind.example $J "Mon, 2 Nov 2026 10:00:00 +0000" b1@x "Broken widget"
msg b2 bob@northwind.example $J "Mon, 2 Nov 2026 10:30:00 +0000" b2@x "Re: Broken widget" b1@x
msg b3 $C $J "Mon, 2 Nov 2026 11:00:00 +0000" b3@x "Re: Broken widget" b2@x
msg b4 $C "bob@northwind.example, $J" "Mon, 2 Nov 2026 16:00:00 +0000" b4@x "Re: Broken widget" b2@x
# C: a prospect, two turns: 45 minutes, then a day.
msg c1 cat@contoso.example $J "Tue, 3 Nov 2026 08:00:00 +0000" c1@x "Pricing"
msg c2 $J cat@contoso.example "Tue, 3 Nov 2026 08:45:00 +0000" c2@x "Re: Pricing" c1@x
msg c3 cat@contoso.example $J "Tue, 3 Nov 2026 12:00:00 +0000" c3@x "Re: Pricing" c2@x
msg c4 $J cat@contoso.example "Wed, 4 Nov 2026 12:00:00 +0000" c4@x "Re: Pricing" c3@x
# D: only an auto-reply answered. E: nobody answered.
msg d1 dan@northwind.example $J "Wed, 4 Nov 2026 14:00:00 +0000" d1@x "Login fails"
msg d2 $J dan@northwind.example "Wed, 4 Nov 2026 14:00:30 +0000" d2@x "Automatic reply: Login fails" d1@x "X-Autoreply: yes"
msg e1 eve@northwind.example $J "Thu, 5 Nov 2026 09:00:00 +0000" e1@x "Feature request"
# F: a vendor asks: not a customer. G: a customer's out-of-office is no question.
msg f1 sales@parts.example $J "Thu, 5 Nov 2026 10:00:00 +0000" f1@x "Your order"
msg f2 $J sales@parts.example "Thu, 5 Nov 2026 10:10:00 +0000" f2@x "Re: Your order" f1@x
msg g1 $J fay@northwind.example "Fri, 6 Nov 2026 09:00:00 +0000" g1@x "Visit"
msg g2 fay@northwind.example $J "Fri, 6 Nov 2026 09:01:00 +0000" g2@x "Out of office: Visit" g1@x "Auto-Submitted: auto-replied"

"$PARLEY" init --me $J --internal-domain acme.example >/dev/null
"$PARLEY" ingest --quiet "$M" >/dev/null
"$PARLEY" label northwind.example customer >/dev/null
"$PARLEY" label contoso.example prospect >/dev/null
"$PARLEY" label parts.example vendor >/dev/null

# Answered turns in seconds: A 2h30, B 6h (from the first of two), C 45m and 24h.
times="9000 21600 2700 86400"
stat() { /usr/bin/python3 -c "
import statistics, sys
t = sorted(float(x) for x in sys.argv[2].split())
q = statistics.quantiles(t, n=10, method='inclusive') if len(t) > 1 else t * 9
print('%g' % {'median': statistics.median(t), 'p90': q[8]}[sys.argv[1]])" "$1" "$2"; }
R=$TEST_TMP/r.json
"$PARLEY" report response --now 2026-11-10 --json >"$R"
check_eq "customer messages: 7 (vendor, auto-replies and our mail left out)" "7" "$(json 'j["messages"]' "$R")"
check_eq "six runs: two questions in a row are one" "6" "$(json 'j["turns"]' "$R")"
check_eq "four answered by a person" "4" "$(json 'j["answered"]' "$R")"
check_eq "median" "$(stat median "$times")" "$(json '"%g" % j["median_s"]' "$R")"
check_eq "p90" "$(stat p90 "$times")" "$(json '"%g" % j["p90_s"]' "$R")"
within=$(for t in $times; do [ "$t" -le 14400 ] && echo; done | wc -l)
check_eq "within the 4h target: A and C's first" "$within" "$(json 'j["within_target"]' "$R")"
check_eq "overdue: both unanswered ones" "2" "$(json 'j["overdue"]' "$R")"
check_eq "share within target over answered + overdue" "$(/usr/bin/python3 -c "print('%.4f' % ($within / 6))")" \
    "$(json '"%.4f" % j["within_target_share"]' "$R")"
check_eq "automated messages ignored: the two auto-replies of ours" "2" "$(json 'j["automated_ignored"]' "$R")"
check_eq "by responder" "$J:3:9000 $C:1:21600" \
    "$(json '" ".join("%s:%d:%g" % (g["responder"], g["answered"], g["median_s"]) for g in j["by_responder"])' "$R")"
check_eq "by channel" "email:4" "$(json '" ".join("%s:%d" % (g["channel"], g["answered"]) for g in j["by_channel"])' "$R")"
check_eq "unanswered, oldest first" "dan@northwind.example eve@northwind.example" \
    "$(json '" ".join(o["counterpart"] for o in j["unanswered"])' "$R")"
age=$(/usr/bin/python3 -c "
import datetime as d
print(int((d.datetime(2026, 11, 10) - d.datetime(2026, 11, 4, 14)).total_seconds()))")
check_eq "age of the oldest, at --now" "$age" "$(json 'j["unanswered"][0]["age_s"]' "$R")"
check_eq "subject of the oldest" "Login fails" "$(json 'j["unanswered"][0]["subject"]' "$R")"
check_eq "only an auto-reply acknowledged D" "Login fails:True" \
    "$(json '" ".join("%s:%s" % (o["subject"], o["auto_acknowledged"]) for o in j["auto_only"])' "$R")"

# Business hours 09-17 Mon-Fri UTC: only that time counts.
bh=$(/usr/bin/python3 -c "
import datetime as d
def bh(a, b):
    s, t = 0, a
    while t < b:
        n = min(b, t + d.timedelta(minutes=1))
        if t.weekday() < 5 and 9 <= t.hour < 17: s += (n - t).total_seconds()
        t = n
    return int(s)
D = d.datetime
print(' '.join(str(bh(a, b)) for a, b in [(D(2026,11,2,9), D(2026,11,2,11,30)), (D(2026,11,2,10), D(2026,11,2,16)),
      (D(2026,11,3,8), D(2026,11,3,8,45)), (D(2026,11,3,12), D(2026,11,4,12))]))")
"$PARLEY" report response --now 2026-11-10 --business-hours 09-17 --json >"$R"
check_eq "business-hours median" "$(stat median "$bh")" "$(json '"%g" % j["median_s"]' "$R")"
check_eq "business-hours p90" "$(stat p90 "$bh")" "$(json '"%g" % j["p90_s"]' "$R")"
check_eq "business-hours within target" "$(for t in $bh; do [ "$t" -le 14400 ] && echo; done | wc -l)" "$(json 'j["within_target"]' "$R")"
"$PARLEY" report response --now 2026-11-10 --target 30m --json >"$R"
check_eq "--target 30m" "$(for t in $times; do [ "$t" -le 1800 ] && echo; done | wc -l)" "$(json 'j["within_target"]' "$R")"
"$PARLEY" report response --since 2026-11-03 --now 2026-11-10 --json >"$R"
check_eq "--since: C's two turns, D and E" "4 4 2" "$(json '"%d %d %d" % (j["messages"], j["turns"], j["answered"])' "$R")"
"$PARLEY" report response --until 2026-11-03 --json >"$R"
check_eq "--until: A and B" "3 2 2" "$(json '"%d %d %d" % (j["messages"], j["turns"], j["answered"])' "$R")"

txt=$("$PARLEY" report response --now 2026-11-10)
check_contains "text: median and p90" "median 4h 15m, p90 18h 36m" "$txt"
check_contains "text: responder row" "carl@acme.example         1  6h 00m" "$txt"
check_contains "text: unanswered row" "2026-11-04   5d 10h  email    dan@northwind.example  Login fails" "$txt"
check_contains "text: auto-only section" "Acknowledged only by an automated message: 1" "$txt"

for bad in "--since yesterday-ish" "--until 2026-13-01" "--target 4x" "--target -1h" \
    "--business-hours 17-09" "--business-hours 9to5" "--business-hours 09-17 --timezone Nowhere/Land"; do
    # shellcheck disable=SC2086
    out=$("$PARLEY" report response $bad 2>&1); rc=$?
    check "refused: $bad" test $rc -ne 0
    check_contains "with a reason: $bad" "parley:" "$out"
done

# The usrp-users support list: staff at ettus.com, ni.com, emerson.com.
need_corpus mail/usrp-users "usrp-users response times" || { finish; exit; }
export PARLEY_DB=$TEST_TMP/usrp.db PARLEY_CONFIG=$TEST_TMP/usrp.conf
"$PARLEY" init --internal-domain ettus.com --internal-domain ni.com --internal-domain emerson.com >/dev/null
"$PARLEY" ingest --quiet "$CORPUS/mail/usrp-users" >/dev/null 2>&1
"$PARLEY" label '*' customer >/dev/null
"$PARLEY" report response --json >"$R"
py=$(/usr/bin/python3 "$TESTS_DIR/tools/responsestats.py" --internal ettus.com,ni.com,emerson.com "$CORPUS/mail/usrp-users")
val() { echo "$py" | /usr/bin/python3 -c "import json,sys; print(eval(sys.argv[1], {}, json.load(sys.stdin)))" "$1"; }
check_eq "customer messages as the independent count" "$(val customer_messages)" "$(json 'j["messages"]' "$R")"
# Threading differs only on reference-less replies parley joins by subject.
a=$(json 'j["answered"]' "$R"); e=$(val answered)
check "runs answered by staff ($a) within 2% of the independent $e" test $((100 * (a - e))) -le $((2 * e)) -a $((100 * (e - a))) -le $((2 * e))
m=$(json 'j["median_s"]' "$R"); pm=$(val median_s)
check "median response ($m s) within 5% of the independent $pm s" \
    /usr/bin/python3 -c "import sys; sys.exit(abs($m - $pm) > 0.05 * $pm)"
check_eq "staff answer: no responder outside the staff domains" "0" \
    "$(json 'len([g for g in j["by_responder"] if g["responder"].split("@")[-1] not in ("ettus.com", "ni.com", "emerson.com")])' "$R")"
finish
