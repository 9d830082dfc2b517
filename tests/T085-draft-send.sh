#!/usr/bin/env bash
# T085-draft-send.sh — parley draft follow-up / heads-up and parley send
# through the real CLI. Drafts are parsed back with Python's email package
# (headers, RFC 2047 words, charset, quoted-printable vs base64, body with
# the notes and the follow-ups and their due dates) for Latin, CJK and RTL
# text. Then a real SMTP server (aiosmtpd) on 127.0.0.1 receives the sent
# message, which is read back from its Maildir; the send is on the timeline
# once however often it is sent; a port where nothing listens is a clear
# error that records nothing.
. "$(dirname "$0")/lib.sh"
export TZ=UTC LC_ALL=C.UTF-8
D=$TEST_TMP j=$TEST_TMP/j.json
py() { /usr/bin/python3 - "$@"; }

"$PARLEY" init --me jane@acme.example --internal-domain acme.example >/dev/null
printf '\n[draft]\nname = Jane Doe\n' >>"$PARLEY_CONFIG"
cat >"$D/c.vcf" <<'EOF'
BEGIN:VCARD
VERSION:3.0
FN:Zoë Ångström
EMAIL:zoe@kunde.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:أحمد منصور
EMAIL:ahmad@sharika.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Phone Only
TEL:+41 44 123 45 67
END:VCARD
EOF
"$PARLEY" contacts import "$D/c.vcf" >/dev/null
"$PARLEY" label kunde.example customer >/dev/null

# --- a follow-up in mostly Latin text: quoted-printable ---------------------
"$PARLEY" log call zoe@kunde.example --at "2026-11-20 09:15" --minutes 25 \
    --note "Prices for 20 units agreed: 1 200 € each, delivery to Zürich.
They also asked about training." \
    --follow-up "send the revised quote" --due 2026-12-01 \
    --follow-up "invite Zoë to the Zürich demo" --due 2026-12-10 --json >"$j"
key=$(json 'j["event"]' "$j")
"$PARLEY" draft follow-up "$key" -o "$D/f.eml" 2>/dev/null
check_eq "draft follow-up -o FILE exits 0" 0 $?
check "the whole message is 7-bit (encoded words, transfer encoding)" \
    py "$D/f.eml" <<<'import sys; sys.exit(max(open(sys.argv[1], "rb").read()) >= 128)'
parse() { # parse FILE EXPR: EXPR over m (the message), b (decoded body)
    py "$1" "$2" <<'EOF'
import sys, email, email.policy, email.utils
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
b = m.get_body(("plain",)).get_content()
print(eval(sys.argv[2]))
EOF
}
check_eq "From: me with my name" "Jane Doe <jane@acme.example>" "$(parse "$D/f.eml" 'str(m["From"])')"
check_eq "To: the contact, name decoded" "Zoë Ångström|zoe@kunde.example" \
    "$(parse "$D/f.eml" 'm["To"].addresses[0].display_name + "|" + m["To"].addresses[0].addr_spec')"
check_contains "the name is an RFC 2047 word in UTF-8" "=?UTF-8?" "$(grep -i '^To:' "$D/f.eml")"
check_eq "Subject: the note's first line" "Prices for 20 units agreed: 1 200 € each, delivery to Zürich." \
    "$(parse "$D/f.eml" 'str(m["Subject"])')"
check_eq "Date set and parseable" "True" "$(parse "$D/f.eml" 'email.utils.parsedate_to_datetime(m["Date"]).tzinfo is not None')"
check_eq "Message-ID set, at my domain" "True" \
    "$(parse "$D/f.eml" 'm["Message-ID"].startswith("<") and m["Message-ID"].endswith("@acme.example>")')"
check_eq "UTF-8, quoted-printable for mostly Latin text" "utf-8 quoted-printable" \
    "$(parse "$D/f.eml" 'm.get_content_charset() + " " + m["Content-Transfer-Encoding"]')"
check_eq "MIME-Version" "1.0" "$(parse "$D/f.eml" 'm["MIME-Version"]')"
check_eq "points at the call" "$key" "$(parse "$D/f.eml" 'm["X-Parley-Event"]')"
body=$(parse "$D/f.eml" 'b')
check_contains "greets by first name" "Hi Zoë," "$body"
check_contains "says when and how long" "call on Friday 20 November (25 minutes)" "$body"
check_contains "summary from the notes" "They also asked about training." "$body"
check_contains "follow-up 1 with its due date" "- send the revised quote (by Tuesday 1 December 2026)" "$body"
check_contains "follow-up 2 with its due date" "- invite Zoë to the Zürich demo (by Thursday 10 December 2026)" "$body"
check_contains "signed" "Best regards,
Jane Doe" "$body"
"$PARLEY" draft follow-up --last-call "Zoë Ångström" >"$D/f2.eml"
check_eq "--last-call finds the same call" "$key" "$(parse "$D/f2.eml" 'm["X-Parley-Event"]')"
check "a new Message-ID each draft" test "$(parse "$D/f.eml" 'm["Message-ID"]')" != "$(parse "$D/f2.eml" 'm["Message-ID"]')"
id_quote=$("$PARLEY" open --json | /usr/bin/python3 -c 'import json,sys; print([i["id"] for i in json.load(sys.stdin) if i["text"] == "send the revised quote"][0])')
"$PARLEY" done "$id_quote" >/dev/null
"$PARLEY" draft follow-up "${key#log:}" >"$D/f3.eml"
check_eq "a closed follow-up is left out" "False True" \
    "$(parse "$D/f3.eml" '"%s %s" % ("revised quote" in b, "Zürich demo" in b)')"

# --- CJK: base64; RTL name and text ------------------------------------------
"$PARLEY" log meeting "أحمد منصور" --minutes 40 \
    --note "见积もり を 送ります。新しい価格表と納期について話し合いました。
ناقشنا الأسعار الجديدة وموعد التسليم" \
    --follow-up "发送新的报价单" --due 2026-12-03 --json >"$j"
"$PARLEY" draft follow-up "$(json 'j["event"]' "$j")" -o "$D/cjk.eml" 2>/dev/null
check_eq "CJK body: base64" "utf-8 base64" \
    "$(parse "$D/cjk.eml" 'm.get_content_charset() + " " + m["Content-Transfer-Encoding"]')"
check_eq "RTL display name decoded" "أحمد منصور" "$(parse "$D/cjk.eml" 'm["To"].addresses[0].display_name')"
check_eq "CJK subject decoded" "见积もり を 送ります。新しい価格表と納期について話し合いました。" \
    "$(parse "$D/cjk.eml" 'str(m["Subject"])')"
check_eq "header lines folded within 78 characters" "True" \
    "$(py "$D/cjk.eml" <<<'import sys; h = open(sys.argv[1], "rb").read().split(b"\n\n")[0]; print(all(len(l) <= 78 for l in h.split(b"\n")))')"
body=$(parse "$D/cjk.eml" 'b')
check_contains "RTL greeting" "Hi أحمد," "$body"
check_contains "RTL notes kept" "ناقشنا الأسعار الجديدة وموعد التسليم" "$body"
check_contains "CJK follow-up with due date" "- 发送新的报价单 (by Thursday 3 December 2026)" "$body"
check_contains "a meeting says so" "Thank you for the meeting on" "$body"

# --- heads-up, and another language -------------------------------------------
"$PARLEY" draft heads-up zoe@kunde.example --at "2026-12-01 10:30" --about "the Zürich demo" >"$D/h.eml"
check_eq "heads-up subject" "Call on Tuesday 1 December" "$(parse "$D/h.eml" 'str(m["Subject"])')"
check_contains "heads-up text" "I'll call you on Tuesday 1 December at 10:30 about the Zürich demo." \
    "$(parse "$D/h.eml" 'b')"
printf 'language = de\n' >>"$PARLEY_CONFIG"
"$PARLEY" draft heads-up "Zoë Ångström" --at "2026-12-01" --about "die Demo" >"$D/hd.eml"
check_eq "German subject" "Anruf am Dienstag, 1. Dezember" "$(parse "$D/hd.eml" 'str(m["Subject"])')"
check_contains "German text" "ich rufe Sie am Dienstag, 1. Dezember wegen die Demo an." "$(parse "$D/hd.eml" 'b')"
sed -i '/^language = de$/d' "$PARLEY_CONFIG"

# --- draft errors ----------------------------------------------------------------
out=$("$PARLEY" draft follow-up log:00000000-0000-4000-8000-000000000000 2>&1); rc=$?
check "an unknown event is refused" test $rc -ne 0
check_contains "naming it" "no event log:00000000-0000-4000-8000-000000000000" "$out"
"$PARLEY" log call "Phone Only" --minutes 3 >/dev/null
out=$("$PARLEY" draft follow-up --last-call "Phone Only" 2>&1); rc=$?
check "a contact without an address cannot be written to" test $rc -ne 0
check_contains "saying why" "no e-mail address" "$out"
out=$("$PARLEY" draft heads-up zoe@kunde.example --at someday --about x 2>&1); rc=$?
check "heads-up with a bad date is refused" test $rc -ne 0

# --- send ---------------------------------------------------------------------------
emails() { "$PARLEY" stats --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["channels"]["email"])'; }
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
smtp_conf() { # smtp_conf URL [more lines]: replaces the [smtp] section
    /usr/bin/python3 - "$PARLEY_CONFIG" "$@" <<'EOF'
import sys
p, url, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
lines, out, skip = open(p).read().split("\n"), [], False
for l in lines:
    if l.startswith("["):
        skip = l.strip() == "[smtp]"
    if not skip:
        out.append(l)
open(p, "w").write("\n".join(out).rstrip("\n") + "\n\n[smtp]\nurl = " + url + "\n" + "".join(e + "\n" for e in extra))
EOF
}

dead=$(free_port)
smtp_conf "smtp://127.0.0.1:$dead"
n0=$(emails)
out=$("$PARLEY" send "$D/f.eml" 2>&1); rc=$?
check "nothing listening: non-zero exit" test $rc -ne 0
check_contains "a clear error naming the server" "sending via smtp://127.0.0.1:$dead failed" "$out"
check_eq "nothing recorded" "$n0" "$(emails)"

printf 'secret\n' >"$D/pw"
chmod 644 "$D/pw"
smtp_conf "smtp://127.0.0.1:$dead" "user = jane" "password-file = $D/pw"
out=$("$PARLEY" send "$D/f.eml" 2>&1); rc=$?
check "a password file others can read is refused" test $rc -ne 0
check_contains "saying how to fix it" "chmod 600" "$out"
smtp_conf "smtp://127.0.0.1:$dead" "password = secret"
out=$("$PARLEY" send "$D/f.eml" 2>&1); rc=$?
check "a password in parley.conf is refused" test $rc -ne 0
check_contains "pointing at password-file" "password-file" "$out"

if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
    skip "SMTP delivery" "python3-aiosmtpd is not installed (scripts/deps.sh test installs it)"
    finish
    exit $?
fi
port=$(free_port)
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$D/out" \
    >"$D/smtp.log" 2>&1 &
sink=$!
trap 'kill "$sink" 2>/dev/null; wait "$sink" 2>/dev/null; chmod -R u+rwx "$TEST_TMP" 2>/dev/null; rm -rf "$TEST_TMP"' EXIT
for _ in $(seq 100); do
    /usr/bin/python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$port" 2>/dev/null && break
    sleep 0.1
done
smtp_conf "smtp://127.0.0.1:$port"
out=$("$PARLEY" send "$D/f.eml" 2>&1)
check_eq "send exits 0" 0 $?
check_contains "says so" "recorded as an outbound e-mail" "$out"
delivered() { # delivered EXPR: EXPR over the messages in the sink's Maildir (list ms)
    py "$D/out" "$1" <<'EOF'
import sys, mailbox, email.policy
ms = sorted((m for m in mailbox.Maildir(sys.argv[1], factory=None, create=False)), key=lambda m: m.get_date())
ms = [email.message_from_bytes(m.as_bytes(), policy=email.policy.default) for m in ms]
print(eval(sys.argv[2]))
EOF
}
check_eq "one message delivered" 1 "$(delivered 'len(ms)')"
check_eq "envelope from/to" "jane@acme.example zoe@kunde.example" "$(delivered 'ms[0]["X-MailFrom"] + " " + ms[0]["X-RcptTo"]')"
check_eq "same Message-ID as the file" "$(parse "$D/f.eml" 'm["Message-ID"]')" "$(delivered 'ms[0]["Message-ID"]')"
check_eq "subject arrived intact" "Prices for 20 units agreed: 1 200 € each, delivery to Zürich." \
    "$(delivered 'str(ms[0]["Subject"])')"
check_eq "body arrived intact" "$(parse "$D/f.eml" 'b')" "$(delivered 'ms[0].get_body(("plain",)).get_content()')"
check_eq "recorded once as an e-mail" $((n0 + 1)) "$(emails)"
"$PARLEY" search Zürich >"$D/s.txt"
check_contains "on the timeline, found by its words" "Prices for 20 units" "$(cat "$D/s.txt")"
out=$("$PARLEY" send "$D/f.eml" 2>&1)
check_eq "sending again works" 0 $?
check_contains "and says it is not recorded again" "not recorded again" "$out"
check_eq "still one e-mail event" $((n0 + 1)) "$(emails)"
check_eq "the server got it twice" 2 "$(delivered 'len(ms)')"
"$PARLEY" report value --json >"$j"
check_eq "the sent mail joins customer time" "True" \
    "$(json 'j["categories"]["customer"]["conversations"] >= 2' "$j")"

# Bcc: delivered, not shown; a file without Message-ID is refused.
cat >"$D/bcc.eml" <<'EOF'
From: Jane Doe <jane@acme.example>
To: zoe@kunde.example
Bcc: boss@acme.example
Subject: quick note
Date: Mon, 23 Nov 2026 10:00:00 +0000
Message-ID: <bcc-test@acme.example>

Just a note.
EOF
"$PARLEY" send "$D/bcc.eml" >/dev/null 2>&1
check_eq "Bcc gets it" "zoe@kunde.example,boss@acme.example" "$(delivered 'ms[-1]["X-RcptTo"].replace(" ", "")')"
check_eq "without a Bcc header" "None" "$(delivered 'ms[-1]["Bcc"]')"
grep -v '^Message-ID' "$D/bcc.eml" >"$D/nomid.eml"
out=$("$PARLEY" send "$D/nomid.eml" 2>&1); rc=$?
check "a message without Message-ID is refused" test $rc -ne 0
check_contains "saying what is missing" "has no Message-ID" "$out"
check_eq "and not delivered" 3 "$(delivered 'len(ms)')"
kill "$sink"

# send runs in parley-net, so that parley itself never loads libcurl.
check "parley does not link libcurl" bash -c "! ldd '$PARLEY' | grep -q libcurl"
check "parley-net does" bash -c "ldd '$(dirname "$PARLEY")/parley-net' | grep -q libcurl"
cp "$PARLEY" "$TEST_TMP/lonely-parley"
out=$("$TEST_TMP/lonely-parley" send "$D/nomid.eml" 2>&1)
rc=$?
check "without a parley-net to run, send fails" test $rc -ne 0
check_contains "saying which program it could not run" "cannot run" "$out"
finish
