#!/usr/bin/env bash
# T070-cdr.sh — call records through the real CLI: every file of the CDR
# corpus (rows, calls after leg merging, calls a person answered,
# presentation classes, all checked against tests/tools/cdrexpect.py, which
# works them out with python's csv module), idempotent re-import, stats,
# a generated file with every kind of bad row, and a call to a customer
# counted as customer voice time in `report value`.
source "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
EXPECT="/usr/bin/python3 $TESTS_DIR/tools/cdrexpect.py"
out=$TEST_TMP/out err=$TEST_TMP/err
# classes COUNT...: named/number-only/withheld counts of the call table.
classes() {
    /usr/bin/python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1])
n = dict(c.execute("SELECT presentation, count(*) FROM call GROUP BY 1").fetchall())
print(" ".join(str(n.get(k, 0)) for k in ("named", "number-only", "withheld")))' "$PARLEY_DB"
}
fresh() { rm -f "$PARLEY_DB" "$PARLEY_DB"-* "$PARLEY_DB".*; printf '%s\n' "$@" >"$PARLEY_CONFIG"; }

# --- the corpus -----------------------------------------------------------
if need_corpus cdr "CDR corpus"; then
    for f in "$CORPUS"/cdr/asterisk/*.csv "$CORPUS"/cdr/freeswitch/*.csv; do
        name=$(basename "$f")
        fmt=asterisk; case "$f" in */freeswitch/*) fmt=freeswitch ;; esac
        conf='[phone]'; case "$name" in
            mineevburyat*) conf=$'[phone]\ndefault-country = RU' ;;
            simularent*) conf=$'[phone]\ndefault-country = US' ;; esac
        fresh "$conf"
        exp=$($EXPECT $fmt "$f")
        e() { /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$exp" "$1"; }
        "$PARLEY" ingest --cdr $fmt --json "$f" >"$out" 2>"$err"
        check_eq "$name: ingest exits 0" 0 $?
        check_eq "$name: rows read" "$(e rows)" "$(json 'j["messages"]' "$out")"
        check_eq "$name: calls after merging legs" "$(e calls)" "$(json 'j["added"]' "$out")"
        check_eq "$name: exact duplicate rows collapse" "$(e duplicates)" "$(json 'j["duplicates"]' "$out")"
        check_eq "$name: conflicting rows reported and skipped" "$(e conflicts)" "$(json 'j["skipped"]' "$out")"
        "$PARLEY" stats --json >"$TEST_TMP/stats.json"
        check_eq "$name: stats shows the calls (channel call)" "$(e calls)" "$(json 'j["channels"]["call"]' "$TEST_TMP/stats.json")"
        check_eq "$name: answered by a person" "$(e human)" "$(json 'j["flags"]["human_answer"]' "$TEST_TMP/stats.json")"
        check_eq "$name: withheld caller ID flag" "$(e withheld)" "$(json 'j["flags"]["withheld_id"]' "$TEST_TMP/stats.json")"
        check_eq "$name: presentation named / number-only / withheld" \
            "$(e named) $(e number-only) $(e withheld)" "$(classes)"
        "$PARLEY" ingest --cdr $fmt --json --force "$f" >"$out" 2>/dev/null
        check_eq "$name: re-import adds nothing" "0 $(e calls)" \
            "$(json '"%d %d" % (j["added"], j["duplicates"] - '"$(e duplicates)"')' "$out")"
    done
    f=$CORPUS/cdr/freeswitch/Kxingyunliushui-freeswitch_tools.Master.csv
    fresh '[phone]'
    "$PARLEY" ingest --cdr freeswitch "$f" >"$out" 2>"$err"
    check_contains "FreeSWITCH near duplicate named with its line" \
        "parley: $f:10: repeats the call leg of line 8 with different fields; line 8 kept" "$(cat "$err")"
    check_contains "spreadsheet dates (2020/2/10 22:41) are read" "2020-02-10" \
        "$(/usr/bin/python3 -c 'import sqlite3,sys,datetime; print(datetime.datetime.utcfromtimestamp(sqlite3.connect(sys.argv[1]).execute("SELECT min(start_ts) FROM call").fetchone()[0]).date())' "$PARLEY_DB" 2>/dev/null)"
    B=$CORPUS/cdr/asterisk/BugaDM-TelephonySwitching
    fresh '[phone]'
    "$PARLEY" ingest --cdr asterisk --json "$B.Master.csv" "$B.100.csv" >"$out" 2>/dev/null
    check_eq "per-account log repeats Master.csv: known calls" "105 5" "$(json '"%d %d" % (j["added"], j["duplicates"])' "$out")"
    fresh $'[calls]\ntimezone = Europe/Berlin'
    "$PARLEY" ingest --cdr asterisk "$B.100.csv" >/dev/null 2>&1
    check_eq "[calls] timezone: local server time to UTC" "$((1428419760 - 7200))" \
        "$(/usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT min(start_ts) FROM call").fetchone()[0])' "$PARLEY_DB")"
fi

# --- legs: linkedid merges, answered leg's billsec is the talk time ---------
fresh $'[phone]\ndefault-country = US'
L=$TEST_TMP/legs.csv
{ echo '"","15550102030","5550100","from-trunk","""Jane"" <15550102030>","SIP/trunk-00000001","SIP/1001-00000002","Dial","SIP/1001","2026-11-02 10:00:00","","2026-11-02 10:00:20",20,0,"NO ANSWER","DOCUMENTATION","1.1","","","1.1",1'
  echo '"","15550102030","5550100","from-trunk","""Jane"" <15550102030>","SIP/trunk-00000001","SIP/1002-00000003","Dial","SIP/1002","2026-11-02 10:00:01","2026-11-02 10:00:15","2026-11-02 10:05:15",314,300,"ANSWERED","DOCUMENTATION","1.2","","","1.1",2'
  echo '"","15550109999","5550100","from-trunk","""Bob"" <15550109999>","SIP/trunk-04","","VoiceMail","1000,u","2026-11-02 11:00:00","2026-11-02 11:00:05","2026-11-02 11:00:45",45,40,"ANSWERED","DOCUMENTATION","2.1","","","2.1",3'
} >"$L"
"$PARLEY" ingest --cdr asterisk --json "$L" >"$out" 2>"$err"
check_eq "two legs of one call are one call, voicemail another" 2 "$(json 'j["added"]' "$out")"
row=$(/usr/bin/python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT c.talk_s, c.ring_s, c.legs, c.answered_by_human, c.agent, e.duration_s, e.direction FROM call c JOIN event e ON e.id = c.event_id ORDER BY c.start_ts").fetchall())' "$PARLEY_DB")
check_eq "merged call: talk, ring, legs, person, agent; voicemail: no person, no time" \
    "[(300, 15, 2, 1, 'SIP/1002', 300, 1), (40, 5, 1, 0, None, 0, 1)]" "$row"

# --- bad rows -----------------------------------------------------------------
fresh '[phone]'
BAD=$TEST_TMP/bad.csv
good() { printf '"","%s","200","phones","""A"" <%s>","SIP/%s-1","SIP/200-2","Dial","","2026-01-05 10:00:%02d","2026-01-05 10:00:%02d","2026-01-05 10:01:00",50,40,"ANSWERED","DOCUMENTATION","%s",""' "$1" "$1" "$1" "$2" "$2" "$3"; }
{ printf '\xEF\xBB\xBF'; good 101 1 u1; printf '\r\n'                                   # 1 BOM, CRLF
  good 102 2 u2; printf '\n'                                                              # 2 LF
  printf '"","103","200","phones"\n'                                                      # 3 wrong column count
  good 104 4 u4 | sed 's/2026-01-05 10:00:04/5 Jan, teatime/'; printf '\n'                 # 4 bad date
  good 105 5 u5 | sed 's/,50,40,/,-50,40,/'; printf '\r\n'                                # 5 negative duration
  good 106 6 u6 | sed 's/"ANSWERED"/"PERHAPS"/'; printf '\n'                              # 6 unknown outcome
  good 107 7 u7 | sed 's/"phones"/"pho\nnes"/'; printf '\n'                               # 7-8 quoted newline
  good 109 9 u9; printf '\n'                                                              # 9
} >"$BAD"
: >"$TEST_TMP/empty.csv"
"$PARLEY" ingest --cdr asterisk --json "$BAD" "$TEST_TMP/empty.csv" >"$out" 2>"$err"
check_eq "bad rows: exits 0 and imports the rest" "0 4 4" "$? $(json '"%d %d" % (j["added"], j["skipped"])' "$out")"
check_contains "wrong column count, with file and line" "parley: $BAD:3: wrong column count (expected 18, got 4)" "$(cat "$err")"
check_contains "bad date" "parley: $BAD:4: start time is not a date" "$(cat "$err")"
check_contains "negative duration" "parley: $BAD:5: negative duration" "$(cat "$err")"
check_contains "unknown outcome" "parley: $BAD:6: unknown disposition" "$(cat "$err")"
check_eq "the row after a quoted newline keeps its line number" 4 "$(grep -c "$BAD" "$err")"
check_eq "the empty file is no error" "" "$(grep empty.csv "$err")"
check_eq "BOM, CRLF and the quoted newline row are read" "ext:101 ext:102 ext:107 ext:109" \
    "$(/usr/bin/python3 -c 'import sqlite3,sys; print(" ".join(r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT i.value FROM identity i JOIN participant p ON p.identity_id = i.id WHERE p.role = 0 ORDER BY 1")))' "$PARLEY_DB")"
"$PARLEY" ingest --cdr nosuch "$BAD" >"$out" 2>"$err"
check_eq "unknown format is refused" 1 $?
"$PARLEY" ingest --map start=Date "$BAD" >"$out" 2>"$err"
check_eq "--map without --cdr is refused" 1 $?
printf 'a,b,c\n1,2,3\n' >"$TEST_TMP/odd.csv"
"$PARLEY" ingest --cdr asterisk "$TEST_TMP/odd.csv" >"$out" 2>"$err"
check_contains "a non-stock layout asks for --map" "give the columns with --map" "$(cat "$err")"
"$PARLEY" ingest --cdr asterisk --map src,dst,start --json "$TEST_TMP/odd.csv" >"$out" 2>"$err"
check_contains "--map names the columns of a header-less file" "start time is not a date" "$(cat "$err")"

# --- a call to a customer is customer voice time ----------------------------------
fresh $'[phone]\ndefault-country = US\n[calls]\ninternal-numbers = 1000-1999'
printf 'BEGIN:VCARD\nVERSION:3.0\nFN:Carla Customer\nORG:Northwind\nTEL;TYPE=WORK:+1 (555) 010-2030\nCATEGORIES:customer\nEND:VCARD\n' >"$TEST_TMP/c.vcf"
"$PARLEY" contacts import "$TEST_TMP/c.vcf" >/dev/null
printf 'Date,Caller,Callee,Talk\r\n2026-11-03 09:00:00,1001,(555) 010-2030,125\r\n2026-11-03 10:00:00,1001,1002,60\r\n' >"$TEST_TMP/calls.csv"
"$PARLEY" ingest --cdr csv --map start=Date,from=Caller,to=Callee,seconds=Talk --json "$TEST_TMP/calls.csv" >"$out" 2>"$err"
check_eq "generic CSV with --map: two calls" 2 "$(json 'j["added"]' "$out")"
"$PARLEY" report value --json >"$TEST_TMP/r.json"
check_eq "customer voice time in report value" 125 "$(json 'j["categories"]["customer"]["voice_seconds"]' "$TEST_TMP/r.json")"
check_eq "the internal call is internal time" 60 "$(json 'j["categories"]["internal"]["voice_seconds"]' "$TEST_TMP/r.json")"
"$PARLEY" stats --json >"$TEST_TMP/stats.json"
check_eq "directions: one out, one internal" "1 1" "$(json '"%d %d" % (j["directions"]["out"], j["directions"]["internal"])' "$TEST_TMP/stats.json")"
finish
