#!/usr/bin/env bash
# T111-chat-bulk.sh — the bulk chat path of `parley ingest --chat` at its
# boundaries and at scale, over IRC logs from tests/tools/chatgen.py checked
# against tests/tools/chatexpect.py (python, from the files alone): messages
# per file, senders, and every session (first and last time, messages, ours)
# of four channels — one session far longer than a reader batch, sessions
# running across midnight into the next day's file, identical lines in one
# second. Then: the aggregates and open items written at import equal what a
# full refresh computes; a forced re-import changes nothing; a SIGKILL in the
# middle of a file and a re-run end with exact totals, as an uninterrupted
# import does; the files imported one at a time, newest first (sessions
# found in the store and joined) end the same as one import; a key repeated
# in one batch; a handle met as a sender before it is a room. While the big
# import runs, the WAL stays bounded.
source "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
out=$TEST_TMP/out err=$TEST_TMP/err
L=$TEST_TMP/logs
ME='me = irc:#chan0/jane; irc:#chan1/jane; irc:#chan2/jane; irc:#chan3/jane'
fresh() { rm -f "$PARLEY_DB" "$PARLEY_DB"-* "$PARLEY_DB".*; printf '%s\n' "$@" >"$PARLEY_CONFIG"; }
# Every other counterpart a customer: the sessions get response runs.
conf() {
    fresh '[identity]' "$ME" '[chat]' 'timezone = Europe/London'
    "$PARLEY" label '*' customer >/dev/null
}
sql() {
    /usr/bin/python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in r))' "$PARLEY_DB" "$1"
}
e() { /usr/bin/python3 -c 'import json,sys; print(eval(sys.argv[2], {"j": json.loads(sys.argv[1])}))' "$exp" "$1"; }
# The sessions as parley has them: first, last, messages, ours.
sessions() { sql "SELECT first_ts, last_ts, n_events, n_out FROM conversation WHERE channel = 2 ORDER BY 1, 2, 3"; }
# Everything derived about the chats, without ids (a re-run after a kill
# numbers its conversations differently): conversations, directions, items.
state() {
    sql "SELECT first_ts, last_ts, n_events, n_human, n_in, n_out, me, automated, external, category,
                counterpart, est_seconds, dirty, resp_inbound_first, resp_inbound_last, resp_automated
         FROM conversation ORDER BY 1, 2, 3"
    sql "SELECT c.first_ts, r.seq, r.first_ts, r.last_ts, r.channel, a.value, r.messages,
                hex(r.later_ts), r.answer_ts, b.value, r.bits, r.subject
         FROM response_run r JOIN conversation c ON c.id = r.conv_id
         LEFT JOIN identity a ON a.id = r.author_id LEFT JOIN identity b ON b.id = r.answer_author_id
         ORDER BY 1, 2"
    sql "SELECT c.first_ts, c.last_ts, i.value, t.contact > 0, t.last_ts FROM conv_touch t
         JOIN conversation c ON c.id = t.conv_id JOIN identity i ON i.id = t.identity_id ORDER BY 1, 2, 3"
    sql "SELECT direction, count(*) FROM event GROUP BY 1"
    sql "SELECT i.key, i.kind, i.status, i.closed_ts, i.closed_by, i.due_ts, i.created_ts, i.text,
                (SELECT value FROM identity WHERE id = i.identity_id), e.source_key
         FROM item i JOIN event e ON e.id = i.source_event_id ORDER BY i.key"
}
# A new free-mail domain changes the configuration fingerprint and nothing
# else here: the next refresh recomputes every conversation from its events.
full_refresh() {
    printf '[classify]\nfreemail-domains = nowhere.example\n' >>"$PARLEY_CONFIG"
    "$PARLEY" stats >/dev/null
}

/usr/bin/python3 "$TESTS_DIR/tools/chatgen.py" "$L" 250000
exp=$(/usr/bin/python3 "$TESTS_DIR/tools/chatexpect.py" "$L" 30 jane)
py_sessions=$(e '"\n".join("|".join(str(x) for x in s) for s in j["sessions"])')
n=$(e 'j["total"]')

# --- 250,000 messages into an empty store -----------------------------------------
conf
# The WAL is sampled while it runs: a thread checkpoints it and it rewinds
# at 64 MiB (store_sqlite_checkpoint.c), so it never holds the whole
# import's pages (without the rewinds it would outgrow the database).
"$PARLEY" ingest --chat irc --json "$L" >"$out" 2>"$err" &
pid=$! wal_peak=0
while kill -0 $pid 2>/dev/null; do
    s=$(stat -c %s "$PARLEY_DB-wal" 2>/dev/null || echo 0)
    [ "$s" -gt "$wal_peak" ] && wal_peak=$s
    sleep 0.02
done
wait $pid
check_eq "import: exits 0 with no warnings" "0 " "$? $(cat "$err")"
db_size=$(stat -c %s "$PARLEY_DB")
check_eq "import: the WAL stayed under 100 MiB and under the database's size ($((db_size >> 20)) MiB)" \
    "yes" "$([ "$wal_peak" -gt 0 ] && [ "$wal_peak" -lt $((100 << 20)) ] && [ "$wal_peak" -lt "$db_size" ] && echo yes || echo "no: $wal_peak bytes")"
check_eq "import: the store passes SQLite's integrity check" ok "$(sql 'PRAGMA integrity_check')"
check_eq "import: every message added (python: $n), nothing skipped" "$n $n 0" \
    "$(json '"%d %d %d" % (j["messages"], j["added"], j["skipped"])' "$out")"
got=$(sql "SELECT location FROM event_seen" | /usr/bin/python3 -c 'import sys,json,collections
exp = json.loads(sys.argv[1])["per_file"]
got = collections.Counter(l.rstrip("\n").rsplit(":", 1)[0] for l in sys.stdin)
bad = [p for p in exp if exp[p] != got.get(p, 0)]
print("%d files, %d differ %s" % (len(exp), len(bad), bad[:3]))' "$exp")
check_eq "import: messages per file as python counts them" "$(e 'len(j["per_file"])') files, 0 differ []" "$got"
check_eq "import: senders and rooms" "$(e 'j["senders"] + j["rooms"]')" "$(sql 'SELECT count(*) FROM identity')"
check_eq "import: every session as python finds them (first, last, messages, ours)" "$py_sessions" "$(sessions)"
check "import: one session is longer than a reader batch (2,048 messages): $(e 'max(s[2] for s in j["sessions"])')" \
    test "$(e 'max(s[2] for s in j["sessions"])')" -gt 2048
check "import: sessions run across midnight into the next day's file: $(e 'j["across_midnight"]')" \
    test "$(e 'j["across_midnight"]')" -gt 10
check_eq "import: every message in a session, none left for the refresh" "0 0" \
    "$(sql 'SELECT (SELECT count(*) FROM event WHERE conv_id IS NULL), (SELECT count(*) FROM conversation WHERE dirty = 1)' | tr '|' ' ')"
check "import: questions answered and open, promises of ours" test \
    "$(sql "SELECT count(DISTINCT kind || status) FROM item")" -eq 3
check "import: customer messages before our answers, in runs: $(sql 'SELECT count(*) FROM response_run')" \
    test "$(sql 'SELECT count(*) FROM response_run WHERE answer_ts IS NOT NULL')" -gt 100
"$PARLEY" stats --verify >"$out" 2>&1
check_eq "import: the call list's touches and summaries as a recomputation has them" "0" "$?"
clean=$(state)
fp=$(sql "SELECT value FROM meta WHERE key = 'config-fingerprint'")
full_refresh
check "a full refresh ran (the configuration fingerprint changed)" \
    test "$fp" != "$(sql "SELECT value FROM meta WHERE key = 'config-fingerprint'")"
check_eq "aggregates, directions and open items written at import = a full refresh's" \
    "$(echo "$clean" | sha1sum)" "$(state | sha1sum)"

# --- a session's room: kept on its conversation (migration 013) ------------------------
check_eq "rooms: no message's room is a participant row; every session has its room, one of the rooms" \
    "0 0 $(e 'j["rooms"]')" \
    "$(sql "SELECT (SELECT count(*) FROM participant p JOIN event e ON e.id = p.event_id
                    WHERE e.channel = 2 AND p.role = 5),
                   (SELECT count(*) FROM conversation WHERE channel = 2 AND room_id IS NULL),
                   (SELECT count(DISTINCT i.value) FROM conversation c JOIN identity i ON i.id = c.room_id
                    WHERE i.is_list = 1 AND i.value LIKE 'irc:#chan%')" | tr '|' ' ')"
# A store of the layout before 013 (rooms as participants) is migrated to the
# same rows: what an import now writes.
old=$TEST_TMP/before-013.db
cp "$PARLEY_DB" "$old"
rooms_before=$(sql "SELECT count(*) FROM conversation WHERE room_id IS NOT NULL")
/usr/bin/python3 -c 'import sqlite3,sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
INSERT INTO participant(event_id, identity_id, role)
  SELECT e.id, c.room_id, 5 FROM event e JOIN conversation c ON c.id = e.conv_id WHERE c.room_id IS NOT NULL;
DROP TRIGGER brief_event_follow; DROP INDEX conversation_room;
ALTER TABLE conversation DROP COLUMN room_id; PRAGMA user_version = 12;""")' "$old"
check_eq "rooms: the pre-013 copy holds every message's room as a participant" "$n" \
    "$(PARLEY_DB=$old sql "SELECT count(*) FROM participant WHERE role = 5")"
PARLEY_DB=$old "$PARLEY" stats >/dev/null 2>"$err"
check_eq "rooms: migration 013 moves them onto the sessions, the same rows as an import" \
    "$(echo "$clean" | sha1sum) $rooms_before 0" \
    "$(PARLEY_DB=$old state | sha1sum) $(PARLEY_DB=$old sql "SELECT count(*) FROM conversation WHERE room_id IS NOT NULL") $(PARLEY_DB=$old sql "SELECT count(*) FROM participant WHERE role = 5")"

# --- a forced re-import ---------------------------------------------------------------
conf
"$PARLEY" ingest --chat irc --quiet "$L" >/dev/null 2>&1
seen=$(sql 'SELECT count(*) FROM event_seen')
"$PARLEY" ingest --chat irc --json --force "$L" >"$out" 2>/dev/null
check_eq "re-import: adds nothing, finds every message" "0 $n" \
    "$(json '"%d %d" % (j["added"], j["duplicates"])' "$out")"
check_eq "re-import: sessions, aggregates and items unchanged" "$(echo "$clean" | sha1sum)" "$(state | sha1sum)"
check_eq "re-import: nothing seen twice" "$seen" "$(sql 'SELECT count(*) FROM event_seen')"

# --- SIGKILL mid-import, then a re-run ------------------------------------------------
# The same messages as one JSON Lines file, so the kill lands in a file the
# import had committed part of (a chat file is committed part-way and marked
# read only at its end).
J=$TEST_TMP/all.jsonl
/usr/bin/python3 - "$L" "$J" <<'PY'
import datetime, json, os, re, sys
from zoneinfo import ZoneInfo
tz, root = ZoneInfo("Europe/London"), sys.argv[1]
line_re = re.compile(r"^\[(\d\d):(\d\d):(\d\d)\] <([^>]*)> (.*)$")
with open(sys.argv[2], "w") as out:
    for name in sorted(os.listdir(root)):
        room, date = name[:-len("_YYYYMMDD.log")], name[-len("YYYYMMDD.log"):-4]
        y, mo, d = int(date[:4]), int(date[4:6]), int(date[6:])
        for line in open(os.path.join(root, name)):
            r = line_re.match(line.rstrip("\n"))
            if r:
                h, mi, s = (int(x) for x in r.group(1, 2, 3))
                ts = int(datetime.datetime(y, mo, d, h, mi, s, tzinfo=tz).timestamp())
                out.write(json.dumps({"ts": ts, "from": r.group(4), "channel": room, "text": r.group(5)}) + "\n")
PY
nj=$(wc -l <"$J")
conf
"$PARLEY" ingest --chat jsonl --quiet "$J" >/dev/null 2>&1
whole=$(state)
export PARLEY_DB=$TEST_TMP/killed.db
conf
"$PARLEY" ingest --chat jsonl --quiet "$J" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 3000); do
    k=$(sql "SELECT count(*) FROM event" 2>/dev/null)
    [ "${k:-0}" -gt 0 ] && break
    sleep 0.02
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
part=$(sql "SELECT count(*) FROM event")
check "the kill landed mid-file ($part of $nj messages committed)" test "$part" -gt 0 -a "$part" -lt "$nj"
check_eq "killed: integrity check passes" ok "$(sql 'PRAGMA integrity_check')"
check_eq "killed: every committed message is in a session" 0 "$(sql 'SELECT count(*) FROM event WHERE conv_id IS NULL')"
"$PARLEY" ingest --chat jsonl --json "$J" >"$out" 2>"$err"
check_eq "killed: the re-run reads the file again, adds the rest and finds the committed" \
    "$((nj - part)) $part" "$(json '"%d %d" % (j["added"], j["duplicates"])' "$out")"
check_eq "killed: it ends where an uninterrupted import ends" "$(echo "$whole" | sha1sum)" "$(state | sha1sum)"
export PARLEY_DB=$TEST_TMP/parley.db

# --- one file at a time, newest first: sessions found in the store and joined --------
S=$TEST_TMP/some
mkdir -p "$S"
cp "$L"/'#chan0_201704'0[1-9].log "$L"/'#chan1_201704'0[1-9].log "$S"/
exp=$(/usr/bin/python3 "$TESTS_DIR/tools/chatexpect.py" "$S" 30 jane)
conf
for f in $(printf '%s\n' "$S"/* | sort -r); do "$PARLEY" ingest --chat irc --quiet "$f" >/dev/null 2>&1; done
check_eq "newest first, a file a run: sessions as python finds them" \
    "$(e '"\n".join("|".join(str(x) for x in s) for s in j["sessions"])')" "$(sessions)"
rev=$(state)
full_refresh
check_eq "newest first: aggregates and open items = a full refresh's" "$(echo "$rev" | sha1sum)" "$(state | sha1sum)"
conf
"$PARLEY" ingest --chat irc --quiet "$S" >/dev/null 2>&1
check_eq "newest first ends as one import of them all" "$(echo "$rev" | sha1sum)" "$(state | sha1sum)"

# --- a key repeated within one batch, and in another file ----------------------------
fresh '[identity]' 'me = help@acme.example'
J=$TEST_TMP/rep.jsonl
for i in 1 2 3; do
    printf '{"ts": 1793610000, "from": "ann@x.example", "channel": "ops", "id": "m1", "text": "can you call me?"}\n'
    printf '{"ts": %d, "from": "help@acme.example", "channel": "ops", "text": "on it"}\n' $((1793610000 + i))
done >"$J"
cp "$J" "$TEST_TMP/rep2.jsonl"
"$PARLEY" ingest --chat jsonl --json "$J" "$TEST_TMP/rep2.jsonl" >"$out" 2>"$err"
check_eq "repeats: 4 messages, 8 found again" "4 8" "$(json '"%d %d" % (j["added"], j["duplicates"])' "$out")"
check_eq "repeats: the repeated one is seen at every line of both files" \
    "rep.jsonl:1 rep.jsonl:3 rep.jsonl:5 rep2.jsonl:1 rep2.jsonl:3 rep2.jsonl:5" \
    "$(sql "SELECT s.location FROM event_seen s JOIN event e ON e.id = s.event_id
            WHERE e.source_key LIKE '%:id:m1' ORDER BY 1" | sed 's|.*/||' | tr '\n' ' ' | sed 's/ $//')"
check_eq "repeats: its question answered by our line after it" "question|done|reply" \
    "$(sql "SELECT kind, status, closed_by FROM item")"

# --- a handle met as a sender first, then as the room ------------------------------
fresh '[identity]' 'me = help@acme.example'
K=$TEST_TMP/list.jsonl
printf '%s\n' '{"ts": 1793610000, "from": "room:ops", "to": "ann@x.example", "text": "is the deploy done?"}' \
    '{"ts": 1793610060, "from": "ann@x.example", "channel": "ops", "text": "will it ship today?"}' \
    '{"ts": 1793610120, "from": "help@acme.example", "channel": "ops", "text": "yes"}' >"$K"
"$PARLEY" ingest --chat jsonl --quiet "$K" >/dev/null 2>&1
check_eq "list later: the handle is a list" 1 "$(sql "SELECT is_list FROM identity WHERE value = 'room:ops'")"
lst=$(state)
full_refresh
check_eq "list later: aggregates and directions = a full refresh's" "$(echo "$lst" | sha1sum)" "$(state | sha1sum)"

# --- memcheck over the reader and writer threads ------------------------------------
if valgrind_usable "valgrind: chat imports"; then
    V=$TEST_TMP/vg
    mkdir -p "$V"
    cp "$L"/'#chan1_20170401.log' "$L"/'#chan1_20170402.log' "$V"/
    conf
    vg chat-import ingest --chat irc --quiet "$V"
    vg chat-reimport ingest --chat irc --quiet --force "$V"
    vg chat-files-newest-first ingest --chat irc --quiet "$L/#chan1_20170403.log"
    vg chat-repeats ingest --chat jsonl --quiet "$J" "$TEST_TMP/rep2.jsonl" "$K"
fi
finish
