#!/usr/bin/env bash
# scripts/demo.sh — command 1 of the README: installs what is missing, builds,
# writes a demo company's mailbox, ingests it into the embedded SQLite store
# and prints the conversation-value report. Everything lands in .demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh build
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
export PARLEY_DB=$PWD/.demo/parley.db PARLEY_CONFIG=$PWD/.demo/parley.conf
rm -rf .demo && mkdir -p .demo
p=build/src/cli/parley
$p demo .demo/acme >/dev/null
$p init --me jane@acme.example --internal-domain acme.example >/dev/null
$p ingest .demo/acme/Maildir
$p contacts import .demo/acme/contacts.vcf
echo
$p report value --last 100 --by month
