#!/usr/bin/env bash
# T131-demo-items.sh — the benchmark generator behind bench/open_response.sh:
# parley demo --events N --items M writes M follow-ups on logged calls
# (through the ingest and item paths), deterministically for a seed and
# idempotently; the synthetic mail gives report response real work
# (customers' messages and our answers). Then valgrind memcheck over
# demo --items, open, report response and export ics.
. "$(dirname "$0")/lib.sh"
export TZ=UTC LC_ALL=C.UTF-8
j=$TEST_TMP/j.json
A=$TEST_TMP/a.db B=$TEST_TMP/b.db C=$TEST_TMP/c.db
"$PARLEY" init --me jane@acme.example --internal-domain acme.example >/dev/null
p() { local db=$1; shift; PARLEY_DB=$db "$PARLEY" "$@"; }

out=$(p "$A" demo --events 3000 --items 400 --seed 5)
check_eq "demo --events --items exits 0" 0 $?
check_contains "says what it added" "added 3000 synthetic events" "$out"
calls=$(sed -n 's/^added \([0-9]*\) logged calls.*/\1/p' <<<"$out")
p "$A" open --all --json >"$j"
check_eq "exactly the follow-ups asked for" 400 "$(json 'len(j)' "$j")"
check_eq "one to three per call" True "$(json "$calls <= 400 <= 3 * $calls" "$j")"
check_eq "each on a logged call (log:<uuid v4>), about the person called" True \
    "$(json 'all(__import__("re").fullmatch(r"log:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", i["source_event"]) and __import__("re").fullmatch(r"person\d+@[a-z.-]+", i["with"]) and i["kind"] == "follow-up" and i["origin"] == "logged" for i in j)' "$j")"
check_eq "some done, some dismissed, most open" True \
    "$(json '(lambda s: 0 < s.count("done") and 0 < s.count("dismissed") and s.count("open") > len(s) / 2)([i["status"] for i in j])' "$j")"
check_eq "most dated, some not" True \
    "$(json '(lambda d: len(j) / 2 < d < len(j))(sum(i["due"] is not None for i in j))' "$j")"
p "$A" stats --json >"$j"
check_eq "the calls are events beside the mail" "$((3000 + calls)) $calls" \
    "$(json '"%d %d" % (j["events"], j["channels"]["call"])' "$j")"

# Idempotent and deterministic.
p "$A" export ics --all >"$TEST_TMP/a1.ics" 2>/dev/null
out=$(p "$A" demo --items 400 --seed 5)
check_contains "a second run adds nothing" "added 0 logged calls ($calls were there already)" "$out"
p "$A" export ics --all >"$TEST_TMP/a2.ics" 2>/dev/null
check "and changes nothing" cmp -s "$TEST_TMP/a1.ics" "$TEST_TMP/a2.ics"
p "$B" demo --events 3000 --items 400 --seed 5 >/dev/null
p "$B" export ics --all >"$TEST_TMP/b.ics" 2>/dev/null
check "the same seed in another store: the same items, byte for byte" cmp -s "$TEST_TMP/a1.ics" "$TEST_TMP/b.ics"
p "$C" demo --items 400 --seed 6 >/dev/null
p "$C" export ics --all >"$TEST_TMP/c.ics" 2>/dev/null
/usr/bin/python3 "$TESTS_DIR/tools/ics_read.py" "$TEST_TMP/c.ics" >"$j"
check_eq "another seed: a valid calendar" "[]" "$(json 'j["problems"]' "$j")"
check_eq "with other UIDs" 0 "$(/usr/bin/python3 "$TESTS_DIR/tools/ics_read.py" "$TEST_TMP/a1.ics" |
    /usr/bin/python3 -c 'import json, sys; a = {t["UID"][0]["value"] for t in json.load(sys.stdin)["todos"]}; b = {t["UID"][0]["value"] for t in json.load(open(sys.argv[1]))["todos"]}; print(len(a & b))' "$j")"
check_eq "due days and due times both occur" True \
    "$(json '(lambda k: "DATE" in k and "-" in k)([t["DUE"][0]["params"].get("VALUE", "-") for t in j["todos"]])' "$j")"
out=$(p "$A" demo --items -1 2>&1); rc=$?
check "a negative --items is refused" test $rc -ne 0

# The synthetic mail has customers writing and us answering.
for d in northwind contoso initech globex umbrella hooli vandelay wonka; do p "$A" label $d.example customer >/dev/null; done
p "$A" report response --json --now 2026-11-28 >"$j"
check_eq "report response has real work: customer messages, runs, answers" True \
    "$(json 'j["messages"] > 200 and 0 < j["answered"] < j["turns"] <= j["messages"] and len(j["unanswered"]) > 0' "$j")"

# --- valgrind memcheck ---------------------------------------------------------
if valgrind_usable "valgrind"; then
    PARLEY_DB=$TEST_TMP/v.db vg demo-items demo --events 300 --items 60
    PARLEY_DB=$TEST_TMP/v.db vg open open --json
    PARLEY_DB=$TEST_TMP/v.db vg report-response report response --since 2026-01-01 --now 2026-11-28
    PARLEY_DB=$TEST_TMP/v.db vg export-ics export ics --all -o "$TEST_TMP/v.ics"
    PARLEY_DB=$TEST_TMP/v.db "$PARLEY" open --json >"$j"
    PARLEY_DB=$TEST_TMP/v.db vg export-ics-target export ics --target "$(json 'j[0]["with"]' "$j")"
    PARLEY_DB=$TEST_TMP/v.db vg export-ics-bad export ics --target "Nobody Known"
fi
finish
