#!/usr/bin/env bash
# T010-init: parley init writes the config and creates the database; bad
# values are refused with a reason; running it again adds, never duplicates.
. "$(dirname "$0")/lib.sh"

out=$("$PARLEY" init --me Jane@Acme.example --internal-domain acme.example 2>&1)
check "init succeeds" test $? -eq 0
check "config file written" test -f "$PARLEY_CONFIG"
check "database created" test -f "$PARLEY_DB"
check_contains "config holds my normalised address" "me=jane@acme.example;" "$(cat "$PARLEY_CONFIG")"
check_contains "config holds the internal domain" "internal-domains=acme.example;" "$(cat "$PARLEY_CONFIG")"
check_contains "a default goal is written" "customer,prospect,frontline >= 50%" "$(cat "$PARLEY_CONFIG")"
check_contains "init reports the database path" "$PARLEY_DB" "$out"

"$PARLEY" init --me jane@acme.example --me jane.doe@gmail.com >/dev/null
check_eq "re-running init adds without duplicating" "me=jane@acme.example;jane.doe@gmail.com;" \
    "$(grep '^me=' "$PARLEY_CONFIG")"
newest=$(ls "$PROJECT_DIR"/src/lib/sql/sqlite/*.sql | sed 's|.*/0*\([0-9]*\)-.*|\1|' | sort -n | tail -1)
check_eq "schema is migrated to the newest migration ($newest)" "$newest" "$(sqlite3 "$PARLEY_DB" 'PRAGMA user_version')"
check_eq "a new store has 16 KiB pages, in WAL mode" "16384 wal" \
    "$(sqlite3 "$PARLEY_DB" 'PRAGMA page_size' | tr '\n' ' ')$(sqlite3 "$PARLEY_DB" 'PRAGMA journal_mode')"
M=$CORPUS/mbox/usrp-users-first300.mboxrd
if [ -f "$M" ]; then
    old=$TEST_TMP/old-pages.db # a store begun with 4 KiB pages keeps them, and works
    sqlite3 "$old" 'PRAGMA page_size=4096; CREATE TABLE made_before(x)'
    PARLEY_DB=$old "$PARLEY" ingest --quiet "$M" >/dev/null 2>&1
    check_eq "a 4 KiB-page store: migrated, its pages kept, messages in" "$newest 4096 yes" \
        "$(sqlite3 "$old" 'PRAGMA user_version' 'PRAGMA page_size' 'SELECT count(*) > 250 FROM event' |
            tr '\n' ' ' | sed 's/1 $/yes/')"
else
    skip "a 4 KiB-page store keeps its pages" "no corpus at $CORPUS"
fi

v=$("$PARLEY" --version)
check_contains "--version names the version" "parley $(sed -n "s/.*version *: *'\([^']*\)'.*/\1/p" "$PROJECT_DIR/meson.build" | head -1)" "$v"
if echo "$v" | grep -q "^malloc: mimalloc"; then # allocator.c: GLib 2.74's slices go to mimalloc
    check_contains "GLib's slice allocator is bypassed" "GLib slices: always-malloc" "$v"
    check_contains "a G_SLICE the user set wins" "GLib slices: debug-blocks" \
        "$(G_SLICE=debug-blocks "$PARLEY" --version)"
else
    skip "GLib's slices go to mimalloc" "this build keeps the system's malloc ($v)"
fi

err=$("$PARLEY" init --me not-an-address 2>&1); rc=$?
check "a bad address is refused" test $rc -ne 0
check_contains "the error names the value" '"not-an-address" is not an e-mail address' "$err"
err=$("$PARLEY" init --internal-domain bob@acme.example 2>&1); rc=$?
check "a bad domain is refused" test $rc -ne 0
err=$("$PARLEY" nosuchcommand 2>&1); rc=$?
check "an unknown command fails" test $rc -eq 2
check_contains "and says so" "unknown command 'nosuchcommand'" "$err"

# --db and PARLEY_DB choose the store; XDG is the default.
unset PARLEY_DB
"$PARLEY" init >/dev/null
check "default database under XDG_DATA_HOME" test -f "$XDG_DATA_HOME/parley/parley.db"
"$PARLEY" --db "$TEST_TMP/other.db" init >/dev/null
check "--db overrides" test -f "$TEST_TMP/other.db"

# A broken config is an error naming the file, not a crash.
printf '[goals]\nbad = customer >= lots\n' >"$TEST_TMP/bad.conf"
err=$("$PARLEY" --config "$TEST_TMP/bad.conf" report value 2>&1); rc=$?
check "a bad goal fails" test $rc -ne 0
check_contains "naming the file and the goal" "bad.conf: goal bad" "$err"
finish
