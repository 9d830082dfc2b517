#!/usr/bin/env bash
# T015-demo: parley demo writes the same tree for the same seed and another
# for another seed; its summary matches an independent count of the files;
# the deliberate oddities are there; the vCard is well formed; a non-empty
# target is refused. Ends with the README's commands as a smoke test.
. "$(dirname "$0")/lib.sh"

A=$TEST_TMP/a B=$TEST_TMP/b C=$TEST_TMP/c
out=$("$PARLEY" demo "$A" --seed 7 --conversations 150 2>&1)
check "demo succeeds" test $? -eq 0
"$PARLEY" demo "$B" --seed 7 --conversations 150 >/dev/null 2>&1
check "same seed and size give a byte-identical tree" diff -r "$A" "$B"
"$PARLEY" demo "$C" --seed 8 --conversations 150 >/dev/null 2>&1
if diff -rq "$A/Maildir" "$C/Maildir" >/dev/null; then
    bad "another seed gives other mail"
else
    ok "another seed gives other mail"
fi

check_contains "summary names the Maildir" "conversations to $A/Maildir; contacts in $A/contacts.vcf" "$out"
check_contains "summary shows the next commands" "parley init --me jane@acme.example --internal-domain acme.example" "$out"
msgs=$(printf '%s\n' "$out" | sed -n 's/^wrote \([0-9]*\) messages in \([0-9]*\) conversations.*/\1/p')
convs=$(printf '%s\n' "$out" | sed -n 's/^wrote \([0-9]*\) messages in \([0-9]*\) conversations.*/\2/p')
files=$(printf '%s\n' "$out" | sed -n 's/^(\([0-9]*\) files.*/\1/p')
check_eq "conversations as asked" "150" "$convs"

# Independent count: every file under cur/ and new/, parsed with Python's
# email package. Mail = a file that starts with a header line.
count() {
    /usr/bin/python3 - "$1" <<'EOF'
import email, email.policy, os, re, sys
root = sys.argv[1]
files = mail = garbage = nodate = missing = html_only = 0
ids, parent = set(), {}
for dirpath, dirs, names in os.walk(root):
    if os.path.basename(dirpath) not in ("cur", "new"):
        continue
    for n in names:
        files += 1
        raw = open(os.path.join(dirpath, n), "rb").read()
        if not re.match(rb"[A-Za-z-]+: ", raw):
            garbage += 1
            continue
        m = email.message_from_bytes(raw, policy=email.policy.compat32)
        mid = (m["Message-Id"] or "").strip()
        if mid:
            mail += 1
            ids.add(mid)
            parent[mid] = (m["In-Reply-To"] or "").strip()
        if m["Date"] is None:
            nodate += 1
        elif not (m["From"] and m["Subject"]):
            missing += 1
        if m.get_content_type() == "text/html":
            html_only += 1
roots = sum(1 for mid, p in parent.items() if p not in ids)
print(files, mail, roots, garbage, nodate, missing, html_only)
EOF
}
read -r n_files n_mail n_roots n_garbage n_nodate n_missing n_html <<<"$(count "$A/Maildir")"
check_eq "files counted = files reported" "$files" "$n_files"
check_eq "files with a Message-ID = messages reported" "$msgs" "$n_mail"
check_eq "thread roots (following In-Reply-To) = conversations" "$convs" "$n_roots"
check_eq "exactly one file is not mail" "1" "$n_garbage"
check_eq "exactly one message has no Date" "1" "$n_nodate"
check_eq "all other messages have From, Date and Subject" "0" "$n_missing"
check "at least one HTML-only message" test "$n_html" -ge 1
check "Jane's mail is in Sent" test -n "$(ls "$A/Maildir/.Sent/cur")"
check "old threads are archived" test -n "$(ls "$A/Maildir/.Archive/cur")"
check "tmp/ exists (and is empty)" test -d "$A/Maildir/tmp" -a -z "$(ls "$A/Maildir/tmp")"

# The deliberate oddities exist even in the smallest demo with every kind.
S=$TEST_TMP/small
"$PARLEY" demo "$S" --conversations 13 >/dev/null 2>&1
check "a 13-conversation demo works" test $? -eq 0
for d in "$A" "$S"; do
    m=$d/Maildir
    tag=$(basename "$d")
    check "$tag: out-of-office auto-reply" grep -rqi '^Auto-Submitted: auto-replied' "$m"
    check "$tag: Automatic reply subject" grep -rq '^Subject: Automatic reply: ' "$m"
    check "$tag: newsletter with List-Unsubscribe" grep -rqi '^List-Unsubscribe:' "$m"
    check "$tag: bulk precedence" grep -rqi '^Precedence: bulk' "$m"
    check "$tag: notification from noreply@" grep -rqi '^From: .*<noreply@' "$m"
    check "$tag: human list mail" grep -rqi '^List-Post:' "$m"
    check "$tag: ISO-8859-1 encoded subject" grep -rqi '^Subject: .*=?iso-8859-1?' "$m"
    check "$tag: quoted-printable body" grep -rqi '^Content-Transfer-Encoding: quoted-printable' "$m"
    check "$tag: UTF-8 encoded names" grep -rqi '^From: =?utf-8?' "$m"
    check "$tag: Re: subjects" grep -rq '^Subject: Re: ' "$m"
    check "$tag: quoted previous text" grep -rq '^> ' "$m"
    check "$tag: signatures" grep -rqx -- '-- ' "$m"
    # The truncated multipart: a boundary that never closes.
    broken=$(/usr/bin/python3 - "$m" <<'EOF'
import os, re, sys
n = 0
for dp, _, names in os.walk(sys.argv[1]):
    for f in names:
        raw = open(os.path.join(dp, f), "rb").read()
        b = re.search(rb'boundary="([^"]+)"', raw)
        if b and b"--" + b.group(1) + b"--" not in raw:
            n += 1
print(n)
EOF
)
    check_eq "$tag: one multipart without its closing boundary" "1" "$broken"
done

# contacts.vcf: balanced, every card has a name, an address and categories.
v=$A/contacts.vcf
begins=$(grep -c '^BEGIN:VCARD' "$v") ends=$(grep -c '^END:VCARD' "$v")
check_eq "vCard BEGIN and END counts match" "$begins" "$ends"
check "there are contacts" test "$begins" -ge 10
check_eq "every card has FN" "$begins" "$(grep -c '^FN:' "$v")"
check_eq "every card has EMAIL" "$begins" "$(grep -c '^EMAIL' "$v")"
check_eq "every card is version 3.0" "$begins" "$(grep -c '^VERSION:3.0' "$v")"
check "cards name parley categories" grep -q '^CATEGORIES:.*customer' "$v"
check "some counterparts are deliberately not contacts" \
    sh -c "grep -rq 'globex.example' '$A/Maildir' && ! grep -q 'globex.example' '$v'"
check "README has the commands" grep -q 'parley ingest DIR/Maildir' "$A/README.txt"

# Never overwrite: a non-empty target is refused and left alone.
mkdir -p "$TEST_TMP/full" && echo keep >"$TEST_TMP/full/mine.txt"
err=$("$PARLEY" demo "$TEST_TMP/full" 2>&1); rc=$?
check "a non-empty directory is refused" test $rc -ne 0
check_contains "with a reason" "is not empty" "$err"
check_eq "and left alone" "mine.txt" "$(ls "$TEST_TMP/full")"
err=$("$PARLEY" demo "$TEST_TMP/full/mine.txt" 2>&1); rc=$?
check "a file as target is refused" test $rc -ne 0
mkdir "$TEST_TMP/empty"
"$PARLEY" demo "$TEST_TMP/empty" --conversations 5 >/dev/null 2>&1
check "an existing empty directory is fine" test $? -eq 0
err=$("$PARLEY" demo "$TEST_TMP/zero" --conversations 0 2>&1); rc=$?
check "zero conversations is a usage error" test $rc -ne 0
err=$("$PARLEY" demo 2>&1); rc=$?
check "a missing DIR is a usage error" test $rc -eq 2

# The README's commands run through (the figures are other tests' business).
export PARLEY_DB=$A/parley.db PARLEY_CONFIG=$A/parley.conf
check "init" "$PARLEY" init --me jane@acme.example --internal-domain acme.example
ing=$("$PARLEY" ingest "$A/Maildir" 2>&1); rc=$?
check "ingest of the demo succeeds" test $rc -eq 0
check_contains "ingest reads every message" "ingested $msgs messages" "$ing"
check "contacts import" "$PARLEY" contacts import "$A/contacts.vcf"
rep=$("$PARLEY" report value --last 100 2>&1); rc=$?
check "report value" test $rc -eq 0
check_contains "report shows customers" "customer" "$rep"

finish
