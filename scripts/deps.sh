#!/usr/bin/env bash
# scripts/deps.sh [build|test|bench] — installs the Debian 12 packages parley
# needs, skipping those already present (idempotent; a no-op when all are).
set -euo pipefail
want=(meson ninja-build pkg-config gcc libglib2.0-dev libgmime-3.0-dev libsqlite3-dev
      libjson-glib-dev libxml2-dev libcsv-dev libcurl4-openssl-dev libssl-dev libical-dev
      libstemmer-dev libmimalloc-dev)
case "${1:-build}" in
  test)  want+=(libcmocka-dev valgrind python3 sqlite3 python3-aiosmtpd python3-stemmer dovecot-imapd openssl) ;;
  bench) want+=(libcmocka-dev hyperfine notmuch maildir-utils sqlite3 time valgrind bc python3 faketime) ;;
esac
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
