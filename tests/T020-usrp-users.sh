#!/usr/bin/env bash
# T020-usrp-users: the vendor support list (real Maildir). Counts are checked
# against tests/tools/mailstats.py, an independent reading of the same files
# with Python's email package: messages, distinct messages, conversations
# (connected components of the reference graph), and authors inside/outside
# after undoing Mailman's "X via List" rewriting.
. "$(dirname "$0")/lib.sh"
need_corpus mail/usrp-users "usrp-users corpus" || { finish; exit; }
M=$CORPUS/mail/usrp-users
py=$(/usr/bin/python3 "$TESTS_DIR/tools/mailstats.py" --internal ettus.com,ni.com,emerson.com "$M")
val() { echo "$py" | /usr/bin/python3 -c "import json,sys; print(eval(sys.argv[1], {}, json.load(sys.stdin)))" "$1"; }

"$PARLEY" init --internal-domain ettus.com --internal-domain ni.com --internal-domain emerson.com >/dev/null
"$PARLEY" ingest --json "$M" >"$TEST_TMP/ingest.json" 2>"$TEST_TMP/ingest.err"
check "ingest exits 0" test $? -eq 0
check_eq "every file parsed as a message" "$(val files)" "$(json 'j["messages"]' "$TEST_TMP/ingest.json")"
check_eq "distinct messages kept (shared Message-IDs of different messages too)" \
    "$(val distinct_messages)" "$(json 'j["added"]' "$TEST_TMP/ingest.json")"
check_eq "nothing skipped" "0" "$(json 'j["skipped"]' "$TEST_TMP/ingest.json")"

"$PARLEY" stats --json >"$TEST_TMP/stats.json"
convs=$(json 'j["conversations"]' "$TEST_TMP/stats.json")
lo=$(( $(val components) - $(val no_ref_replies) )); hi=$(val components)
check "conversations ($convs) within [$lo, $hi]: components, less at most the reference-less replies" \
    test "$convs" -ge "$lo" -a "$convs" -le "$hi"
out=$(json 'j["directions"]["out"]' "$TEST_TMP/stats.json")
in=$(json 'j["directions"]["in"]' "$TEST_TMP/stats.json")
dups=$(( $(val files) - $(val distinct_messages) ))
staff=$(val "authors['internal']")
check "staff-written messages ($out) match the staff authors behind the list rewriting ($staff, ±$dups duplicates)" \
    test $(( out - staff )) -le "$dups" -a $(( staff - out )) -le "$dups"
check_eq "every other message is a customer's" "$(json 'j["events"]' "$TEST_TMP/stats.json")" "$((out + in))"
check_eq "every message is list mail" "$(json 'j["events"]' "$TEST_TMP/stats.json")" \
    "$(json 'j["flags"]["list"]' "$TEST_TMP/stats.json")"
check "the list address is nobody: it is not a counterpart" \
    bash -c "! '$PARLEY' who --limit 0 --json | grep -q '\"usrp-users@lists.ettus.com\"'"

# Staff vs customers: staff domains are internal, everyone else a customer.
"$PARLEY" label '*' customer >/dev/null
"$PARLEY" who --limit 0 --json >"$TEST_TMP/who.json"
check_eq "staff domains classify as internal" "internal internal" \
    "$(json '" ".join(sorted(r["category"] for r in j if r["counterpart"] in ("ettus.com","ni.com")))' "$TEST_TMP/who.json")"
check_eq "nobody is left unclassified" "every counterpart is classified" "$("$PARLEY" who --unclassified)"
"$PARLEY" report value --team --last 100000 --json >"$TEST_TMP/value.json"
check_eq "every conversation counted once" "$convs" "$(json 'j["total"]["conversations"]' "$TEST_TMP/value.json")"
check "most conversations are customer conversations" \
    test "$(json 'j["categories"]["customer"]["conversations"]' "$TEST_TMP/value.json")" -gt $((convs / 2))
check_eq "the top counterpart is a customer" "customer" "$(json 'j["top"][0]["category"]' "$TEST_TMP/value.json")"

# Idempotent: a re-scan parses nothing, a forced re-read adds nothing.
"$PARLEY" ingest --json "$M" >"$TEST_TMP/again.json"
check_eq "unchanged files are not parsed again" "$(val files)" "$(json 'j["files_unchanged"]' "$TEST_TMP/again.json")"
check_eq "and nothing is added" "0" "$(json 'j["added"]' "$TEST_TMP/again.json")"
"$PARLEY" ingest --force --json "$M" >"$TEST_TMP/force.json"
check_eq "a forced re-read adds nothing" "0" "$(json 'j["added"]' "$TEST_TMP/force.json")"
check_eq "and finds every message again" "$(val files)" "$(json 'j["duplicates"]' "$TEST_TMP/force.json")"
"$PARLEY" stats --json >"$TEST_TMP/stats2.json"
check_eq "conversations unchanged after re-ingest" "$convs" "$(json 'j["conversations"]' "$TEST_TMP/stats2.json")"

# The mboxrd copy of the first 300 messages is the same mail: nothing new.
need_corpus mbox "usrp-users mboxrd" && {
    mb=$CORPUS/mbox/usrp-users-first300.mboxrd
    seps=$(grep -c '^From mboxrd@z ' "$mb")
    "$PARLEY" ingest --json "$mb" >"$TEST_TMP/mbox.json"
    check_eq "the mbox yields one message per From_ line" "$seps" "$(json 'j["messages"]' "$TEST_TMP/mbox.json")"
    check_eq "the same messages from an mbox are recognised" "0" "$(json 'j["added"]' "$TEST_TMP/mbox.json")"
}
finish
