#!/usr/bin/env bash
# T160-brief.sh — `parley brief` through the real CLI. Over the usrp-users
# Maildir (staff at ettus.com, ni.com, emerson.com are us) one real customer,
# picked and worked out by tests/tools/briefexpect.py (Python's email
# package, its own threading and own-words reading, PyStemmer): conversations,
# events, messages / words / turns / pronouns per side, you-focus, the last
# touch and conversation, and every topic's counts and dates. Over the qtox
# IRC logs the same for a nick, with another nick as us. Then a hand-made
# contact: logged calls and meetings (days since voice), an unanswered call
# record, open items of each kind, --since, the domain and the organisation,
# and the refusals: unknown and ambiguous targets, bad options, a language
# without a stemmer; metadata-only stores; idempotent re-ingest.
. "$(dirname "$0")/lib.sh"
export TZ=UTC LC_ALL=C.UTF-8
out=$TEST_TMP/out err=$TEST_TMP/err j=$TEST_TMP/j.json
STOP=$PROJECT_DIR/src/lib/topics/stop-english.txt
fresh() { rm -f "$PARLEY_DB" "$PARLEY_DB"-* "$PARLEY_CONFIG"; }
sql() { /usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print("\n".join("|".join(str(x) for x in r) for r in c.execute(sys.argv[2]))); c.commit()' "$PARLEY_DB" "$1"; }

# compare EXPECTED.json GOT.json CHANNEL LABEL: checks a brief against the
# independent figures; prints one line per finding, nothing when all agree.
compare() {
    /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import datetime, json, math, sys
e, g, ch = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
ts = lambda s: int(datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp())
bad = []
def eq(what, want, got):
    if want != got:
        bad.append("%s: expected %r, got %r" % (what, want, got))
eq("conversations", e["conversations"], g["conversations"])
eq("events", e["events"], g["events"])
for side in ("theirs", "ours", "other"):
    for k in ("messages", "words", "turns", "first_person", "second_person"):
        eq("%s %s" % (side, k), e["balance"][side][k], g["balance"][side][k])
if (e["you_focus"] is None) != (g["you_focus"] is None) or \
        (e["you_focus"] is not None and abs(e["you_focus"] - g["you_focus"]) > 1e-12):
    bad.append("you_focus: expected %r, got %r" % (e["you_focus"], g["you_focus"]))
t = g["last_touch"][ch]
eq("last touch time", e["last_touch"]["ts"], t["ts"])
eq("last touch by", e["last_touch"]["by"], t["by"])
eq("last touch identity", e["last_touch"]["identity"], t["identity"].rsplit("/", 1)[-1])
lc = g["last_conversation"]
eq("last conversation messages", e["last_conversation"]["messages"], lc["messages"])
eq("last conversation: last author", e["last_conversation"]["last_author"],
   lc["last_message"]["identity"].rsplit("/", 1)[-1])
eq("last conversation: last by", e["last_conversation"]["last_by"], lc["last_message"]["by"])
got = {x["stem"]: x for x in g["topics"]}
want = set(e["topics"])
names = set(e["name_stems"])
eq("topics parley has that the reading does not", [], sorted(set(got) - want))
eq("topics missing that are no name", [], sorted(want - set(got) - names))
for stem, x in got.items():
    y = e["topics"].get(stem)
    if y:
        eq("topic " + stem, (y["theirs"], y["ours"], y["messages"], y["first"], y["last"]),
           (x["theirs"], x["ours"], x["messages"], ts(x["first"]), ts(x["last"])))
        eq("topic %s shared" % stem, y["theirs"] > 0 and y["ours"] > 0, x["shared"])
    if not (x["messages"] <= x["df"] <= g["documents"]):
        bad.append("topic %s: df %d outside [messages, N]" % (stem, x["df"]))
    if abs(x["score"] - x["messages"] * math.log(g["documents"] / x["df"])) > 1e-9:
        bad.append("topic %s: score is not messages x ln(N / df)" % stem)
scores = [x["score"] for x in g["topics"]]
eq("topics by score", sorted(scores, reverse=True), scores)
print("\n".join(bad[:12]))
PY
}

# --- usrp-users: a real customer -------------------------------------------
if need_corpus mail/usrp-users "usrp-users corpus"; then
    M=$CORPUS/mail/usrp-users
    /usr/bin/python3 "$TESTS_DIR/tools/briefexpect.py" mail --internal ettus.com,ni.com,emerson.com \
        --stop "$STOP" "$M" >"$TEST_TMP/exp.json"
    check_eq "usrp: the reading picked a customer" 0 $?
    who=$(json 'j["target"]' "$TEST_TMP/exp.json")
    "$PARLEY" init --internal-domain ettus.com --internal-domain ni.com --internal-domain emerson.com >/dev/null
    "$PARLEY" ingest -q "$M" 2>/dev/null
    "$PARLEY" brief "$who" --json --limit 0 >"$j" 2>"$err"
    check_eq "usrp: brief $who exits 0" 0 $?
    check_eq "usrp: conversations, balance, you-focus, last touch and topics of $who as read independently" \
        "" "$(compare "$TEST_TMP/exp.json" "$j" email)"
    check "usrp: some topics are shared by both sides" \
        test "$(json 'sum(t["shared"] for t in j["topics"])' "$j")" -gt 0
    check "usrp: topics are many ($(json 'len(j["topics"])' "$j"))" test "$(json 'len(j["topics"])' "$j")" -ge 20
    pct=$(json 'round(j["you_focus"] * 100)' "$TEST_TMP/exp.json")
    "$PARLEY" brief "$who" >"$out"
    check_contains "usrp: text names the contact" "$who" "$(head -1 "$out")"
    check_contains "usrp: text gives the you-focus" "you-focus of our messages: $pct%" "$(cat "$out")"
    check_contains "usrp: text lists topics" "Topics (tf-idf against" "$(cat "$out")"
    check_eq "usrp: text shows --limit topics (10)" 10 \
        "$(sed -n '/^Topics/,$p' "$out" | tail -n +3 | grep -c .)"
    cp "$j" "$TEST_TMP/first.json"
    "$PARLEY" ingest -q --force "$M" 2>/dev/null
    "$PARLEY" brief "$who" --json --limit 0 >"$j"
    check_eq "usrp: a forced re-ingest changes no figure (keyword index idempotent)" "" \
        "$(diff <(grep -v '"now"' "$TEST_TMP/first.json") <(grep -v '"now"' "$j"))"
    check_eq "usrp: one brief row per event" "$(sql 'SELECT count(*) FROM event')" \
        "$(sql 'SELECT count(*) FROM brief_event')"
    # Another language rebuilds the index; one without a stemmer is refused.
    fp=$(sql "SELECT value FROM meta WHERE key = 'keywords-fingerprint'")
    printf '[topics]\nlanguage = german\n' >>"$PARLEY_CONFIG"
    "$PARLEY" brief "$who" --json >"$j"
    check_eq "usrp: german: pronouns are not counted, you-focus null" "False None" \
        "$(json '"%s %s" % (j["pronouns_counted"], j["you_focus"])' "$j")"
    check "usrp: german: the index was rebuilt" \
        test "$(sql "SELECT value FROM meta WHERE key = 'keywords-fingerprint'")" != "$fp"
    check_eq "usrp: german: every event indexed again" "$(sql 'SELECT max(id) FROM event')" \
        "$(sql "SELECT value FROM meta WHERE key = 'keywords-upto'")"
    sed -i 's/language = german/language = klingon/' "$PARLEY_CONFIG"
    "$PARLEY" brief "$who" >"$out" 2>"$err"; rc=$?
    check "usrp: a language without a stemmer is refused" test $rc -ne 0
    check_contains "usrp: naming the known ones" 'language "klingon" has no Snowball stemmer (known:' "$(cat "$err")"
    sed -i '/language = klingon/d' "$PARLEY_CONFIG"
    list=$(sql "SELECT value FROM identity WHERE is_list = 1 AND person_id IS NULL ORDER BY id LIMIT 1")
    out=$("$PARLEY" brief "$list" 2>&1); rc=$?
    check_eq "usrp: the list address ($list) is no contact: an error naming it" \
        "1 parley: \"$list\" is a mailing list or chat room ($list), not a contact: give one of the people in it" \
        "$rc $out"
    fresh
fi

# --- qtox IRC: a nick, another nick as us -----------------------------------
if need_corpus chat/qtox-irc "qtox IRC corpus"; then
    Q=$CORPUS/chat/qtox-irc
    printf '[identity]\nme = irc:#qtox/zetok\n[chat]\ntimezone = Europe/London\n' >"$PARLEY_CONFIG"
    /usr/bin/python3 "$TESTS_DIR/tools/briefexpect.py" irc --stop "$STOP" --us zetok --gap 30 \
        --since 2016-11-01 "$Q" >"$TEST_TMP/exp.json"
    nick=$(json 'j["target"]' "$TEST_TMP/exp.json")
    "$PARLEY" ingest -q --chat irc "$Q" 2>/dev/null
    "$PARLEY" brief "irc:#qtox/$nick" --since 2016-11-01 --json --limit 0 >"$j" 2>"$err"
    check_eq "qtox: brief of the handle exits 0" 0 $?
    check_eq "qtox: sessions, balance, you-focus, last touch and topics of $nick as read independently" \
        "" "$(compare "$TEST_TMP/exp.json" "$j" chat)"
    "$PARLEY" brief "$nick" --since 2016-11-01 --json --limit 0 >"$TEST_TMP/by-name.json"
    check_eq "qtox: the nick as a name finds the same handle" "" \
        "$(diff <(grep -Ev '"(now|target)"' "$j") <(grep -Ev '"(now|target)"' "$TEST_TMP/by-name.json"))"
    check_eq "qtox: no e-mail touch" "None" "$(json 'j["last_touch"]["email"]' "$j")"
    for room in '#qtox' 'irc:#qtox'; do
        out=$("$PARLEY" brief "$room" 2>&1); rc=$?
        check_eq "qtox: the room ($room) is no contact: an error naming it, not an empty brief" \
            "1 parley: \"$room\" is a mailing list or chat room (irc:#qtox), not a contact: give one of the people in it" \
            "$rc $out"
    done
    fresh
fi

# --- a contact by hand: calls, meetings, items -------------------------------
"$PARLEY" init --me jane@acme.example --internal-domain acme.example >/dev/null
printf '[phone]\ndefault-country = GB\n[calls]\ninternal-numbers = 1000-1999\n' >>"$PARLEY_CONFIG"
cat >"$TEST_TMP/c.vcf" <<'VCF'
BEGIN:VCARD
VERSION:3.0
FN:Ann Smith
ORG:Northwind Traders
EMAIL:ann@northwind.example
TEL:+44 20 7946 0001
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Bob Baker
ORG:Northwind Traders
EMAIL:bob@northwind.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Ann Jones
EMAIL:ann.jones@other.example
END:VCARD
VCF
"$PARLEY" contacts import "$TEST_TMP/c.vcf" >/dev/null
"$PARLEY" label northwind.example customer >/dev/null
mkdir -p "$TEST_TMP/mail"
cat >"$TEST_TMP/mail/1.eml" <<'EOF'
From: Ann Smith <ann@northwind.example>
To: Jane Doe <jane@acme.example>
Subject: X310 boards
Date: Tue, 20 Oct 2026 09:00:00 +0000
Message-ID: <q1@northwind.example>

Hi Jane, could you send me the quote for the X310 boards?
We need twelve X310 boards by March.

Ann
EOF
cat >"$TEST_TMP/mail/2.eml" <<'EOF'
From: Jane Doe <jane@acme.example>
To: Ann Smith <ann@northwind.example>
Cc: Bob Baker <bob@northwind.example>
Subject: Re: X310 boards
Date: Wed, 21 Oct 2026 10:00:00 +0000
Message-ID: <a1@acme.example>
In-Reply-To: <q1@northwind.example>
References: <q1@northwind.example>

Hi Ann, your quote for the X310 boards follows tomorrow; I will check
the March date with our warehouse for you.

On Tue, Ann Smith wrote:
> Hi Jane, could you send me the quote for the X310 boards?
> We need twelve X310 boards by March.

-- 
Jane Doe, Acme
EOF
"$PARLEY" ingest -q "$TEST_TMP/mail"
"$PARLEY" log call ann@northwind.example --at "2026-11-01 10:00" --minutes 12 \
    --note "Talked through the X310 order and the warehouse date" \
    --follow-up "send the revised quote" --due 2026-12-01 >/dev/null
printf 'Date,Caller,Callee,Talk\n2026-11-10 09:00:00,+442079460001,1001,0\n' >"$TEST_TMP/calls.csv"
"$PARLEY" ingest -q --cdr csv --map start=Date,from=Caller,to=Callee,seconds=Talk "$TEST_TMP/calls.csv"
"$PARLEY" brief "Ann Smith" --now 2026-11-20 --json >"$j" 2>"$err"
check_eq "hand: brief by name exits 0" 0 $?
check_eq "hand: the person with both identities" "person +442079460001 ann@northwind.example" \
    "$(json 'j["kind"] + " " + " ".join(sorted(j["identities"]))' "$j")"
check_eq "hand: voice is the logged call (the call record was not answered): 18 whole days" \
    "2026-11-01T10:00:00Z 18" "$(json 'j["voice"]["last"] + " " + str(j["voice"]["days_since"])' "$j")"
check_eq "hand: last call: theirs, unanswered, from the call record" "theirs False 2026-11-10T09:00:00Z" \
    "$(json '"%s %s %s" % (j["last_touch"]["call"]["by"], j["last_touch"]["call"]["answered"], j["last_touch"]["call"]["at"])' "$j")"
check_eq "hand: last e-mail: ours, Jane" "ours jane@acme.example Re: X310 boards" \
    "$(json '"%s %s %s" % (j["last_touch"]["email"]["by"], j["last_touch"]["email"]["identity"], j["last_touch"]["email"]["subject"])' "$j")"
check_eq "hand: open items: our detected promise (due the day after our reply), the logged follow-up; Ann's question was answered" \
    "promise detected Hi Ann, your quote for the X310 boards follows tomorrow; I will check the March date with our warehouse for you. 2026-10-22T12:00:00Z follow-up logged send the revised quote 2026-12-01T00:00:00Z" \
    "$(json '" ".join("%s %s %s %s" % (i["kind"], i["origin"], i["text"], i["due"]) for i in j["open_items"])' "$j")"
check_eq "hand: messages, words, turns: theirs 1/20/1, ours 1/21/1 (no quote, attribution, signature)" "1 20 1 1 21 1" \
    "$(json '" ".join(str(j["balance"][s][k]) for s in ("theirs", "ours") for k in ("messages", "words", "turns"))' "$j")"
check_eq "hand: you-focus: Jane wrote your, you vs I, our: 2 of 4" "2 2 0.5" \
    "$(json '"%d %d %s" % (j["balance"]["ours"]["second_person"], j["balance"]["ours"]["first_person"], j["you_focus"])' "$j")"
check_eq "hand: x310 is a topic both sides share (their mail, our reply and note)" "x310 True 2 2" \
    "$(json '" ".join("%s %s %d %d" % (t["word"], t["shared"], t["theirs"], t["ours"]) for t in j["topics"] if t["stem"] == "x310")' "$j")"
check_eq "hand: names are no topics" "" "$(json '" ".join(t["stem"] for t in j["topics"] if t["stem"] in ("ann", "jane", "smith"))' "$j")"
check_eq "hand: new within 90 days, growing (all in the newer half)" "True True" \
    "$(json '" ".join(str(t[k]) for t in j["topics"] if t["stem"] == "x310" for k in ("new", "growing"))' "$j")"
"$PARLEY" brief "Ann Smith" --now 2027-06-01 --window 30 --json >"$j"
check_eq "hand: at a later now: old, not growing, 211 days since voice" "False False 211" \
    "$(json '" ".join(str(t[k]) for t in j["topics"] if t["stem"] == "x310" for k in ("new", "growing")) + " " + str(j["voice"]["days_since"])' "$j")"

# Items are shown by kind: the promise detection found above, and an open
# question (put in directly: Ann's only question was answered).
pid=$(sql "SELECT person_id FROM identity WHERE value = 'ann@northwind.example'")
sql "INSERT INTO item(key, kind, origin, text, created_ts, person_id, source_sentence) VALUES
     ('t160#q', 'question', 'detected', 'Can we get the boards by March?', 1792000000, $pid, 'Can we get the boards by March?')" >/dev/null
"$PARLEY" brief "Ann Smith" --now 2026-11-20 >"$out"
check_contains "hand: text: their unanswered questions" "Unanswered questions (1)" "$(cat "$out")"
check_contains "hand: text: our promises" "Our promises (1)" "$(cat "$out")"
check_contains "hand: text: follow-ups with the due date" "2026-12-01  logged" "$(cat "$out")"
check_contains "hand: text: days since voice" "Voice: last talked 2026-11-01, 18 days ago" "$(cat "$out")"
check_contains "hand: text: the last conversation is the logged call, not the missed one" \
    "Last conversation: Call with Ann Smith (1 message)" "$(cat "$out")"
check_contains "hand: text: with its note" "Talked through the X310 order and the warehouse date" "$(cat "$out")"
"$PARLEY" brief "Ann Smith" --until 2026-10-22 >"$out"
check_contains "hand: text: the last message's own words" "Hi Ann, your quote for the X310 boards follows tomorrow" "$(cat "$out")"
check_contains "hand: text: in --lines lines (4)" "the March date with our warehouse for you." "$(cat "$out")"
check "hand: text: the quote and signature are left out" bash -c "! grep -Eq '> Hi Jane|Jane Doe, Acme' '$out'"
id=$(json '[i["id"] for i in j["open_items"] if i["kind"] == "follow-up"][0]' "$j")
"$PARLEY" done "$id" >/dev/null
"$PARLEY" brief "Ann Smith" --json >"$j"
check_eq "hand: a done follow-up is no longer open" "promise question" \
    "$(json '" ".join(sorted(i["kind"] for i in j["open_items"]))' "$j")"

"$PARLEY" log meeting "Ann Smith" --at "2026-11-15 15:00" --minutes 30 --note "Site visit" >/dev/null
"$PARLEY" brief ann@northwind.example --now 2026-11-20 --json >"$j"
check_eq "hand: a meeting is voice too: 4 days" "4" "$(json 'j["voice"]["days_since"]' "$j")"
"$PARLEY" brief "Ann Smith" --since 2026-11-01 --json >"$j"
check_eq "hand: --since leaves the October mail out" "None 0" \
    "$(json '"%s %d" % (j["last_touch"]["email"], j["balance"]["theirs"]["messages"])' "$j")"
"$PARLEY" brief "Ann Smith" --until 2026-10-21 --json >"$j"
check_eq "hand: --until keeps only Ann's mail" "theirs 1" \
    "$(json '"%s %d" % (j["last_touch"]["email"]["by"], j["events"])' "$j")"
"$PARLEY" brief northwind.example --json >"$j"
check_eq "hand: the domain: both people, labelled by the organisation" \
    "domain Northwind Traders (northwind.example) ann@northwind.example bob@northwind.example" \
    "$(json 'j["kind"] + " " + j["label"] + " " + " ".join(sorted(i for i in j["identities"] if "@" in i))' "$j")"
"$PARLEY" brief "Northwind Traders" --json >"$j"
check_eq "hand: the organisation by name" "organisation 2" \
    "$(json 'j["kind"] + " " + str(len(j["open_items"]))' "$j")"

# --- refusals ----------------------------------------------------------------
"$PARLEY" brief nobody@nowhere.example >"$out" 2>"$err"; rc=$?
check "unknown address: non-zero exit" test $rc -ne 0
check_contains "unknown address: said so" "nothing is known about nobody@nowhere.example" "$(cat "$err")"
"$PARLEY" brief "Zed Zulu" >"$out" 2>"$err"; rc=$?
check "unknown name: non-zero exit" test $rc -ne 0
check_contains "unknown name: said so" 'no contact named "Zed Zulu"' "$(cat "$err")"
"$PARLEY" brief unheard.example >"$out" 2>"$err"; rc=$?
check "unknown domain: non-zero exit" test $rc -ne 0
check_contains "unknown domain: said so" "nobody at unheard.example is known" "$(cat "$err")"
"$PARLEY" brief Ann >"$out" 2>"$err"; rc=$?
check "ambiguous name: non-zero exit" test $rc -ne 0
check_contains "ambiguous: candidate 1 listed" "Ann Smith <ann@northwind.example>" "$(cat "$err")"
check_contains "ambiguous: candidate 2 listed" "Ann Jones <ann.jones@other.example>" "$(cat "$err")"
check_eq "ambiguous: nothing on stdout" "" "$(cat "$out")"
"$PARLEY" brief >"$out" 2>"$err"; rc=$?
check "no target: non-zero exit" test $rc -ne 0
"$PARLEY" brief "Ann Smith" --since someday >"$out" 2>"$err"; rc=$?
check "a bad --since is refused" test $rc -ne 0
check_contains "naming the value" '"someday" is not a date' "$(cat "$err")"
"$PARLEY" brief "Ann Smith" --window 0 >"$out" 2>"$err"; rc=$?
check "--window 0 is refused" test $rc -ne 0
"$PARLEY" brief "Ann Smith" --since 2026-12-01 --until 2026-11-01 >"$out" 2>"$err"; rc=$?
check "--since after --until is refused" test $rc -ne 0

# --- metadata only: no text, figures from what is stored ---------------------
fresh
"$PARLEY" init --me jane@acme.example --internal-domain acme.example --metadata-only >/dev/null
"$PARLEY" ingest -q "$TEST_TMP/mail"
"$PARLEY" brief ann@northwind.example --json >"$j"
check_eq "metadata-only: words and turns still counted, no topics, no pronouns" "20 21 1 1 0 None" \
    "$(json '"%d %d %d %d %d %s" % (j["balance"]["theirs"]["words"], j["balance"]["ours"]["words"], j["balance"]["theirs"]["turns"], j["balance"]["ours"]["turns"], len(j["topics"]), j["you_focus"])' "$j")"
"$PARLEY" brief ann@northwind.example >"$out"
check_contains "metadata-only: the text says why there are no topics" "Topics: none (no stored text" "$(cat "$out")"
finish
