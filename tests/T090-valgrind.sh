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
finish
