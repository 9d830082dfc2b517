#!/usr/bin/env bash
# T140-open-detected: questions and promises detected at ingest and listed by
# `parley open`. First a hand-made Maildir whose every item is worked out
# here from the rules in docs/model.md ("Open items"): a customer's questions
# answered by our reply, our promises with due days in the writer's zone, a
# question still open, auto-replies (theirs and ours) that give nothing and
# answer nothing, an internal note, a newsletter, an Outlook-quoted question;
# then re-ingest, done / dismiss that stay, a later reply closing a question,
# arrival in the other order, metadata-only mode, a config change and a
# chat. Then
# the first 800 messages of usrp-users (staff domains internal) against
# tests/tools/itemscheck.py, an independent reading of the same files.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
A=$TEST_TMP/A B=$TEST_TMP/B
mkdir -p "$A/cur" "$A/new" "$A/tmp" "$B/cur" "$B/new" "$B/tmp"
msg() { # msg DIR FILE FROM TO DATE ID SUBJECT IN-REPLY-TO EXTRA-HEADER  (body on stdin)
    { printf 'From: %s\nTo: %s\nSubject: %s\nDate: %s\nMessage-ID: <%s>\n' "$3" "$4" "$7" "$5" "$6"
      [ -n "$8" ] && printf 'In-Reply-To: <%s>\nReferences: <%s>\n' "$8" "$8"
      [ -n "$9" ] && printf '%s\n' "$9"
      printf '\n'; cat; } >"$1/cur/$2:2,S"
}
ME=me@our.example J=jane@customer.example K=kim@other.example
msg "$A" q1 "Jane Doe <$J>" $ME "Mon, 2 Mar 2026 09:00:00 -0800" q1@x "Quote" "" "" <<'EOF'
Hi,

Can you send me a quote for 20 units? Is there a discount for universities?

Thanks,
Jane

-- 
Jane Doe | Acme | What's new? https://acme.example/?news
EOF
msg "$A" r1 $ME "Jane Doe <$J>" "Mon, 2 Mar 2026 17:30:00 -0800" r1@x "Re: Quote" q1@x "" <<'EOF'
Hi Jane,

I'll send the quote tomorrow. Let me check with our education team about the discount.

On Mon, Mar 2, 2026 at 9:00 AM Jane Doe <jane@customer.example> wrote:
> Can you send me a quote for 20 units? Is there a discount for universities?
EOF
msg "$A" q2 "Jane Doe <$J>" $ME "Wed, 4 Mar 2026 08:00:00 -0800" q2@x "Re: Quote" r1@x "" <<'EOF'
Thanks! Do you know when the units would ship?

> I'll send the quote tomorrow.
EOF
# Our own out-of-office: no promise, and no answer to q2.
msg "$A" a1 $ME "Jane Doe <$J>" "Wed, 4 Mar 2026 08:01:00 -0800" a1@x "Automatic reply: Re: Quote" q2@x \
    "Auto-Submitted: auto-replied" <<'EOF'
I am out of the office until Monday. I will answer your question when I am back. Can you call my colleague instead?
EOF
# Jane's out-of-office (Exchange, marked only by its subject and rule header): no question.
msg "$A" o1 "Jane Doe <$J>" $ME "Thu, 5 Mar 2026 07:00:00 -0800" o1@x "Out of Office: Delivery" "" \
    "X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent" <<'EOF'
Can you send the documents to my colleague? I will be back on 12 March.
EOF
# Kim asks once; the question under the Outlook header block is Jane's, quoted.
msg "$A" k1 "Kim <$K>" $ME "Tue, 3 Mar 2026 10:00:00 +0100" k1@x "Delivery" "" "" <<'EOF'
Could you confirm the delivery date for order 4711?

From: Jane Doe <jane@customer.example>
Sent: Monday, March 2, 2026 09:00
To: Kim
Subject: Quote

Is there a discount for universities?
EOF
# A colleague's internal note and a newsletter: neither counts.
msg "$A" i1 bob@our.example $ME "Tue, 3 Mar 2026 11:00:00 +0000" i1@x "Review" "" "" <<'EOF'
Can you review the quote before it goes out? I will send it to Jane after lunch.
EOF
msg "$A" w1 "Vendor News <news@vendor.example>" $ME "Tue, 3 Mar 2026 12:00:00 +0000" w1@x "Deals" "" \
    "List-Unsubscribe: <mailto:u@vendor.example>" <<'EOF'
Want to save 20% on antennas? We will ship your order within 2 days.
EOF
# Later mail (directory B): our answer to q2 and a promise to Kim.
msg "$B" r2 $ME "Jane Doe <$J>" "Wed, 4 Mar 2026 15:00:00 -0800" r2@x "Re: Quote" q2@x "" <<'EOF'
They ship on Monday. I will send the tracking number next week.
EOF
msg "$B" p1 $ME "Kim <$K>" "Wed, 4 Mar 2026 09:00:00 +0100" p1@x "Re: Delivery" k1@x "" <<'EOF'
We will ship order 4711 on 12 March.
EOF

# What the rules say, by hand. Questions: Jane's two in q1, answered by r1
# (Tue 3 March 01:30 UTC); her q2, open until r2 (4 March 23:00 UTC); Kim's
# one, answered by p1 (4 March 08:00 UTC). Promises (ours, about whom we
# answered): r1 "tomorrow" from Monday in -0800 = 3 March; r1 "let me check"
# without a day; r2 "next week" from Wednesday = Friday 13 March; p1 "on 12
# March". Nothing from a1, o1, i1, w1.
Q1A="Can you send me a quote for 20 units?" Q1B="Is there a discount for universities?"
Q2="Do you know when the units would ship?" QK="Could you confirm the delivery date for order 4711?"
P1="I'll send the quote tomorrow." P2="Let me check with our education team about the discount."
P3="I will send the tracking number next week." P4="We will ship order 4711 on 12 March."
fresh() { rm -f "$PARLEY_DB" "$PARLEY_DB"-* "$PARLEY_DB".*; rm -f "$PARLEY_CONFIG"; "$PARLEY" init "$@" >/dev/null; }
rows() { # kind|status|closed_by|due|closed|with|sentence, sorted
    "$PARLEY" open --all --json | /usr/bin/python3 -c 'import json,sys
for i in json.load(sys.stdin):
    print("|".join(str(i[k]) for k in ("kind", "status", "closed_by", "due", "closed", "identity", "source_sentence")))' | LC_ALL=C sort
}
srt() { LC_ALL=C sort <<<"$1"; }

fresh --me $ME --internal-domain our.example
"$PARLEY" ingest --quiet "$A" >/dev/null
check_eq "after A: questions answered by r1 are done, q2 and Kim's open, two promises open" "$(srt \
"promise|open|None|2026-03-03|None|$J|$P1
promise|open|None|None|None|$J|$P2
question|done|reply|None|2026-03-03|$J|$Q1A
question|done|reply|None|2026-03-03|$J|$Q1B
question|open|None|None|None|$J|$Q2
question|open|None|None|None|$K|$QK")" "$(rows)"
J1=$TEST_TMP/open.json
"$PARLEY" open --json >"$J1"
check_eq "parley open lists the four open ones" 4 "$(json 'len(j)' "$J1")"
check_eq "every one detected, with its source sentence and message" "detected detected detected detected" \
    "$(json '" ".join(i["origin"] for i in j if i["source_sentence"] and i["source_event"].startswith("mid:") and i["source_date"])' "$J1")"
check_eq "no item from the auto-replies, the internal note or the newsletter" "" \
    "$("$PARLEY" open --all --json | /usr/bin/python3 -c 'import json,sys
print(" ".join(i["source_event"] for i in json.load(sys.stdin) if i["source_event"].split(":")[1] in ("a1@x", "o1@x", "i1@x", "w1@x")))')"
check_eq "--kind question" "$QK|$Q2" "$("$PARLEY" open --kind question --json | /usr/bin/python3 -c 'import json,sys; print("|".join(sorted(i["text"] for i in json.load(sys.stdin))))')"
check_eq "--kind promise" 2 "$("$PARLEY" open --kind promise --json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
check_eq "--kind follow-up: none logged" "nothing open" "$("$PARLEY" open --kind follow-up)"
check_eq "--origin logged: none" "[]" "$("$PARLEY" open --origin logged --json | tr -d ' \n')"
txt=$("$PARLEY" open --kind question)
check_contains "text: origin column" "ORIGIN" "$txt"
check_contains "text: the sentence, quoted" "\"$QK\"" "$txt"
check_contains "text: where it was said" "2026-03-03 Delivery" "$txt"
check_contains "text: summary by kind" "2 open (0 follow-ups, 2 questions, 0 promises)" "$txt"
check_contains "--all shows who closed" "done (reply)" "$("$PARLEY" open --all)"
check_contains "a bad --kind is refused" "use question, promise or follow-up" "$("$PARLEY" open --kind task 2>&1)"
check "a bad --kind exits non-zero" bash -c "! '$PARLEY' open --kind task 2>/dev/null"
check_eq "open TARGET: Kim's" "$QK" "$("$PARLEY" open $K --json | /usr/bin/python3 -c 'import json,sys; print("|".join(i["text"] for i in json.load(sys.stdin)))')"

# Re-ingest adds nothing, forced or not.
before=$(rows)
"$PARLEY" ingest --quiet "$A" >/dev/null
"$PARLEY" ingest --quiet --force "$A" >/dev/null
check_eq "re-ingest (plain and --force) changes nothing" "$before" "$(rows)"
check_eq "six items in the store, no duplicate" 6 "$("$PARLEY" open --all --json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"

# A user's done / dismiss stay, whatever is ingested again or later.
id_of() { "$PARLEY" open --all --json | /usr/bin/python3 -c 'import json,sys
print([i["id"] for i in json.load(sys.stdin) if i["source_sentence"] == sys.argv[1]][0])' "$1"; }
"$PARLEY" done "$(id_of "$P2")" >/dev/null
"$PARLEY" dismiss "$(id_of "$QK")" >/dev/null
"$PARLEY" ingest --quiet --force "$A" >/dev/null
"$PARLEY" ingest --quiet "$B" >/dev/null
check_eq "after B: q2 answered by r2, Kim's question stays dismissed, done stays done, two new promises" "$(srt \
"promise|done|me@our.example|None|$(date +%F)|$J|$P2
promise|open|None|2026-03-03|None|$J|$P1
promise|open|None|2026-03-12|None|$K|$P4
promise|open|None|2026-03-13|None|$J|$P3
question|dismissed|me@our.example|None|$(date +%F)|$K|$QK
question|done|reply|None|2026-03-03|$J|$Q1A
question|done|reply|None|2026-03-03|$J|$Q1B
question|done|reply|None|2026-03-04|$J|$Q2")" "$(rows)"
check_contains "the promise due 3 March is overdue" "2026-03-03 OVERDUE" "$("$PARLEY" open --kind promise)"
"$PARLEY" ingest --quiet --force "$A" "$B" >/dev/null
check_eq "and a forced re-read of both changes nothing" 8 "$("$PARLEY" open --all --json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"

# The same mail in the other order ends in the same state (without the user's closes).
expect="promise|open|None|2026-03-03|None|$J|$P1
promise|open|None|2026-03-12|None|$K|$P4
promise|open|None|2026-03-13|None|$J|$P3
promise|open|None|None|None|$J|$P2
question|done|reply|None|2026-03-03|$J|$Q1A
question|done|reply|None|2026-03-03|$J|$Q1B
question|done|reply|None|2026-03-04|$J|$Q2
question|done|reply|None|2026-03-04|$K|$QK"
expect=$(srt "$expect")
fresh --me $ME --internal-domain our.example
"$PARLEY" ingest --quiet "$B" >/dev/null
"$PARLEY" ingest --quiet "$A" >/dev/null
check_eq "B then A: the same items" "$expect" "$(rows)"
fresh --me $ME --internal-domain our.example
"$PARLEY" ingest --quiet "$A" "$B" >/dev/null
check_eq "A and B at once: the same items" "$expect" "$(rows)"

# A store from before detection (migration 008 marks every conversation
# dirty; events have no sentences kept): the next refresh reads the stored
# bodies. Without the Date's zone it counts days in UTC, so r1's "tomorrow"
# (Tuesday 01:30 UTC) is Wednesday.
sql() { /usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$PARLEY_DB" "$1"; }
sql "DELETE FROM item; DELETE FROM event_sentence; UPDATE event SET detect_v = NULL, detect_n = 0; UPDATE conversation SET dirty = 1;"
check_eq "an old store gets the same items from its stored bodies (days in UTC)" \
    "$(srt "$(sed 's/^\(promise|open|None|\)2026-03-03|/\12026-03-04|/' <<<"$expect")")" "$(rows)"
check_eq "and keeps what it found for every human message in or out (read once)" 0 \
    "$(/usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM event WHERE detect_v IS NULL AND direction IN (1, 2) AND flags & 1 = 0").fetchone()[0])' "$PARLEY_DB")"

# Metadata-only: no bodies, nothing to read, nothing detected.
fresh --me $ME --internal-domain our.example --metadata-only
"$PARLEY" ingest --quiet "$A" "$B" >/dev/null
check_eq "metadata-only: no items" "nothing open" "$("$PARLEY" open)"

# A config change re-decides: without our domain internal, Bob is an outsider
# asking; once it is, his question goes (nobody had closed it).
fresh --me $ME
"$PARLEY" ingest --quiet "$A" >/dev/null
check_contains "Bob outside: his question is one" "Can you review the quote before it goes out?" "$("$PARLEY" open --kind question)"
id_p1=$(id_of "$P1")
"$PARLEY" init --internal-domain our.example >/dev/null
out=$("$PARLEY" open --kind question)
check "Bob inside: his question is gone" bash -c "! grep -q 'Can you review' <<<'$out'"
check_eq "other items keep their numbers" "$id_p1" "$(id_of "$P1")"

# Chats: the same rules, due days in [chat] timezone. Ann asks; my answer
# (23:10 UTC, already 00:10 on 3 March in Berlin: "tomorrow" is 4 March)
# answers her; a colleague's line in the room is ours (no item); her
# second question is still open. One session: no gap of 30 minutes.
fresh --me me@our.example --internal-domain our.example
printf '\n[chat]\ntimezone = Europe/Berlin\n' >>"$PARLEY_CONFIG"
cat >"$TEST_TMP/chat.jsonl" <<'EOF2'
{"ts": "2026-03-02T23:00:00Z", "channel": "support", "from": "ann@customer.example", "text": "Hi! Can you check my order 77?"}
{"ts": "2026-03-02T23:10:00Z", "channel": "support", "from": "me@our.example", "text": "Sure, I'll send you the tracking number tomorrow."}
{"ts": "2026-03-02T23:12:00Z", "channel": "support", "from": "bob@our.example", "text": "Can you take the next one?"}
{"ts": "2026-03-02T23:20:00Z", "channel": "support", "from": "ann@customer.example", "text": "Great. And is there a discount for 100 units?"}
EOF2
"$PARLEY" ingest --chat jsonl --quiet "$TEST_TMP/chat.jsonl" >/dev/null
check_eq "chat: answered, open and promised, in Berlin's days; a colleague's line gives nothing" "$(srt \
"promise|open|None|2026-03-04|None|ann@customer.example|Sure, I'll send you the tracking number tomorrow.
question|done|reply|None|2026-03-02|ann@customer.example|Can you check my order 77?
question|open|None|None|None|ann@customer.example|And is there a discount for 100 units?")" "$(rows)"
"$PARLEY" ingest --chat jsonl --quiet --force "$TEST_TMP/chat.jsonl" >/dev/null
check_eq "chat: re-import adds nothing" 3 "$("$PARLEY" open --all --json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"

# --- usrp-users: the first 800 messages ------------------------------------
if need_corpus mail/usrp-users "usrp-users corpus"; then
    U=$TEST_TMP/usrp/cur; mkdir -p "$U"
    ls "$CORPUS/mail/usrp-users/cur" | sort | head -800 | while read -r f; do
        ln -s "$CORPUS/mail/usrp-users/cur/$f" "$U/$f"; done
    fresh --internal-domain ettus.com --internal-domain ni.com --internal-domain emerson.com
    "$PARLEY" ingest --quiet "$TEST_TMP/usrp" >/dev/null
    "$PARLEY" open --all --json >"$TEST_TMP/u.json"
    /usr/bin/python3 "$TESTS_DIR/tools/itemscheck.py" --internal ettus.com,ni.com,emerson.com \
        "$TEST_TMP/u.json" "$TEST_TMP/usrp" >"$TEST_TMP/check.json"
    C=$TEST_TMP/check.json
    echo "# usrp-users/800: $(json 'j["questions"]' "$C") questions ($(json 'j["answered"]' "$C") answered by staff), $(json 'j["promises"]' "$C") promises"
    check "questions found ($(json 'j["questions"]' "$C") >= 100)" test "$(json 'j["questions"]' "$C")" -ge 100
    check "promises found ($(json 'j["promises"]' "$C") >= 10)" test "$(json 'j["promises"]' "$C")" -ge 10
    check "some questions answered by staff, some not" \
        test "$(json 'j["answered"]' "$C")" -gt 0 -a "$(json 'j["open"]' "$C")" -gt 0
    check_eq "every sentence checked against the author's own text" "$(json 'j["items"]' "$C")" "$(json 'j["sentence_checked"]' "$C")"
    check_eq "no disagreement with the independent reading (source, direction, text, answered)" "0" \
        "$(json 'j["bad_count"]' "$C")"
    [ "$(json 'j["bad_count"]' "$C")" = 0 ] || json 'j["bad"]' "$C"
    "$PARLEY" ingest --quiet --force "$TEST_TMP/usrp" >/dev/null
    "$PARLEY" open --all --json >"$TEST_TMP/u2.json"
    check_eq "re-ingest adds nothing" "$(json 'len(j)' "$TEST_TMP/u.json")" "$(json 'len(j)' "$TEST_TMP/u2.json")"
    q=$(json '[i["id"] for i in j if i["kind"] == "question" and i["status"] == "open"][0]' "$TEST_TMP/u.json")
    "$PARLEY" done "$q" >/dev/null
    "$PARLEY" ingest --quiet --force "$TEST_TMP/usrp" >/dev/null
    check_eq "parley done N, then re-ingest: it stays done" "done" \
        "$("$PARLEY" open --all --json | /usr/bin/python3 -c 'import json,sys; print([i["status"] for i in json.load(sys.stdin) if i["id"] == int(sys.argv[1])][0])' "$q")"
    check_eq "and the list address is never what a question is about" "0" \
        "$(json 'sum(1 for i in j if i["kind"] == "question" and i["identity"] == "usrp-users@lists.ettus.com")' "$TEST_TMP/u.json")"
fi
finish
