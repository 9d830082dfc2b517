#!/usr/bin/env bash
# T021-mbox: mbox files on their own (mboxrd with >From escaping, mboxo with
# tricky From lines, perceval's mboxes with odd encodings), into a fresh store.
. "$(dirname "$0")/lib.sh"
need_corpus mbox "mbox corpus" || { finish; exit; }
mb=$CORPUS/mbox/usrp-users-first300.mboxrd
"$PARLEY" ingest --json "$mb" >"$TEST_TMP/a.json" 2>"$TEST_TMP/a.err"
check "mboxrd ingest exits 0" test $? -eq 0
check_eq "300 messages" "300" "$(json 'j["messages"]' "$TEST_TMP/a.json")"
py=$(/usr/bin/python3 - "$mb" <<'PY'
import mailbox, sys
ids = set()
for m in mailbox.mbox(sys.argv[1]):
    ids.add((m.get("Message-ID"), m.get("Date"), m.get("Subject")))
print(len(ids))
PY
)
check_eq "distinct messages as Python's mailbox module sees them" "$py" "$(json 'j["added"]' "$TEST_TMP/a.json")"
"$PARLEY" ingest --json "$mb" >"$TEST_TMP/b.json"
check_eq "an unchanged mbox is not parsed again" "1" "$(json 'j["files_unchanged"]' "$TEST_TMP/b.json")"
# Escaped From lines: in mboxrd a body line "From x" is stored as ">From x".
# The text parley keeps has one '>' fewer.
if grep -q '^>From ' "$mb"; then
    n=$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM event_body WHERE body LIKE '%' || char(10) || '>From %'")
    check_eq "no mboxrd escape is left in the stored text" "0" "$n"
fi
for f in "$CORPUS"/mail/fixtures/gmime/tests/data/mbox/input/*.mbox "$CORPUS"/mail/fixtures/perceval/tests/data/mbox/*; do
    [ -f "$f" ] || continue
    "$PARLEY" ingest --json "$f" >"$TEST_TMP/c.json" 2>"$TEST_TMP/c.err"
    rc=$?
    check "$(basename "$f"): no crash (exit $rc)" test $rc -le 1
    m=$(json 'j["messages"]' "$TEST_TMP/c.json" 2>/dev/null || echo 0)
    s=$(json 'j["skipped"]' "$TEST_TMP/c.json" 2>/dev/null || echo 0)
    lines=$(grep -c '' "$TEST_TMP/c.err")
    check "$(basename "$f"): $m messages, every skip ($s) reported" test "$lines" -ge "$s"
done
finish
