#!/usr/bin/env bash
# T022-spamassassin: the SpamAssassin public corpus (2002-era personal and
# list mail and spam; mbox envelope lines on top of Maildir files, Message-IDs
# without <> or without @, unparseable Dates, a CRLF file).
# Counts are checked against tests/tools/mailstats.py's own reading.
. "$(dirname "$0")/lib.sh"
need_corpus mail/spamassassin "SpamAssassin corpus" || { finish; exit; }
S=$CORPUS/mail/spamassassin
sets=("$S/easy-ham-1" "$S/easy-ham-2" "$S/hard-ham-1" "$S/spam-1")
py=$(/usr/bin/python3 "$TESTS_DIR/tools/mailstats.py" "${sets[@]}")
val() { echo "$py" | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
"$PARLEY" ingest --json "${sets[@]}" >"$TEST_TMP/i.json" 2>"$TEST_TMP/i.err"
check "ingest exits 0" test $? -eq 0
check_eq "every file is a message" "$(val files)" "$(json 'j["messages"]' "$TEST_TMP/i.json")"
check_eq "nothing skipped" "0" "$(json 'j["skipped"]' "$TEST_TMP/i.json")"
added=$(json 'j["added"]' "$TEST_TMP/i.json")
check "distinct messages kept ($added): at least the distinct Message-IDs, at most the files" \
    test "$added" -ge "$(val distinct_message_ids)" -a "$added" -le "$(val files)"
"$PARLEY" stats --json >"$TEST_TMP/s.json"
c=$(json 'j["conversations"]' "$TEST_TMP/s.json")
lo=$(( $(val components) - $(val no_ref_replies) )); hi=$(val components)
check "conversations ($c) within [$lo, $hi]" test "$c" -ge "$lo" -a "$c" -le "$hi"
odd=$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM event WHERE message_id NOT LIKE '%@%'")
check "messages with odd Message-IDs (no <>, no @) are kept ($odd)" test "$odd" -ge 1
bad=$(json 'j["flags"]["date_bad"] + j["flags"]["date_missing"]' "$TEST_TMP/s.json")
check "dates that do not parse are flagged, not dropped ($bad)" test "$bad" -ge 2
check_eq "every flagged date still got a time" "0" \
    "$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM event WHERE ts = 0")"
bulk=$(json 'j["flags"]["bulk"]' "$TEST_TMP/s.json")
check "newsletters and other bulk mail are marked ($bulk)" test "$bulk" -gt 0
list=$(json 'j["flags"]["list"]' "$TEST_TMP/s.json")
check "human list mail is recognised as such ($list)" test "$list" -gt 1000
"$PARLEY" report value --team --last 100000 --json >"$TEST_TMP/v.json"
"$PARLEY" report value --team --last 100000 --include-automated --json >"$TEST_TMP/va.json"
check "automated conversations are left out by default" \
    test "$(json 'j["total"]["conversations"]' "$TEST_TMP/va.json")" -gt "$(json 'j["total"]["conversations"]' "$TEST_TMP/v.json")"
"$PARLEY" ingest --json "${sets[@]}" >"$TEST_TMP/again.json"
check_eq "a re-scan parses nothing" "$(val files)" "$(json 'j["files_unchanged"]' "$TEST_TMP/again.json")"
# HTML-only mail: its text through libxml2, which parley loads when it first
# reads HTML (src/lib/html_lib.c) instead of linking it.
check "parley does not link libxml2" bash -c "! readelf -d '$PARLEY' | grep -q 'libxml2'"
# The parse threads' allocations go to mimalloc (meson_options.txt), for
# every library in the process: the dynamic linker binds GLib's (and so
# GMime's g_malloc) and SQLite's malloc to it. Sanitizer builds keep their own.
if ldd "$PARLEY" | grep -q libasan; then
    skip "malloc is mimalloc's" "the sanitizer build keeps ASan's malloc"
else
    LD_DEBUG=bindings "$PARLEY" --help >/dev/null 2>"$TEST_TMP/bindings.txt"
    check "GLib's malloc is mimalloc's" grep -q "libglib.* to .*libmimalloc.*symbol \`malloc'" "$TEST_TMP/bindings.txt"
    check "and SQLite's" grep -q "libsqlite3.* to .*libmimalloc.*symbol \`malloc'" "$TEST_TMP/bindings.txt"
fi
html=$(/usr/bin/python3 - "${sets[@]}" <<'PY'
import email, email.policy, os, sys
for d in sys.argv[1:]:
    for f in sorted(os.listdir(os.path.join(d, "cur")))[:400]:
        m = email.message_from_binary_file(open(os.path.join(d, "cur", f), "rb"), policy=email.policy.compat32)
        mid = (m.get("Message-ID") or "").strip().strip("<>")
        if m.get_content_type() == "text/html" and not m.is_multipart() and mid and "@" in mid:
            print(mid)
            sys.exit()
PY
)
body=$(sqlite3 "$PARLEY_DB" "SELECT b.body FROM event e JOIN event_body b ON b.event_id = e.id
                             WHERE e.message_id = '$html' LIMIT 1")
check "an HTML-only message ($html) has its text, without tags (${#body} bytes)" \
    bash -c "[ -n '$html' ] && [ ${#body} -gt 20 ] && ! grep -qi '<html\|<body\|<p>' <<<\"\$1\"" _ "$body"
finish
