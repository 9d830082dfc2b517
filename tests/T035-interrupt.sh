#!/usr/bin/env bash
# T035-interrupt: an ingest killed with SIGKILL half-way leaves a consistent
# store (every event in a conversation, the next command completes the
# aggregates), and running it again ends exactly where an uninterrupted run
# ends. Also: the progress line appears on a terminal and nowhere else.
. "$(dirname "$0")/lib.sh"
need_corpus mail/usrp-users "usrp-users corpus" || { finish; exit; }
M=$CORPUS/mail/usrp-users
count() { "$PARLEY" stats --json | /usr/bin/python3 -c "import json,sys; j=json.load(sys.stdin); print(j['events'], j['conversations'])"; }

export PARLEY_DB=$TEST_TMP/clean.db
"$PARLEY" ingest --quiet "$M" >/dev/null
clean=$(count)

export PARLEY_DB=$TEST_TMP/killed.db
"$PARLEY" ingest --quiet "$M" >/dev/null 2>&1 &
pid=$!
# Kill once some batches are committed but long before the end.
for _ in $(seq 1 100); do
    n=$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM event" 2>/dev/null || echo 0)
    [ "${n:-0}" -gt 500 ] && break
    sleep 0.05
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
part=$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM event")
check "the kill landed mid-ingest ($part events committed)" test "$part" -gt 0 -a "$part" -lt 3793
check_eq "integrity check passes" "ok" "$(sqlite3 "$PARLEY_DB" 'PRAGMA integrity_check')"
check_eq "every committed event is in a conversation" "0" "$(sqlite3 "$PARLEY_DB" 'SELECT count(*) FROM event WHERE conv_id IS NULL')"
count >/dev/null
check_eq "the next command completes the aggregates" "0" "$(sqlite3 "$PARLEY_DB" 'SELECT count(*) FROM conversation WHERE dirty = 1')"
"$PARLEY" ingest --quiet "$M" >/dev/null
check_eq "a re-run ends where an uninterrupted run ends (events, conversations)" "$clean" "$(count)"

# The same without depending on where a kill lands: the first N files
# (walk order) ingested and refreshed on their own, then the whole corpus,
# for several N. Threading must not depend on whether aggregates were
# brought up to date part-way (the subject fallback once read them).
all_files=$(cd "$M" && find . -type f | LC_ALL=C sort)
for cut in 700 1500 3100; do
    export PARLEY_DB=$TEST_TMP/cut$cut.db
    rm -rf "$TEST_TMP/part"
    echo "$all_files" | head -n $cut | while read -r f; do
        mkdir -p "$TEST_TMP/part/$(dirname "$f")"
        ln -s "$M/$f" "$TEST_TMP/part/$f"
    done
    "$PARLEY" ingest --quiet "$TEST_TMP/part" >/dev/null
    count >/dev/null
    "$PARLEY" ingest --quiet "$M" >/dev/null
    check_eq "resumed after $cut files and a refresh: the same events and conversations" "$clean" "$(count)"
done

# Progress: on a terminal (script gives one) there is a progress line with
# the rate and an ETA; piped, there is none.
export PARLEY_DB=$TEST_TMP/tty.db
script -qec "'$PARLEY' ingest '$M'" /dev/null >"$TEST_TMP/tty.txt" 2>&1
check_contains "a terminal shows progress with a rate" "msg/s" "$(cat "$TEST_TMP/tty.txt")"
check_contains "and an ETA" "ETA" "$(cat "$TEST_TMP/tty.txt")"
export PARLEY_DB=$TEST_TMP/pipe.db
"$PARLEY" ingest "$M" >"$TEST_TMP/pipe.txt" 2>&1
check "a pipe gets no progress line" bash -c "! grep -q ETA '$TEST_TMP/pipe.txt'"
finish
