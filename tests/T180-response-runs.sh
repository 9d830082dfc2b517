#!/usr/bin/env bash
# T180-response-runs: the response runs `report response` reads (table
# response_run and the conversation's resp_* columns, migration 011) are
# derived rows kept up to date by the conversation refresh and the call
# import's bulk path. After each change — mail ingest, labels, a contacts
# import, a call import (bulk path), a chat import, a config change, a
# logged call, re-imports, a SIGKILL mid-ingest and the migration of a store
# from before 011 — the rows must equal a recomputation from the events
# alone (a copy of the store with every derived row deleted and every
# conversation marked dirty), and so must the reports. Then a hand-made
# mailbox whose figures are worked out here: runs that go on after --until,
# automated messages counted by whether an inbound human message of their
# conversation is in the range.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
sql() { # sql QUERY [DB]
    /usr/bin/python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else (v.hex() if isinstance(v, bytes) else str(v)) for v in r))' \
        "${2:-$PARLEY_DB}" "$1"
}
# Every derived row, in a fixed order.
derived() {
    sql "SELECT * FROM response_run ORDER BY conv_id, seq" "$@"
    sql "SELECT id, resp_inbound_first, resp_inbound_last, resp_automated FROM conversation
         ORDER BY id" "$@"
}
SCRATCH=$TEST_TMP/scratch.db
# A copy of the store without its derived rows, all conversations dirty: the
# next command recomputes every run from the events.
scratch() {
    rm -f "$SCRATCH"*
    /usr/bin/python3 -c 'import sqlite3,sys
src, dst = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
src.backup(dst)
dst.executescript("""DELETE FROM response_run;
UPDATE conversation SET resp_inbound_first = 0, resp_inbound_last = 0, resp_automated = 0, dirty = 1;""")
dst.commit()' "$PARLEY_DB" "$SCRATCH"
    PARLEY_DB=$SCRATCH "$PARLEY" report response >/dev/null
}
RANGES=("" "--since 2025-06-01" "--since 2025-03-01 --until 2025-09-01" "--until 2025-05-01"
    "--since 2025-04-01 --until 2025-04-15 --business-hours 09-17 --timezone Europe/Berlin")
reports() { # the JSON of every range, at a fixed --now
    for r in "${RANGES[@]}"; do
        # shellcheck disable=SC2086
        "$PARLEY" report response $r --now 2027-01-01 --json
    done
}
# same_as_scratch STEP: after the first command that refreshes (a report).
same_as_scratch() {
    "$PARLEY" report response >/dev/null
    local inc; inc=$(derived | sha1sum)
    scratch
    check_eq "$1: the runs kept = a recomputation from the events" \
        "$(derived "$SCRATCH" | sha1sum)" "$inc"
    check_eq "$1: the reports too" "$(PARLEY_DB=$SCRATCH reports | sha1sum)" "$(reports | sha1sum)"
}
count() { sql "SELECT count(*) FROM $1"; }

G=$TEST_TMP/gen
/usr/bin/python3 "$TESTS_DIR/tools/respgen.py" "$G"
"$PARLEY" init --me jane@acme.example --internal-domain acme.example >/dev/null
printf '[phone]\ndefault-country = US\n[calls]\ninternal-numbers = 5550100;1000-1199\n' >>"$PARLEY_CONFIG"

# --- mail ingest ----------------------------------------------------------------
"$PARLEY" ingest --quiet "$G/Maildir" >/dev/null 2>&1
check_eq "nobody is a customer yet: no runs" "0" "$(count response_run)"
same_as_scratch "ingest"

# --- labels ---------------------------------------------------------------------------
"$PARLEY" label northwind.example customer >/dev/null
"$PARLEY" label contoso.example prospect >/dev/null
"$PARLEY" label eve@freemail.example customer >/dev/null
"$PARLEY" label parts.example vendor >/dev/null
n_label=$(count response_run)
check "labels: customers' and prospects' runs ($n_label)" test "$n_label" -gt 100
same_as_scratch "labels"

# --- contacts (a customer person, a prospect organisation, callers) -----------
C=$TEST_TMP/calls.csv
/usr/bin/python3 "$PROJECT_DIR/bench/cdr_gen.py" 4000 "$C"
/usr/bin/python3 - "$C" "$TEST_TMP/c.vcf" <<'PY'
import csv, sys
nums = []
for r in csv.reader(open(sys.argv[1])):
    for n in (r[1], r[2]):
        if len(n) == 11 and n.startswith('1') and n not in nums:
            nums.append(n)
with open(sys.argv[2], 'w') as f:
    f.write('BEGIN:VCARD\nVERSION:3.0\nFN:Dan Dee\nEMAIL:dan@initech.example\n'
            'CATEGORIES:customer\nEND:VCARD\n')
    f.write('BEGIN:VCARD\nVERSION:3.0\nFN:Gus Gray\nORG:Umbrella\nEMAIL:gus@umbrella.example\n'
            'CATEGORIES:prospect\nEND:VCARD\n')
    for i, n in enumerate(nums[:300]):
        f.write('BEGIN:VCARD\nVERSION:3.0\nFN:Caller %d\nTEL:+%s\nCATEGORIES:customer\nEND:VCARD\n'
                % (i, n))
PY
"$PARLEY" contacts import "$TEST_TMP/c.vcf" >/dev/null
same_as_scratch "contacts import"
check "contacts: more runs than labels alone gave" test "$(count response_run)" -gt "$n_label"

# --- contacts that change: a person's category, an organisation's ----------------
# Pat's second address is not in the new import, but still Pat's; Alice's
# free-mail address classifies by her organisation, which a colleague's
# card makes a customer.
E=$TEST_TMP/E; mkdir -p "$E/cur" "$E/new" "$E/tmp"
printf 'From: pat@y.example\nTo: jane@acme.example\nSubject: Parts\nDate: Mon, 2 Nov 2026 09:00:00 +0000\nMessage-ID: <p1@e>\n\nHi.\n' >"$E/cur/p1:2,S"
printf 'From: alice.m@gmail.com\nTo: jane@acme.example\nSubject: Quote\nDate: Mon, 2 Nov 2026 10:00:00 +0000\nMessage-ID: <a1@e>\n\nHi.\n' >"$E/cur/a1:2,S"
"$PARLEY" ingest --quiet "$E" >/dev/null
vcard() { printf 'BEGIN:VCARD\nVERSION:3.0\nUID:%s\nFN:%s\n%bEND:VCARD\n' "$@"; }
{ vcard u-pat Pat 'EMAIL:pat@x.example\nEMAIL:pat@y.example\nCATEGORIES:vendor\n'
  vcard u-alice Alice 'ORG:Widgets\nEMAIL:alice@widgets.example\nEMAIL:alice.m@gmail.com\n'; } >"$TEST_TMP/v1.vcf"
{ vcard u-pat Pat 'EMAIL:pat@x.example\nCATEGORIES:customer\n'
  vcard u-bob Bob 'ORG:Widgets\nEMAIL:bob@widgets.example\nCATEGORIES:customer\n'; } >"$TEST_TMP/v2.vcf"
theirs() { sql "SELECT count(*) FROM response_run r JOIN identity i ON i.id = r.author_id
                WHERE i.value IN ('pat@y.example', 'alice.m@gmail.com')"; }
"$PARLEY" contacts import "$TEST_TMP/v1.vcf" >/dev/null
same_as_scratch "contacts: a vendor and a person without category"
check_eq "contacts: no runs of theirs" "0" "$(theirs)"
"$PARLEY" contacts import "$TEST_TMP/v2.vcf" >/dev/null
same_as_scratch "contacts: the person a customer, the organisation one"
check_eq "contacts: both their messages are customers' runs now" "2" "$(theirs)"

# --- calls through the bulk path ------------------------------------------------------
"$PARLEY" ingest --quiet --cdr asterisk "$C" >/dev/null 2>&1
n_call=$(sql "SELECT count(*) FROM response_run WHERE channel = 1")
check "calls: missed calls from customer numbers are runs ($n_call)" test "$n_call" -gt 10
check_eq "calls: each a run of one message, none answered (a call is its own conversation)" \
    "$n_call|$n_call" "$(sql "SELECT sum(messages = 1), sum(answer_ts IS NULL) FROM response_run WHERE channel = 1")"
same_as_scratch "call import"

# --- chat ---------------------------------------------------------------------------
"$PARLEY" ingest --quiet --chat jsonl "$G/chat.jsonl" >/dev/null 2>&1
n_chat=$(sql "SELECT count(*) FROM response_run WHERE channel = 2")
check "chat: support-room runs ($n_chat)" test "$n_chat" -gt 10
same_as_scratch "chat import"

# What the runs hold by now, so the comparisons above compared something.
check "runs answered and waiting" test "$(sql "SELECT min(sum(answer_ts IS NULL), sum(answer_ts IS NOT NULL)) FROM response_run")" -gt 10
check "runs of several messages" test "$(sql "SELECT count(*) FROM response_run WHERE messages > 1")" -gt 10
check "runs an automated message acknowledged, some only by it" \
    test "$(sql "SELECT min(sum(bits & 1 = 1), sum(bits & 2 = 2)) FROM response_run")" -gt 0
check "conversations with automated messages to count" \
    test "$(sql "SELECT count(*) FROM conversation WHERE resp_automated > 0")" -gt 10

# --- a config change: northwind becomes one of us ----------------------------------------
# An internal domain outranks a label on it (docs/model.md, precedence).
ann() { sql "SELECT count(*) FROM response_run r JOIN identity i ON i.id = r.author_id WHERE i.value = 'ann@northwind.example'"; }
check "ann's runs before ($(ann))" test "$(ann)" -gt 0
sed -i 's/^internal-domains=.*/&;northwind.example/' "$PARLEY_CONFIG"
same_as_scratch "config change"
check_eq "config change: a colleague's messages are no runs" "0" "$(ann)"
sed -i 's/;northwind.example$//' "$PARLEY_CONFIG"
same_as_scratch "config change back"
check "config change back: ann's runs again ($(ann))" test "$(ann)" -gt 0

# --- a logged call; re-imports change nothing -----------------------------------------
"$PARLEY" log call bob@northwind.example --minutes 4 --note "called back" >/dev/null
same_as_scratch "log call"
before=$(derived | sha1sum)
"$PARLEY" ingest --quiet "$G/Maildir" >/dev/null 2>&1
"$PARLEY" ingest --quiet --force --cdr asterisk "$C" >/dev/null 2>&1
"$PARLEY" ingest --quiet --force --chat jsonl "$G/chat.jsonl" >/dev/null 2>&1
"$PARLEY" contacts import "$TEST_TMP/c.vcf" >/dev/null
"$PARLEY" report response >/dev/null
check_eq "re-imports: the runs are as they were" "$before" "$(derived | sha1sum)"

# --- a store from before migration 011 -------------------------------------------------
want=$(reports | sha1sum)
O=$TEST_TMP/old.db
/usr/bin/python3 -c 'import sqlite3,sys
src, dst = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
src.backup(dst)
dst.executescript("""INSERT INTO participant(event_id, identity_id, role)
  SELECT e.id, c.room_id, 5 FROM event e JOIN conversation c ON c.id = e.conv_id WHERE c.room_id IS NOT NULL;
DROP TRIGGER brief_event_follow; DROP INDEX conversation_room;
ALTER TABLE conversation DROP COLUMN room_id;
DROP TRIGGER response_run_gone; DROP TABLE response_run;
DROP INDEX conversation_resp_automated;
ALTER TABLE conversation DROP COLUMN resp_inbound_first;
ALTER TABLE conversation DROP COLUMN resp_inbound_last;
ALTER TABLE conversation DROP COLUMN resp_automated;
DROP INDEX event_conv;
CREATE INDEX event_conv_time ON event(conv_id, ts, id, direction, flags, channel, subject);
CREATE INDEX event_inbound ON event(ts, conv_id) WHERE direction = 1 AND (flags & 1) = 0;
PRAGMA user_version = 10;""")' "$PARLEY_DB" "$O"
check_eq "migration: an older store reports the same" "$want" "$(PARLEY_DB=$O reports | sha1sum)"
check_eq "migration: with the same runs" "$(derived | sha1sum)" "$(derived "$O" | sha1sum)"
check_eq "migration: the old indexes are gone" "event_conv" \
    "$(sql "SELECT group_concat(name) FROM sqlite_master WHERE name IN ('event_conv', 'event_conv_time', 'event_inbound')" "$O")"

# --- SIGKILL mid-ingest ---------------------------------------------------------------
export PARLEY_DB=$TEST_TMP/killed.db
/usr/bin/python3 "$TESTS_DIR/tools/respgen.py" "$TEST_TMP/big" 3000
"$PARLEY" init --me jane@acme.example --internal-domain acme.example >/dev/null
"$PARLEY" label '*' customer >/dev/null
"$PARLEY" ingest --quiet "$TEST_TMP/big/Maildir" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 200); do
    n=$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM event" 2>/dev/null || echo 0)
    [ "${n:-0}" -gt 2500 ] && break
    sleep 0.05
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
total=$(find "$TEST_TMP/big/Maildir/cur" -type f | wc -l)
part=$(count event)
check "the kill landed mid-ingest ($part of $total events)" test "$part" -gt 0 -a "$part" -lt "$total"
same_as_scratch "killed ingest"
"$PARLEY" ingest --quiet "$TEST_TMP/big/Maildir" >/dev/null 2>&1
same_as_scratch "ingest finished after the kill"

# --- SIGKILL mid call import (the bulk path commits its batches as it goes) ----
export PARLEY_DB=$TEST_TMP/killed-calls.db PARLEY_CONFIG=$TEST_TMP/killed-calls.conf
printf '[phone]\ndefault-country = US\n' >"$PARLEY_CONFIG"
"$PARLEY" contacts import "$TEST_TMP/c.vcf" >/dev/null
BC=$TEST_TMP/big-calls.csv
/usr/bin/python3 "$PROJECT_DIR/bench/cdr_gen.py" 300000 "$BC" # begins as $C does: same callers
"$PARLEY" ingest --quiet --cdr asterisk "$BC" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 400); do
    n=$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM response_run" 2>/dev/null || echo 0)
    [ "${n:-0}" -gt 0 ] && break
    sleep 0.05
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
part=$(count event)
check "the kill landed mid-import ($part calls, $(count response_run) runs)" test "$(count response_run)" -gt 0
same_as_scratch "killed call import"
"$PARLEY" ingest --quiet --cdr asterisk "$BC" >/dev/null 2>&1
check "the re-run added the rest ($(count event) calls)" test "$(count event)" -gt "$part"
same_as_scratch "call import finished after the kill"

# --- figures worked out by hand --------------------------------------------------------
export PARLEY_DB=$TEST_TMP/hand.db PARLEY_CONFIG=$TEST_TMP/hand.conf
M=$TEST_TMP/Maildir; mkdir -p "$M/cur" "$M/new" "$M/tmp"
msg() { # msg FILE FROM TO DATE SUBJECT [IN-REPLY-TO] [EXTRA-HEADER]
    { printf 'From: %s\nTo: %s\nSubject: %s\nDate: %s\nMessage-ID: <%s@h>\n' "$2" "$3" "$5" "$4" "$1"
      [ -n "${6:-}" ] && printf 'In-Reply-To: <%s@h>\nReferences: <%s@h>\n' "$6" "$6"
      [ -n "${7:-}" ] && printf '%s\n' "$7"
      printf '\nWords.\n'; } >"$M/cur/$1:2,S"
}
J=jane@acme.example A=ann@northwind.example B=bob@northwind.example V=sales@parts.example
AUTO="Auto-Submitted: auto-replied"
# X: ann writes on 1 January, our out-of-office answers, she writes again on
# 1 March, jane answers on 2 March: one run of two messages, 60 days.
msg x1 $A $J "Thu, 1 Jan 2026 09:00:00 +0000" "Order"
msg x2 $J $A "Thu, 1 Jan 2026 09:01:00 +0000" "Out of office: Order" x1 "$AUTO"
msg x3 $A $J "Sun, 1 Mar 2026 09:00:00 +0000" "Re: Order" x2
msg x4 $J $A "Mon, 2 Mar 2026 09:00:00 +0000" "Re: Order" x3
# Y: bob on 20 January, only our auto-reply since.
msg y1 $B $J "Tue, 20 Jan 2026 10:00:00 +0000" "Invoice"
msg y2 $J $B "Tue, 20 Jan 2026 10:05:00 +0000" "Out of office: Invoice" y1 "$AUTO"
# Z: a vendor on 1 February (inbound, human, no customer), our auto-reply.
msg z1 $V $J "Sun, 1 Feb 2026 08:00:00 +0000" "Your order"
msg z2 $J $V "Sun, 1 Feb 2026 08:01:00 +0000" "Out of office: Your order" z1 "$AUTO"
"$PARLEY" init --me $J --internal-domain acme.example >/dev/null
"$PARLEY" ingest --quiet "$M" >/dev/null
"$PARLEY" label northwind.example customer >/dev/null
"$PARLEY" label parts.example vendor >/dev/null
R=$TEST_TMP/r.json
figures() { # figures [RANGE...]: messages turns answered automated unanswered auto_only
    "$PARLEY" report response "$@" --now 2026-04-01 --json >"$R"
    json '"%d %d %d %d %d %d" % (j["messages"], j["turns"], j["answered"], j["automated_ignored"], len(j["unanswered"]), len(j["auto_only"]))' "$R"
}
check_eq "everything: X1, X3 and Y1 in two runs; X answered; three auto-replies; bob waits, acknowledged only by a machine" \
    "3 2 1 3 1 1" "$(figures)"
check_eq "X waited 60 days, from its first message" "5184000" "$(json 'j["median_s"]' "$R" | cut -d. -f1)"
check_eq "[1 Dec, 15 Jan): X only, one of its messages in the range, answered after it; X's auto-reply" \
    "1 1 1 1 0 0" "$(figures --since 2025-12-01 --until 2026-01-15)"
check_eq "[15 Jan, 15 Feb): Y; X has no inbound message inside, so only Y's and Z's auto-replies count" \
    "1 1 0 2 1 1" "$(figures --since 2026-01-15 --until 2026-02-15)"
check_eq "[15 Feb, 15 Mar): X's second message is in, but its run began before: no run; X's auto-reply" \
    "0 0 0 1 0 0" "$(figures --since 2026-02-15 --until 2026-03-15)"
check_eq "[1 Dec, 15 Mar): all of it" "3 2 1 3 1 1" "$(figures --since 2025-12-01 --until 2026-03-15)"
check_eq "--since 2 Feb: nothing starts after, X's second message is in" "0 0 0 1 0 0" "$(figures --since 2026-02-02)"
check_eq "the run of X keeps its second message's time" "2|$(date -u -d 2026-03-01T09:00:00 +%s)" \
    "$(sql "SELECT messages, last_ts FROM response_run WHERE answer_ts IS NOT NULL")"

# --- memcheck over the new paths: a refresh finding runs, the report, the
# streamed JSON, the bulk call path writing runs
if valgrind_usable "valgrind: refresh, report response, bulk call path"; then
    vg refresh label contoso.example prospect
    vg response report response --now 2026-04-01 --since 2025-12-01 --until 2026-03-15
    vg response-json report response --now 2026-04-01 --json --business-hours 09-17
    vg open-json open --json
    export PARLEY_DB=$TEST_TMP/vg-calls.db PARLEY_CONFIG=$TEST_TMP/vg-calls.conf
    printf '[phone]\ndefault-country = US\n' >"$PARLEY_CONFIG"
    "$PARLEY" contacts import "$TEST_TMP/c.vcf" >/dev/null
    head -600 "$C" >"$TEST_TMP/vg.csv"
    vg bulk-calls ingest --quiet --cdr asterisk "$TEST_TMP/vg.csv"
    check "the bulk path wrote runs under memcheck" test "$(count response_run)" -gt 0
fi
finish
