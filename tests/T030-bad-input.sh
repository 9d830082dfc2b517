#!/usr/bin/env bash
# T030-bad-input: broken files among good ones. Each bad file is reported
# with its path and a reason, nothing crashes, the good mail is ingested,
# and a job where nothing at all could be read exits non-zero.
. "$(dirname "$0")/lib.sh"
D=$TEST_TMP/in
mkdir -p "$D/Maildir/cur" "$D/Maildir/new" "$D/Maildir/tmp"
good() { # good FILE ID
    printf 'From: Ann <ann@example.com>\nTo: bob@example.org\nSubject: Hello %s\nDate: Mon, 2 Nov 2026 10:00:00 +0000\nMessage-ID: <%s@example.com>\n\nHi Bob, how are you?\n' "$2" "$2" >"$1"
}
good "$D/Maildir/cur/good1:2,S" g1
good "$D/Maildir/new/good2" g2
: >"$D/Maildir/cur/empty:2,S"
# Seeded random bytes (the same every run): seed 55 gives an early blank
# line, so a short clean-looking "header" must not hide the binary rest.
/usr/bin/python3 -c "
import random, sys
for seed in (1, 2, 55):
    r = random.Random(seed)
    open(sys.argv[1] + str(seed) + ':2,S', 'wb').write(bytes(r.getrandbits(8) for _ in range(4096)))
" "$D/Maildir/cur/garbage"
printf 'From: a@example.com\nSubject: nul\x00bytes\nMessage-ID: <nul@example.com>\n\nbody\x00with\x00nuls\n' >"$D/Maildir/cur/nul:2,S"
/usr/bin/python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('From: a@example.com\nX-Huge: ' + 'x' * (10 * 1024 * 1024) + '\nSubject: huge\n\nbody\n')
" "$D/Maildir/cur/hugeheader:2,S"
printf 'From: =?x-no-such-charset?Q?J=F6rg?= <j@example.com>\nSubject: =?utf-8?B?////?= bad\nContent-Type: text/plain; charset=x-unknown-8bit\nMessage-ID: <cs@example.com>\n\n\xff\xfe caf\xe9\n' >"$D/Maildir/cur/charset:2,S"
# A truncated mbox: the first messages of a real one, cut mid-message.
if [ -f "$CORPUS/mbox/usrp-users-first300.mboxrd" ]; then
    head -c 200000 "$CORPUS/mbox/usrp-users-first300.mboxrd" >"$D/truncated.mbox"
else
    { printf 'From a@b Thu Jan  1 00:00:00 1970\n'; good /dev/stdout t1; printf '\nFrom a@b Thu Jan  1 00:00:00 1970\nFrom: x@y.example\nSubj'; } >"$D/truncated.mbox"
fi
mkdir -p "$D/loop"; ln -s . "$D/loop/self"; ln -s "$D/loop/b" "$D/loop/a"; ln -s "$D/loop/a" "$D/loop/b"
good "$D/unreadable.eml" u1; chmod 000 "$D/unreadable.eml"

run_ingest() {
    if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
        # root reads anything: run as nobody so the unreadable file really is.
        local keep; keep=$(stat -c %a "$D/unreadable.eml")
        chmod -R a+rwX "$TEST_TMP"; chmod "$keep" "$D/unreadable.eml"
        # nobody may not reach the build tree: run a copy, without leak
        # checking (its suppressions file lives in the tree too).
        cp "$PARLEY" "$TEST_TMP/parley-bin"
        runuser -u nobody -- env PARLEY_DB="$PARLEY_DB" PARLEY_CONFIG="$PARLEY_CONFIG" \
            ASAN_OPTIONS=detect_leaks=0 LSAN_OPTIONS= "$TEST_TMP/parley-bin" ingest --json "$@"
    else
        "$PARLEY" ingest --json "$@"
    fi
}
run_ingest "$D" >"$TEST_TMP/out.json" 2>"$TEST_TMP/err.txt"
rc=$?
check "ingest of a tree with bad files exits 0" test $rc -eq 0
err=$(cat "$TEST_TMP/err.txt")
check_contains "empty file named with its reason" "empty:2,S: empty file" "$err"
for seed in 1 2 55; do
    check_contains "binary garbage named ($seed)" "garbage$seed:2,S: binary data, not a mail message" "$err"
done
check_contains "10 MB header named" "hugeheader:2,S: header section larger than 1 MiB" "$err"
check_contains "symlink loop named" "symlink loop" "$err"
check_contains "unreadable file named" "unreadable.eml: Permission denied" "$err"
skipped=$(json 'j["skipped"]' "$TEST_TMP/out.json")
check_eq "each problem reported on stderr once" "$skipped" "$(grep -c '^parley: ' "$TEST_TMP/err.txt")"
check "good messages ingested, NUL bytes and bad charsets included" \
    test "$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM event WHERE message_id IN ('g1@example.com','g2@example.com','nul@example.com','cs@example.com')")" -eq 4
check "text with bad charsets stored as valid UTF-8" \
    test "$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM event WHERE message_id = 'cs@example.com' AND subject LIKE '%bad%'")" -eq 1
check "the truncated mbox gave its complete messages" \
    test "$(json 'j["messages"]' "$TEST_TMP/out.json")" -ge 10
chmod 644 "$D/unreadable.eml"
run_ingest "$D" >"$TEST_TMP/again.json" 2>/dev/null
check_eq "the file that became readable is picked up; nothing else is new" "1" "$(json 'j["added"]' "$TEST_TMP/again.json")"

# Whole-job failures exit non-zero with a message naming the path.
out=$("$PARLEY" ingest "$TEST_TMP/does-not-exist" 2>&1); rc=$?
check "a missing path fails the job" test $rc -ne 0
check_contains "naming it" "does-not-exist: No such file or directory" "$out"
mkdir -p "$TEST_TMP/junk"; head -c 1000 /dev/urandom >"$TEST_TMP/junk/x"
out=$("$PARLEY" ingest "$TEST_TMP/junk" 2>&1); rc=$?
check "a folder with no mail in it fails the job" test $rc -ne 0
out=$("$PARLEY" ingest 2>&1); rc=$?
check "ingest without a path is a usage error" test $rc -ne 0
finish
