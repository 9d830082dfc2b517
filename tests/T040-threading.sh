#!/usr/bin/env bash
# T040-threading: notmuch's threading fixtures (ghost roots, parent
# priority, reference loops, duplicate Message-IDs) and the lkml excerpts,
# each into a fresh store; conversations are checked against the connected
# components that tests/tools/mailstats.py computes on its own.
. "$(dirname "$0")/lib.sh"
need_corpus mail/fixtures/notmuch "notmuch fixtures" || { finish; exit; }
N=$CORPUS/mail/fixtures/notmuch/test/corpora
for set in threading/ghost-root threading/parent-priority broken/loop duplicate lkml; do
    [ -d "$N/$set" ] || continue
    export PARLEY_DB=$TEST_TMP/$(echo "$set" | tr / -).db
    py=$(/usr/bin/python3 "$TESTS_DIR/tools/mailstats.py" "$N/$set")
    val() { echo "$py" | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
    "$PARLEY" ingest --quiet "$N/$set" >/dev/null 2>&1
    check "$set: ingest exits 0" test $? -eq 0
    "$PARLEY" stats --json >"$TEST_TMP/s.json"
    c=$(json 'j["conversations"]' "$TEST_TMP/s.json")
    lo=$(( $(val components) - $(val no_ref_replies) )); hi=$(val components)
    check "$set: $c conversations within [$lo, $hi]" test "$c" -ge "$lo" -a "$c" -le "$hi"
    check_eq "$set: distinct messages" "$(val distinct_messages)" "$(json 'j["events"]' "$TEST_TMP/s.json")"
done
# The ghost-root set: two threads, one of them rooted in a message nobody has.
export PARLEY_DB=$TEST_TMP/ghost.db
"$PARLEY" ingest --quiet "$N/threading/ghost-root" >/dev/null 2>&1
check_eq "ghost-root: exactly two conversations" "2" "$("$PARLEY" stats --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["conversations"])')"
# Reference loops: both messages in one conversation, no hang.
export PARLEY_DB=$TEST_TMP/loop.db
timeout 20 "$PARLEY" ingest --quiet "$N/broken/loop" >/dev/null 2>&1
check "a reference loop ingests without hanging" test $? -eq 0
check_eq "loop: one conversation" "1" "$("$PARLEY" stats --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["conversations"])')"
# Arrival order does not matter: the same set ingested file by file in
# reverse order gives the same number of conversations.
export PARLEY_DB=$TEST_TMP/reverse.db
for f in $(find "$N/threading/ghost-root" -type f | sort -r); do "$PARLEY" ingest --quiet "$f" >/dev/null 2>&1; done
check_eq "reverse arrival order: still two conversations" "2" "$("$PARLEY" stats --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["conversations"])')"
finish
