#!/usr/bin/env bash
# T090-valgrind: the main commands under valgrind memcheck, on a small demo
# mailbox: no invalid reads or writes, no definite leaks.
. "$(dirname "$0")/lib.sh"
valgrind_usable "valgrind" || { finish; exit; }
"$PARLEY" demo "$TEST_TMP/demo" --conversations 40 >/dev/null
vg init init --me jane@acme.example --internal-domain acme.example
vg ingest ingest "$TEST_TMP/demo/Maildir"
vg contacts contacts import "$TEST_TMP/demo/contacts.vcf"
vg report report value --by week
vg report-json report value --json --team
vg who who --unclassified
vg search search quote
vg stats stats --json
vg label label northwind.example customer
printf 'From: "Klaus Meier" <klaus@beispiel.example>\nTo: jane@acme.example\nSubject: Angebot\nDate: Mon, 02 Nov 2026 10:00:00 +0000\nMessage-ID: <sig1@t>\n\nAnbei.\n\nMit freundlichen Gruessen\nKlaus Meier\nTel: +49 30 1234567 | Fax: +49 30 1234568\nM. +49 171 1234567\n' >"$TEST_TMP/sig.eml"
vg ingest-signature ingest "$TEST_TMP/sig.eml"
vg numbers numbers --json
vg calllist calllist --json
vg verify stats --verify
finish
