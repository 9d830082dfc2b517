#!/usr/bin/env bash
# T110-chat.sh — chat logs through the real CLI: the qtox-irc corpus
# (messages per file and in all, distinct nicks and gap-based sessions, all
# worked out by tests/tools/ircexpect.py; idempotent re-import; the two files
# that are not valid UTF-8 imported with a warning), the JSON Lines sample
# with every kind of bad line, WhatsApp Android and iOS samples with every
# quirk, X/Twitter archive DMs (parts, group DMs, bad parts), stats, and a
# chat with a customer counted in `report value`.
source "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
D=$TESTS_DIR/data/chat
out=$TEST_TMP/out err=$TEST_TMP/err
fresh() { rm -f "$PARLEY_DB" "$PARLEY_DB"-* "$PARLEY_DB".*; printf '%s\n' "$@" >"$PARLEY_CONFIG"; }
sql() { /usr/bin/python3 -c 'import sqlite3,sys; print("\n".join("|".join(str(c) for c in r) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$PARLEY_DB" "$1"; }

# --- the qtox-irc corpus ---------------------------------------------------
if need_corpus chat/qtox-irc "qtox IRC corpus"; then
    Q=$CORPUS/chat/qtox-irc
    fresh '[chat]' 'timezone = Europe/London'
    exp=$(/usr/bin/python3 "$TESTS_DIR/tools/ircexpect.py" "$Q" 30)
    e() { /usr/bin/python3 -c 'import json,sys; print(eval(sys.argv[2], {"j": json.loads(sys.argv[1])}))' "$exp" "$1"; }
    "$PARLEY" ingest --chat irc --json "$Q" >"$out" 2>"$err"
    check_eq "qtox: ingest exits 0" 0 $?
    check_eq "qtox: 273 daily logs read" 273 "$(json 'j["files"]' "$out")"
    check_eq "qtox: README 35,584 <nick> lines, plus actions" 35584 "$(e 'j["says"]')"
    check_eq "qtox: messages = <nick> lines + actions (python)" "$(e 'j["total"]')" "$(json 'j["added"]' "$out")"
    check_eq "qtox: nothing skipped" 0 "$(json 'j["skipped"]' "$out")"
    check_contains "qtox: joins/parts/quits counted as system lines" '"system_lines"' "$(cat "$out")"
    got=$(sql "SELECT location FROM event_seen" | /usr/bin/python3 -c 'import sys,json,collections
exp = json.loads(sys.argv[1])["per_file"]
got = collections.Counter(l.rstrip("\n").rsplit(":", 1)[0] for l in sys.stdin)
bad = [p for p in exp if exp[p] != got.get(p, 0)]
print("%d files, %d differ %s" % (len(exp), len(bad), bad[:3]))' "$exp")
    check_eq "qtox: messages per file match" "273 files, 0 differ []" "$got"
    check_eq "qtox: distinct nicks (+ the room)" "$(( $(e 'j["nicks"]') + 1 ))" \
        "$(sql 'SELECT count(*) FROM identity')"
    check_eq "qtox: sessions (gaps >= 30 min start one)" "$(e 'j["sessions"]')" \
        "$(sql 'SELECT count(*) FROM conversation')"
    check_eq "qtox: every message in a session" 0 "$(sql 'SELECT count(*) FROM event WHERE conv_id IS NULL')"
    n_warn=$(grep -c 'not valid UTF-8' "$err")
    check_eq "qtox: one UTF-8 warning per bad file" 2 "$n_warn"
    check_contains "qtox: 20160601 named" '#qtox_20160601.log.txt:' "$(grep 'not valid UTF-8' "$err")"
    check_contains "qtox: 20160716 named" '#qtox_20160716.log.txt:' "$(grep 'not valid UTF-8' "$err")"
    check_eq "qtox: repaired lines kept (U+FFFD in bodies)" 1 \
        "$(sql "SELECT count(*) > 0 FROM event_body WHERE body LIKE '%'||char(65533)||'%'")"
    check_eq "qtox: BST/GMT local times to UTC (first and last message)" "$(e 'j["first"], j["last"]')" \
        "$(sql "SELECT '(' || min(ts) || ', ' || max(ts) || ')' FROM event")"
    "$PARLEY" ingest --chat irc --json "$Q" >"$out" 2>/dev/null
    check_eq "qtox: unchanged files are not read again" 273 "$(json 'j["files_unchanged"]' "$out")"
    "$PARLEY" ingest --chat irc --json --force "$Q" >"$out" 2>/dev/null
    check_eq "qtox: forced re-import adds nothing" "0 $(e 'j["total"]')" \
        "$(json '"%d %d" % (j["added"], j["duplicates"])' "$out")"
    check_eq "qtox: sessions unchanged after re-import" "$(e 'j["sessions"]')" \
        "$(sql 'SELECT count(*) FROM conversation')"
    # A later import continues a session found in the store.
    fresh '[chat]' 'timezone = Europe/London' 'session-gap-minutes = 120'
    exp2=$(/usr/bin/python3 "$TESTS_DIR/tools/ircexpect.py" "$Q/2016/06" 120)
    for f in $(printf '%s\n' "$Q"/2016/06/* | sort -r); do "$PARLEY" ingest -q --chat irc "$f" >/dev/null 2>&1; done
    check_eq "qtox June, file by file newest first, gap 120 min: sessions joined across imports" \
        "$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["sessions"])' "$exp2")" \
        "$(sql 'SELECT count(*) FROM conversation')"
fi

# --- IRC quirks: identical lines in one second, actions, bad lines ---------
fresh '[chat]'
I=$TEST_TMP/irc/#ops_2026-11-02.log
mkdir -p "$(dirname "$I")"
printf '%s\n' '[09:00:00] <@Alice> deploy?' '[09:00:00] <@Alice> deploy?' '[09:00:00] <bob> deploy?' \
    '[09:00:05] * bob waves' '[09:00:06] -!- carol has joined #ops' '[09:00:07] *** Quits: dave' \
    'garbage line' '09:40 <Alice> irssi style, new session' >"$I"
"$PARLEY" ingest --chat irc --json "$I" >"$out" 2>"$err"
check_eq "irc: identical lines in one second both kept; action; irssi time" \
    "5 1 2" "$(json '"%d %d %d" % (j["added"], j["skipped"], j["system_lines"])' "$out")"
check_contains "irc: bad line named FILE:LINE" "$I:7: not an IRC log line" "$(cat "$err")"
check_eq "irc: nick prefix and case folded" "irc:#ops/alice" "$(sql "SELECT value FROM identity WHERE name = 'Alice' LIMIT 1")"
check_eq "irc: two sessions (40 min gap)" 2 "$(sql 'SELECT count(*) FROM conversation')"
printf '[09:00:00] <x> y\n' >"$TEST_TMP/irc/nodate.log"
"$PARLEY" ingest --chat irc --json "$TEST_TMP/irc/nodate.log" >"$out" 2>"$err"
check_contains "irc: a file name without a date is refused" "no date in the file name" "$(cat "$err")"

# --- JSON Lines ---------------------------------------------------------------
fresh '[identity]' 'me = help@acme.example'
"$PARLEY" ingest --chat jsonl --json "$D/events.jsonl" >"$out" 2>"$err"
check_eq "jsonl: exits 0 despite bad lines" 0 $?
check_eq "jsonl: 8 messages (identical pair kept), 11 bad lines" "8 8 11" \
    "$(json '"%d %d %d" % (j["messages"], j["added"], j["skipped"])' "$out")"
for want in ':9: not valid JSON (truncated?)' ':10: no sender ("from")' ':11: no sender ("from")' \
    ':12: "ts" is not a date' ':13: "ts" must be a string or a number' ':14: "from" must be a string' \
    ':15: "text" must be a string' ':16: not a JSON object' ':17: no time ("ts")' \
    ':18: no room ("channel") and no recipient ("to")' ':19: "direction" must be'; do
    check_contains "jsonl: bad line reported: $want" "events.jsonl$want" "$(cat "$err")"
done
check_eq "jsonl: ISO, epoch ms, zone-less (UTC by default), id 17" "1793610000 1793620000 1793620800 1793620860" \
    "$(sql "SELECT group_concat(ts, ' ') FROM (SELECT ts FROM event WHERE source_key LIKE '%:id:m-1' OR source_key LIKE '%:id:17' OR ts IN (1793620000, 1793620800) ORDER BY ts)")"
check_eq "jsonl: sender kinds (email, phone, handle)" "0 1 2" \
    "$(sql "SELECT group_concat(k, ' ') FROM (SELECT DISTINCT i.kind k FROM identity i JOIN participant p ON p.identity_id = i.id WHERE p.role = 0 ORDER BY 1)")"
check_eq "jsonl: \"Name <address>\" is the address, named" "jane@bigcorp.example|Jane Roe" \
    "$(sql "SELECT value || '|' || name FROM identity WHERE value LIKE '%jane%'")"
check_eq "jsonl: our reply is outbound" 1 "$(sql "SELECT count(*) FROM event WHERE direction = 2")"
"$PARLEY" ingest --chat jsonl --json --force "$D/events.jsonl" >"$out" 2>/dev/null
check_eq "jsonl: re-import adds nothing" "0 8" "$(json '"%d %d" % (j["added"], j["duplicates"])' "$out")"
"$PARLEY" stats --json >"$out"
check_eq "stats: channel chat" 8 "$(json 'j["channels"]["chat"]' "$out")"
"$PARLEY" label bigcorp.example customer >/dev/null
"$PARLEY" report value --json >"$out"
check_eq "report value: the support chat with a customer is a customer conversation" "1 4" \
    "$(json '"%d %d" % (j["categories"]["customer"]["conversations"], j["categories"]["customer"]["messages"])' "$out")"

# --- WhatsApp -----------------------------------------------------------------
fresh '[phone]' 'default-country = US'
"$PARLEY" ingest --chat whatsapp --json "$D/WhatsApp Chat with Jane Roe.txt" >"$out" 2>"$err"
check_eq "whatsapp android: 7 messages, 2 system lines, nothing bad" "7 2 0" \
    "$(json '"%d %d %d" % (j["added"], j["system_lines"], j["skipped"])' "$out")"
check_eq "whatsapp android: month first, 12-hour clock, U+202F; 12:20 AM is 00:20" \
    "2020-12-31 21:41:00|2021-01-13 00:20:00|2021-01-13 12:15:00" \
    "$(sql "SELECT datetime(min(ts),'unixepoch'), (SELECT datetime(ts,'unixepoch') FROM event WHERE ts % 86400 = 1200), datetime(max(ts),'unixepoch') FROM event")"
check_eq "whatsapp android: multi-line message kept whole" \
    "it says 14 units|but we ordered 12|and paid for 12" \
    "$(sql "SELECT replace(body, char(10), '|') FROM event_body WHERE body LIKE 'it says%'")"
check_eq "whatsapp android: number sender is a phone identity (E.164)" "+15550102030" \
    "$(sql "SELECT value FROM identity WHERE kind = 1")"
check_eq "whatsapp android: sessions" 4 "$(sql 'SELECT count(*) FROM conversation')"
check_eq "whatsapp: the chat is a room, not the person" "whatsapp:Jane Roe|0 whatsapp-chat:Jane Roe|1" \
    "$(sql "SELECT group_concat(value || '|' || is_list, ' ') FROM (SELECT value, is_list FROM identity WHERE kind = 2 ORDER BY value DESC)")"
fresh '[phone]'
"$PARLEY" ingest --chat whatsapp --json "$D/WhatsApp Chat - Team Nord.txt" >"$out" 2>"$err"
check_eq "whatsapp ios: 5 messages (identical pair kept), 2 system lines, 1 bad date" "5 2 1" \
    "$(json '"%d %d %d" % (j["added"], j["system_lines"], j["skipped"])' "$out")"
check_contains "whatsapp ios: bad date named FILE:LINE" "Team Nord.txt:11: the date does not parse" "$(cat "$err")"
check_eq "whatsapp ios: day first with dots, 24-hour, seconds" "2020-12-31 21:41:30" \
    "$(sql "SELECT datetime(min(ts),'unixepoch') FROM event")"
check_eq "whatsapp ios: U+200E marks removed from names" "+4915123456789|Anna Schmidt|Max" \
    "$(sql "SELECT group_concat(coalesce(name, value), '|') FROM (SELECT i.value, CASE WHEN i.kind = 1 THEN NULL ELSE i.name END name FROM identity i WHERE i.is_list = 0 ORDER BY i.kind, i.name)")"
check_eq "whatsapp ios: sessions" 3 "$(sql 'SELECT count(*) FROM conversation')"
"$PARLEY" ingest --chat whatsapp --json --force "$D/WhatsApp Chat - Team Nord.txt" >"$out" 2>/dev/null
check_eq "whatsapp ios: re-import adds nothing" "0 5" "$(json '"%d %d" % (j["added"], j["duplicates"])' "$out")"

# --- X/Twitter archive direct messages ----------------------------------------
fresh '[identity]' 'me = x:14'
"$PARLEY" ingest --chat twitter --json "$D/twitter" >"$out" 2>"$err"
check_eq "twitter: 3 files (headers left out), 5 messages, 2 group events, 2 bad" "3 5 2 2" \
    "$(json '"%d %d %d %d" % (j["files"], j["added"], j["system_lines"], j["skipped"])' "$out")"
check_contains "twitter: message without sender named FILE:N" "direct-messages-part1.js:2: no sender" "$(cat "$err")"
check_contains "twitter: bad createdAt" "direct-messages-part1.js:3: \"createdAt\" is not a date" "$(cat "$err")"
check_eq "twitter: one session per DM conversation; group DM joined by gap" 3 "$(sql 'SELECT count(*) FROM conversation')"
check_eq "twitter: ours outbound by [identity] me = x:14" 3 "$(sql 'SELECT count(*) FROM event WHERE direction = 2')"
check_eq "twitter: times with milliseconds" "2019-03-02 13:38:35" "$(sql "SELECT datetime(min(ts),'unixepoch') FROM event")"
"$PARLEY" ingest --chat twitter --json --force "$D/twitter" >"$out" 2>/dev/null
check_eq "twitter: re-import adds nothing" "0 5" "$(json '"%d %d" % (j["added"], j["duplicates"])' "$out")"
"$PARLEY" ingest --chat twitter --json "$D/twitter-bad" >"$out" 2>"$err"
check_contains "twitter: truncated part reported" "not valid JSON after the prefix (truncated?)" "$(cat "$err")"
check_contains "twitter: wrong prefix reported" "not an X/Twitter archive part" "$(cat "$err")"
check_eq "twitter: both bad files failed, exit 1" "2 1" "$(json 'j["files_failed"]' "$out") $("$PARLEY" ingest -q --chat twitter "$D/twitter-bad" >/dev/null 2>&1; echo $?)"

"$PARLEY" ingest --chat telegram "$D/events.jsonl" >"$out" 2>"$err"
check_eq "unknown chat format refused" 1 $?
finish
