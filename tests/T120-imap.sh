#!/usr/bin/env bash
# T120-imap.sh — parley sync against a real Dovecot on 127.0.0.1 (started
# here as an unprivileged user on a free high port, stopped by its PID
# whatever happens), its Maildir filled with real usrp-users messages.
# Expected counts come from tests/tools/mailstats.py reading the same files
# with Python's email package. Covered: first sync, nothing new on a
# re-sync, only the new messages after delivery, all folders (a non-ASCII
# one too), flags left alone (read-only), the same event keys as a Maildir
# ingest, where each message was seen, a UIDVALIDITY change, a message that
# is not mail and one without a date (INTERNALDATE), credentials (password
# file, command, netrc; wrong password; never printed, never stored), a
# missing folder, a refused connection, a connection cut mid-fetch by
# tests/tools/tcpcut.py (what was committed stays, a re-run completes with
# exact totals), SIGKILL mid-sync, valgrind, progress on a terminal, and
# TLS: imaps:// and STARTTLS with a private CA ([imap] ca-file).
. "$(dirname "$0")/lib.sh"
need_corpus mail/usrp-users "usrp-users corpus" || { finish; exit; }
if ! command -v dovecot >/dev/null || ! command -v doveadm >/dev/null; then
    skip "IMAP sync" "dovecot is not installed (bash scripts/deps.sh test installs dovecot-imapd)"
    finish
    exit
fi
export TZ=UTC LC_ALL=C.UTF-8
SRC=$CORPUS/mail/usrp-users/cur
PW='pw-Zq81xK-4711'
py() { /usr/bin/python3 "$@"; }
free_port() { py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
stats() { py "$TESTS_DIR/tools/mailstats.py" "$@"; }
val() { echo "$1" | py -c "import json,sys; print(eval(sys.argv[1], {}, json.load(sys.stdin)))" "$2"; }

# --- a Dovecot of our own ---------------------------------------------------
# Its directory must be reachable by the unprivileged user, so it is not
# under TEST_TMP (mode 700).
. "$TESTS_DIR/tools/dovecot.sh"
DV=$(mktemp -d "${TMPDIR:-/tmp}/parley-dovecot.XXXXXX")
chmod 755 "$DV"
px_pid="" bg_pid=""
cleanup() {
    for p in $bg_pid $px_pid; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    dovecot_stop
    rm -rf "$DV"
    chmod -R u+rwx "$TEST_TMP" 2>/dev/null
    rm -rf "$TEST_TMP"
}
trap cleanup EXIT
PORT=$(free_port)
dovecot_prepare "$DV" "$PORT" "$PW"
run_as=("${DV_RUN_AS[@]}")
MD=$DV/mail/jane/Maildir
INBOX=$MD/cur SUPPORT=$MD/.Support/cur ORDERS="$MD/.Auftr&AOQ-ge/cur"
mkdir -p "$MD"/{cur,new,tmp} "$MD"/.Support/{cur,new,tmp} "$MD/.Auftr&AOQ-ge"/{cur,new,tmp}
mkdir -p "$TEST_TMP/later"
# Messages go in unread (":2," without S), so the test can see that a sync
# leaves flags alone. INBOX 250, Support 80 others + 20 of INBOX's,
# Aufträge 10; 30 held back for a later delivery.
ls "$SRC" | sort | head -390 | py -c '
import os, shutil, sys
src, inbox, support, orders, later = sys.argv[1:6]
names = sys.stdin.read().split()
for i, n in enumerate(names):
    base = n.split(":")[0] + ":2,"
    if i < 250:
        dests = [inbox] + ([support] if i % 12 == 0 and i < 240 else [])
    elif i < 330:
        dests = [support]
    elif i < 340:
        dests = [orders]
    elif i < 370:
        dests = [later]
    else:
        continue
    for d in dests:
        shutil.copyfile(os.path.join(src, n), os.path.join(d, base))
' "$SRC" "$INBOX" "$SUPPORT" "$ORDERS" "$TEST_TMP/later"
if ! dovecot_start "$DV"; then
    bad "dovecot starts" "$(tail -5 "$DV/dovecot.log" 2>/dev/null)"
    finish
    exit
fi
ok "dovecot runs as $DV_OWNER on 127.0.0.1:$PORT (pid $DV_PID)"
S=imap://jane@127.0.0.1:$PORT
printf '%s\n' "$PW" >"$TEST_TMP/pw"
chmod 600 "$TEST_TMP/pw"
printf '[imap]\npassword-file = %s\n' "$TEST_TMP/pw" >"$PARLEY_CONFIG"
j=$TEST_TMP/j.json all_out=$TEST_TMP/all-output.txt
: >"$all_out"
sync() { # sync ARGS...: parley sync --json, stdout in $j, stderr in $TEST_TMP/err; returns its status
    "$PARLEY" sync --json "$@" >"$j" 2>"$TEST_TMP/err"
    local rc=$?
    cat "$j" "$TEST_TMP/err" >>"$all_out"
    return $rc
}
q() { sqlite3 "$PARLEY_DB" "$1"; }

# --- first sync of INBOX -----------------------------------------------------
in0=$(stats "$INBOX")
sync "$S/INBOX"
check_eq "first sync exits 0" 0 $?
check_eq "every INBOX message fetched" "$(val "$in0" files)" "$(json 'j["fetched"]' "$j")"
check_eq "distinct messages added" "$(val "$in0" distinct_messages)" "$(json 'j["added"]' "$j")"
check_eq "nothing skipped, no folder failed" "0 0" "$(json '"%d %d" % (j["skipped"], j["failed"])' "$j")"
check_eq "the folder's high-water mark is its highest UID" "250" "$(json 'j["folders"][0]["last_uid"]' "$j")"
uidv=$(json 'j["folders"][0]["uidvalidity"]' "$j")
check_eq "UIDVALIDITY as the server has it" \
    "$("${run_as[@]}" doveadm -c "$DV/dovecot.conf" mailbox status -u jane uidvalidity INBOX | sed 's/.*=//')" "$uidv"
check_eq "the state is stored per folder (validity, high-water)" "$uidv|250" \
    "$(q "SELECT validity || '|' || high_water FROM sync_state s JOIN source o ON o.id = s.source_id WHERE o.kind = 'imap' AND o.location = 'imap://jane@127.0.0.1:$PORT/INBOX'")"
check_eq "each message seen at its own UID of INBOX" "250 1 250" \
    "$(q "SELECT count(DISTINCT location), min(CAST(substr(location, instr(location, ';UID=') + 5) AS INTEGER)), max(CAST(substr(location, instr(location, ';UID=') + 5) AS INTEGER)) FROM event_seen WHERE location LIKE 'imap://jane@127.0.0.1:$PORT/INBOX;UIDVALIDITY=$uidv/;UID=%'" | tr '|' ' ')"
check_eq "flags left alone: no message marked read (EXAMINE, BODY.PEEK)" 0 \
    "$(ls "$INBOX" | grep -c 'S$')"
# The same mail read from the Maildir gives the same events: keys match.
PARLEY_DB=$TEST_TMP/local.db "$PARLEY" ingest --quiet "$INBOX" >/dev/null 2>&1
check_eq "the same event keys as ingesting the Maildir files" \
    "$(sqlite3 "$TEST_TMP/local.db" 'SELECT source_key FROM event ORDER BY 1' | md5sum)" \
    "$(q 'SELECT source_key FROM event ORDER BY 1' | md5sum)"
check_eq "and the same conversations" \
    "$(sqlite3 "$TEST_TMP/local.db" 'SELECT count(*) FROM conversation')" "$(q 'SELECT count(*) FROM conversation')"

# --- nothing new, then only the new ------------------------------------------
sync "$S/INBOX"
check_eq "a re-sync exits 0" 0 $?
check_eq "and fetches nothing" "0 0" "$(json '"%d %d" % (j["fetched"], j["added"])' "$j")"
events=$(q 'SELECT count(*) FROM event')
cp "$TEST_TMP"/later/* "$MD/new/"
chown -R "$DV_OWNER:$DV_GROUP" "$MD/new"
in1=$(stats "$INBOX" "$MD/new")
sync "$S/INBOX"
check_eq "after delivery: exit 0" 0 $?
check_eq "only the new messages are fetched" 30 "$(json 'j["fetched"]' "$j")"
check_eq "and added" "$(( $(val "$in1" distinct_messages) - $(val "$in0" distinct_messages) ))" "$(json 'j["added"]' "$j")"
check_eq "high-water mark moves to the newest UID" 280 "$(json 'j["folders"][0]["last_uid"]' "$j")"
check_eq "store holds INBOX's distinct messages" "$(val "$in1" distinct_messages)" "$(q 'SELECT count(*) FROM event')"

# --- every folder -------------------------------------------------------------
everything=$(stats "$INBOX" "$MD/new" "$SUPPORT" "$ORDERS")
sup=$(stats "$SUPPORT") ord=$(stats "$ORDERS")
others=$(( $(val "$sup" files) + $(val "$ord" files) ))
sync "$S/"
check_eq "all folders: exit 0" 0 $?
check_eq "three folders, INBOX first, the others by name (decoded from modified UTF-7)" \
    "INBOX Aufträge Support" "$(json '" ".join(f["name"] for f in j["folders"])' "$j")"
check_eq "only the other folders' messages are fetched" "$others" "$(json 'j["fetched"]' "$j")"
check_eq "messages already in INBOX are not added again" \
    "$(( $(val "$everything" distinct_messages) - $(val "$in1" distinct_messages) ))" "$(json 'j["added"]' "$j")"
check_eq "the Support copies of INBOX messages count as known" \
    "$(( others - $(json 'j["added"]' "$j") ))" "$(json 'j["duplicates"]' "$j")"
check_eq "every copy is recorded where it was seen" "$(val "$everything" files)" \
    "$(q "SELECT count(*) FROM event_seen s JOIN source o ON o.id = s.source_id WHERE o.kind = 'imap'")"
check_eq "a copy in two folders: one event, seen in both" 20 \
    "$(q "SELECT count(*) FROM (SELECT event_id FROM event_seen s JOIN source o ON o.id = s.source_id WHERE o.kind = 'imap' GROUP BY event_id HAVING count(DISTINCT o.id) = 2)")"
check_contains "the non-ASCII folder's location is readable" "imap://jane@127.0.0.1:$PORT/Aufträge" \
    "$(json 'j["folders"][1]["location"]' "$j")"
sync "$S/Aufträge"
check_eq "a folder named in UTF-8 on the command line is the same folder" "0 10" \
    "$(json '"%d %d" % (j["fetched"], j["folders"][0]["last_uid"])' "$j")"
"$PARLEY" sync "$S/" >"$TEST_TMP/text.txt" 2>&1
check_eq "text summary: exit 0" 0 $?
check_contains "text summary line" "synced 3 folders in" "$(cat "$TEST_TMP/text.txt")"
check_contains "with a row per folder" "Support" "$(cat "$TEST_TMP/text.txt")"

# --- config: [imap] url and folders; password-command; netrc -------------------
printf '[imap]\nurl = %s/\nfolders = INBOX;Support\npassword-command = printf "%%s\\n" %s\n' \
    "$S" "$PW" >"$PARLEY_CONFIG"
sync
check_eq "no URL: [imap] url with [imap] folders, password from a command" "0 INBOX Support" \
    "$?$(json '"".join(" " + f["name"] for f in j["folders"])' "$j")"
printf 'machine 127.0.0.1 login jane password %s\n' "$PW" >"$TEST_TMP/netrc"
printf '[imap]\nnetrc-file = %s\n' "$TEST_TMP/netrc" >"$PARLEY_CONFIG"
sync "$S/INBOX"
check_eq "login from a netrc-file" "0 0" "$? $(json 'j["failed"]' "$j")"
printf '[imap]\npassword-file = %s\n' "$TEST_TMP/pw" >"$PARLEY_CONFIG"

# --- UIDVALIDITY changes ---------------------------------------------------------
"${run_as[@]}" doveadm -c "$DV/dovecot.conf" mailbox update -u jane --uid-validity $((uidv + 7)) INBOX
events=$(q 'SELECT count(*) FROM event')
sync "$S/INBOX"
check_eq "after a UIDVALIDITY change: exit 0" 0 $?
check_eq "the folder is read again" "True 280" \
    "$(json '"%s %d" % (j["folders"][0]["rescanned"], j["fetched"])' "$j")"
check_eq "and nothing is added twice" "0 280" "$(json '"%d %d" % (j["added"], j["duplicates"])' "$j")"
check_contains "it says why" "UIDVALIDITY changed from $uidv to $((uidv + 7))" "$(cat "$TEST_TMP/err")"
check_eq "events unchanged" "$events" "$(q 'SELECT count(*) FROM event')"
check_eq "the new validity is stored" "$((uidv + 7))|280" \
    "$(q "SELECT validity || '|' || high_water FROM sync_state s JOIN source o ON o.id = s.source_id WHERE o.location = 'imap://jane@127.0.0.1:$PORT/INBOX'")"
sync "$S/INBOX"
check_eq "then nothing new again" "0 False" "$(json '"%d %s" % (j["fetched"], j["folders"][0]["rescanned"])' "$j")"

# --- a message that is not mail; one without any date ----------------------------
DR=$MD/.Drafts
mkdir -p "$DR"/{cur,new,tmp}
printf 'From: Jane <jane@acme.example>\nTo: zoe@kunde.example\nSubject: undated draft\nMessage-ID: <draft-1@acme.example>\n\nno date here\n' \
    >"$DR/cur/1000.draft:2,"
touch -d '2021-03-04 05:06:07 UTC' "$DR/cur/1000.draft:2,"
# Dovecot serves NUL bytes as 0x80 (IMAP has no NUL), so this reads as "no header lines".
{ printf '\x89PNG\r\n\x1a\n'; head -c 2000 /dev/zero; } >"$DR/cur/1001.png:2,"
chown -R "$DV_OWNER:$DV_GROUP" "$DR"
sync "$S/Drafts"
check_eq "a folder with a bad message still syncs (exit 0)" 0 $?
check_eq "one fetched and added, one skipped" "1 1 1" \
    "$(json '"%d %d %d" % (j["fetched"], j["added"], j["skipped"])' "$j")"
check_contains "the bad one is reported by its UID, with the reason" \
    "$S/Drafts;UIDVALIDITY=" "$(grep 'not a mail message' "$TEST_TMP/err")"
check_eq "a message without a date takes the server's INTERNALDATE (the file's mtime)" \
    "$(date -u -d '2021-03-04 05:06:07' +%s) 8" \
    "$(q "SELECT ts || ' ' || (flags & 8) FROM event WHERE message_id = 'draft-1@acme.example'")"
sync "$S/Drafts"
check_eq "the bad one is not fetched or reported again" "0 0" \
    "$(json '"%d %d" % (j["fetched"], j["skipped"])' "$j")"

# --- errors ---------------------------------------------------------------------
printf 'not-the-password\n' >"$TEST_TMP/wrong"
chmod 600 "$TEST_TMP/wrong"
printf '[imap]\npassword-file = %s\n' "$TEST_TMP/wrong" >"$PARLEY_CONFIG"
sync "$S/INBOX"
check "wrong password: non-zero exit" test $? -ne 0
check_contains "a clear error naming the server" "imap://jane@127.0.0.1:$PORT: login failed: the server refused the user name or password" "$(cat "$TEST_TMP/err")"
printf '[imap]\npassword-file = %s\n' "$TEST_TMP/pw" >"$PARLEY_CONFIG"
sync "$S/INBOX" --folder Nope
check "a missing folder: non-zero exit" test $? -ne 0
check_contains "named, with the server's reason" "imap://jane@127.0.0.1:$PORT/Nope: no such folder on the server" "$(cat "$TEST_TMP/err")"
check_eq "the folder that exists is still synced" "None Nope" \
    "$(json 'str(j["folders"][0]["error"]) + " " + j["folders"][1]["name"]' "$j")"
check_eq "a missing folder leaves no source behind" 0 "$(q "SELECT count(*) FROM source WHERE location LIKE '%/Nope'")"
dead=$(free_port)
sync "imap://jane@127.0.0.1:$dead/INBOX"
check "connection refused: non-zero exit" test $? -ne 0
check_contains "a clear error" "imap://jane@127.0.0.1:$dead: cannot connect" "$(cat "$TEST_TMP/err")"
"$PARLEY" sync "imap://jane:$PW@127.0.0.1:$PORT/INBOX" >"$TEST_TMP/o" 2>&1
check "a password in the URL is refused" test $? -ne 0
check_contains "saying where it belongs" "password-file" "$(cat "$TEST_TMP/o")"
check "and it is not echoed" bash -c "! grep -q -- '$PW' '$TEST_TMP/o'"
printf '[imap]\npassword = %s\n' "$PW" >"$PARLEY_CONFIG"
"$PARLEY" sync "$S/INBOX" >"$TEST_TMP/o" 2>&1
check "a password in parley.conf is refused" test $? -ne 0
check "without echoing it" bash -c "! grep -q -- '$PW' '$TEST_TMP/o'"
printf '[imap]\nurl = imap://jane@mail.acme.example/\npassword-file = %s\n' "$TEST_TMP/pw" >"$PARLEY_CONFIG"
"$PARLEY" sync "$S/INBOX" >"$TEST_TMP/o" 2>&1
check "the [imap] password is not sent to another host than [imap] url's" test $? -ne 0
check_contains "saying so" "only sent to mail.acme.example" "$(cat "$TEST_TMP/o")"
printf '[imap]\nurl = mail.acme.example\n' >"$PARLEY_CONFIG"
"$PARLEY" sync "$S/INBOX" >"$TEST_TMP/o" 2>&1
check "a bad [imap] url is refused" test $? -ne 0
check_contains "naming the key" "[imap] url: the IMAP URL is not a URL" "$(cat "$TEST_TMP/o")"
chmod 644 "$TEST_TMP/pw"
printf '[imap]\npassword-file = %s\n' "$TEST_TMP/pw" >"$PARLEY_CONFIG"
"$PARLEY" sync "$S/INBOX" >"$TEST_TMP/o" 2>&1
check_contains "a password file others can read is refused" "chmod 600" "$(cat "$TEST_TMP/o")"
chmod 600 "$TEST_TMP/pw"
check "the password was never printed" bash -c "! grep -q -- '$PW' '$all_out'"
check "nor stored in the database" bash -c "! grep -q -a -- '$PW' '$PARLEY_DB' '$PARLEY_DB-wal' 2>/dev/null"

# --- the server drops the connection mid-fetch -------------------------------------
export PARLEY_DB=$TEST_TMP/cut.db
/usr/bin/python3 "$TESTS_DIR/tools/tcpcut.py" --target "127.0.0.1:$PORT" --port-file "$TEST_TMP/px.port" \
    --cut 1000000 >"$TEST_TMP/px.log" 2>&1 &
px_pid=$!
for _ in $(seq 50); do [ -s "$TEST_TMP/px.port" ] && break; sleep 0.1; done
PX=$(cat "$TEST_TMP/px.port")
sync "imap://jane@127.0.0.1:$PX/INBOX"
check "a dropped connection: non-zero exit" test $? -ne 0
check_contains "the proxy did cut it" "cut after 1000000 bytes" "$(cat "$TEST_TMP/px.log")"
err=$(cat "$TEST_TMP/err")
check_contains "the error names server and folder" "imap://jane@127.0.0.1:$PX/INBOX: " "$err"
check_contains "the UID it was receiving and the reason" "while receiving UID" "$err"
check_contains "that the server closed the connection" "the server closed the connection" "$err"
check_contains "and how to resume" "run parley sync again to resume" "$err"
kept=$(q 'SELECT count(*) FROM event')
hw=$(q 'SELECT high_water FROM sync_state')
check "what was fetched before the drop is kept ($kept events, mark at UID $hw)" \
    test "$kept" -gt 0 -a "$kept" -lt 280 -a "$hw" -gt 0
check_eq "every UID up to the mark is in the store" "$hw" \
    "$(q "SELECT count(DISTINCT location) FROM event_seen WHERE CAST(substr(location, instr(location, ';UID=') + 5) AS INTEGER) <= $hw")"
added1=$(json 'j["added"]' "$j")
sync "imap://jane@127.0.0.1:$PX/INBOX"
check_eq "the re-run through the same proxy completes" 0 $?
check_eq "fetching what the first run did not finish" "$((280 - hw))" "$(json 'j["fetched"]' "$j")"
check_eq "both runs add up to exactly the folder's distinct messages" "$(val "$in1" distinct_messages)" \
    "$((added1 + $(json 'j["added"]' "$j")))"
check_eq "and the store holds exactly those" "$(val "$in1" distinct_messages)" "$(q 'SELECT count(*) FROM event')"
check_eq "one seen row per UID" 280 "$(q 'SELECT count(*) FROM event_seen')"
kill "$px_pid"; wait "$px_pid" 2>/dev/null; px_pid=""

# --- SIGKILL mid-sync, then resume --------------------------------------------
export PARLEY_DB=$TEST_TMP/kill.db
rm -f "$TEST_TMP/px.port"
/usr/bin/python3 "$TESTS_DIR/tools/tcpcut.py" --target "127.0.0.1:$PORT" --port-file "$TEST_TMP/px.port" \
    --rate 400000 >"$TEST_TMP/px.log" 2>&1 &
px_pid=$!
for _ in $(seq 50); do [ -s "$TEST_TMP/px.port" ] && break; sleep 0.1; done
PX=$(cat "$TEST_TMP/px.port")
"$PARLEY" sync --quiet "imap://jane@127.0.0.1:$PX/INBOX" >/dev/null 2>&1 &
bg_pid=$!
for _ in $(seq 200); do
    hw=$(sqlite3 "$PARLEY_DB" 'SELECT high_water FROM sync_state' 2>/dev/null)
    [ "${hw:-0}" -gt 0 ] && break
    sleep 0.05
done
kill -9 "$bg_pid" 2>/dev/null; wait "$bg_pid" 2>/dev/null; bg_pid=""
hw=$(q 'SELECT high_water FROM sync_state')
kept=$(q 'SELECT count(*) FROM event')
check "the kill landed mid-sync (mark at UID $hw, $kept events)" test "$hw" -gt 0 -a "$hw" -lt 280
check_eq "integrity check passes" ok "$(q 'PRAGMA integrity_check')"
check_eq "the committed mark covers exactly the committed messages (UIDs 1 to $hw)" "$hw $hw" \
    "$(q "SELECT count(*), max(CAST(substr(location, instr(location, ';UID=') + 5) AS INTEGER)) FROM event_seen" | tr '|' ' ')"
sync "imap://jane@127.0.0.1:$PX/INBOX"
check_eq "the re-run completes" 0 $?
check_eq "exactly the folder's distinct messages in the end" "$(val "$in1" distinct_messages)" "$(q 'SELECT count(*) FROM event')"
check_eq "nothing missing, nothing seen twice" 280 "$(q 'SELECT count(DISTINCT location) FROM event_seen')"
kill "$px_pid"; wait "$px_pid" 2>/dev/null; px_pid=""

# --- valgrind: a full sync, a cut one, a refused login ---------------------------
if valgrind_usable "sync under valgrind"; then
    export PARLEY_DB=$TEST_TMP/vg.db
    vg "sync of two folders" sync --json "$S/Support" --folder Aufträge
    rm -f "$TEST_TMP/px.port"
    /usr/bin/python3 "$TESTS_DIR/tools/tcpcut.py" --target "127.0.0.1:$PORT" --port-file "$TEST_TMP/px.port" \
        --cut 300000 >"$TEST_TMP/px.log" 2>&1 &
    px_pid=$!
    for _ in $(seq 50); do [ -s "$TEST_TMP/px.port" ] && break; sleep 0.1; done
    vg "sync cut mid-fetch" sync "imap://jane@127.0.0.1:$(cat "$TEST_TMP/px.port")/INBOX"
    check_contains "(and it was cut)" "while receiving UID" "$(cat "$VG_ERR")"
    kill "$px_pid"; wait "$px_pid" 2>/dev/null; px_pid=""
    printf '[imap]\npassword-command = echo wrong\n' >"$PARLEY_CONFIG"
    vg "sync with a refused login" sync "$S/INBOX"
    printf '[imap]\npassword-file = %s\n' "$TEST_TMP/pw" >"$PARLEY_CONFIG"
fi

# --- progress on a terminal ------------------------------------------------------
export PARLEY_DB=$TEST_TMP/tty.db
script -qec "'$PARLEY' sync '$S/INBOX'" /dev/null >"$TEST_TMP/tty.txt" 2>&1
check_contains "a terminal shows progress with a rate" "msg/s" "$(cat "$TEST_TMP/tty.txt")"
check_contains "counting messages" "280/280 messages" "$(cat "$TEST_TMP/tty.txt")"
export PARLEY_DB=$TEST_TMP/pipe.db
"$PARLEY" sync "$S/INBOX" >"$TEST_TMP/pipe.txt" 2>&1
check "a pipe gets no progress line" bash -c "! grep -q 'msg/s' '$TEST_TMP/pipe.txt'"

# --- TLS: imaps:// and STARTTLS, with a private CA ------------------------------
TLS_PORT=$(free_port)
dovecot_stop
if ! dovecot_prepare "$DV" "$PORT" "$PW" "$TLS_PORT" || ! dovecot_start "$DV"; then
    bad "dovecot restarts with TLS" "$(tail -5 "$DV/dovecot.log" 2>/dev/null)"
    finish
    exit
fi
cp "$DV/cert.pem" "$TEST_TMP/ca.pem"
logins() { grep -c 'Login: user=<jane>.*TLS' "$DV/dovecot.log"; }
export PARLEY_DB=$TEST_TMP/tls.db
sync "imaps://jane@127.0.0.1:$TLS_PORT/INBOX"
check "imaps:// with a certificate nobody vouches for: non-zero exit" test $? -ne 0
check_contains "a clear error" "certificate" "$(cat "$TEST_TMP/err")"
printf '[imap]\npassword-file = %s\nca-file = %s\n' "$TEST_TMP/pw" "$TEST_TMP/ca.pem" >"$PARLEY_CONFIG"
tls0=$(logins)
sync "imaps://jane@127.0.0.1:$TLS_PORT/INBOX"
check_eq "imaps:// with [imap] ca-file: exit 0" 0 $?
check_eq "every message over TLS" "280 $(val "$in1" distinct_messages)" \
    "$(json '"%d %d" % (j["fetched"], j["added"])' "$j")"
check_eq "the server saw a TLS login" $((tls0 + 1)) "$(logins)"
check_eq "the source is the mailbox, whatever the transport" "imap://jane@127.0.0.1:$TLS_PORT/INBOX" \
    "$(json 'j["folders"][0]["location"]' "$j")"
sync "imap://jane@127.0.0.1:$PORT/INBOX"
check_eq "imap:// to a server offering STARTTLS: exit 0" 0 $?
check_eq "upgraded to TLS before logging in" $((tls0 + 2)) "$(logins)"
finish
