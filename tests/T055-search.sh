#!/usr/bin/env bash
# T055-search: full-text search through the CLI: body and subject words,
# stemming, column filters, JSON, bad queries, an index that rebuilds
# itself when its file is lost, and one made before columnsize=0.
. "$(dirname "$0")/lib.sh"
M=$TEST_TMP/Maildir; mkdir -p "$M/cur" "$M/new" "$M/tmp"
mk() { printf 'From: %s\nTo: jane@acme.example\nSubject: %s\nDate: Mon, %d Nov 2026 09:00:00 +0000\nMessage-ID: <%s@x>\n\n%s\n' \
    "$1" "$2" "$3" "$4" "$5" >"$M/cur/$4:2,S"; }
mk ann@northwind.example "Quote for the pumps" 2 q1 "We are running out of spare impellers; please send the revised quote."
mk bob@contoso.example "Invoice overdue" 3 q2 "The invoice from October is still open."
mk cat@initech.example "Lunch" 4 q3 "Shall we meet on Friday? Café Müller is fine."
"$PARLEY" ingest --quiet "$M" >/dev/null
check_eq "a body word finds its message" "ann@northwind.example" "$("$PARLEY" search --json impellers | /usr/bin/python3 -c 'import json,sys; print(" ".join(h["from"] for h in json.load(sys.stdin)))')"
check_contains "stemming: 'run' finds 'running'" "Quote for the pumps" "$("$PARLEY" search run)"
check_eq "column filter: subject:invoice" "1" "$("$PARLEY" search --json 'subject:invoice' | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
check_eq "OR finds both" "2" "$("$PARLEY" search --json 'impellers OR october' | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
check_contains "accented words are found" "Lunch" "$("$PARLEY" search müller)"
check_eq "no match says so" "no match" "$("$PARLEY" search zeppelin)"
out=$("$PARLEY" search 'bad"query' 2>&1); rc=$?
check "a malformed query fails" test $rc -ne 0
check_contains "and says why" 'search "bad"query"' "$out"
rm -f "$PARLEY_DB-text" "$PARLEY_DB-text-wal" "$PARLEY_DB-text-shm"
check_contains "a lost index is rebuilt from the events" "Invoice overdue" "$("$PARLEY" search overdue)"
check_eq "a new index keeps no token counts per event (columnsize=0)" "0 3" \
    "$(sqlite3 "$PARLEY_DB-text" "SELECT count(*) FROM sqlite_master WHERE name = 'event_fts_docsize';
                                  SELECT count(*) FROM event_fts('impellers OR october OR müller')" | tr '\n' ' ' | sed 's/ $//')"
# An index file made before (with the counts) is read as it is.
rm -f "$PARLEY_DB-text" "$PARLEY_DB-text-wal" "$PARLEY_DB-text-shm"
sqlite3 "$PARLEY_DB-text" "PRAGMA journal_mode=WAL; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
    CREATE VIRTUAL TABLE event_fts USING fts5(subject, body, content='', tokenize='porter unicode61', detail=column);
    ATTACH '$PARLEY_DB' AS m;
    INSERT INTO event_fts(rowid, subject, body) SELECT e.id, e.subject, b.body FROM m.event e JOIN m.event_body b ON b.event_id = e.id;
    INSERT INTO meta VALUES ('indexed-upto', (SELECT max(id) FROM m.event));" >/dev/null
mk dan@fabrikam.example "Impellers again" 5 q4 "The impellers arrived."
"$PARLEY" ingest --quiet "$M" >/dev/null
check_eq "an older index file: searched as before, and new mail added to it" "2 1" \
    "$("$PARLEY" search --json impellers | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') $(sqlite3 "$PARLEY_DB-text" "SELECT count(*) FROM sqlite_master WHERE name = 'event_fts_docsize'")"
finish
