#!/usr/bin/env bash
# bench/ingest.sh [MAILDIR...] — mail ingest, side by side in one run:
#   parse-only GMime pass (the ceiling), parley ingest, notmuch new, mu index,
# all from empty databases over the same copy of the same messages; then an
# unchanged re-scan. Each tool runs twice: "cold" (page cache dropped before
# it, as in ../shared/corpus/README.md; needs root, skipped otherwise) and
# "warm" (files already in memory), ROUNDS times (default 3) with the tools
# taking turns, so that a noisy moment of the machine falls on one run and
# not on one tool. Prints every run, then per tool the median seconds (and
# the peak RSS) and the ratios of medians the README quotes. Default input:
# every Maildir of ../shared/corpus/mail (real mail).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bash "$root/scripts/deps.sh" bench
[ -d "$root/build-bench" ] || meson setup "$root/build-bench" --buildtype=release >/dev/null
ninja -C "$root/build-bench" >/dev/null
parley=$root/build-bench/src/cli/parley
ceiling=$root/build-bench/bench/gmime-parse
out=$(mktemp -d /tmp/parley-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT

# One Maildir tree holding a copy of every input, so that all tools see the
# same files (notmuch and mu want a single root).
mkdir -p "$out/mail"
if [ $# -eq 0 ]; then
  corpus=$root/../shared/corpus/mail
  set -- "$corpus/usrp-users" "$corpus/spamassassin/easy-ham-1" "$corpus/spamassassin/easy-ham-2" \
         "$corpus/spamassassin/hard-ham-1" "$corpus/spamassassin/spam-1"
fi
i=0
for m in "$@"; do
  i=$((i + 1)); mkdir -p "$out/mail/src$i"
  cp -r "$m"/cur "$out/mail/src$i/" ; mkdir -p "$out/mail/src$i/new" "$out/mail/src$i/tmp"
  [ -d "$m/new" ] && cp -r "$m"/new/. "$out/mail/src$i/new/" || true
done
n=$(find "$out/mail" -type f | wc -l)
echo "messages: $n files under $out/mail"

cold=0
if [ "$(id -u)" = 0 ] && sync && echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then cold=1; fi
measure() { # measure NAME CMD... -> "name secs rss_kib"
  local name=$1; shift
  # Every run starts with nothing left to write back: the tool before (a
  # store of hundreds of MB for notmuch and mu) would otherwise be flushed
  # during this one, and on ext4 an fsync of this tool's own files (parley
  # commits through a WAL) waits for that flush too.
  sync
  if [ "$mode" = cold ]; then echo 3 >/proc/sys/vm/drop_caches; fi
  /usr/bin/time -f "%e %M" -o "$out/time.$name" "$@" >"$out/log.$name" 2>&1 || { echo "$name failed:"; tail "$out/log.$name"; }
  read -r secs rss <"$out/time.$name"
  printf '%-5s %-18s %8.0f msgs/s %8.2f s %8.1f MiB\n' "$mode" "$name" "$(echo "$n / $secs" | bc -l)" "$secs" "$(echo "$rss / 1024" | bc -l)"
  echo "$name $secs $rss" >>"$out/results.$mode"
}

run_all() {
rm -rf "$out/parley.db"* "$out/mu" "$out/mail/.notmuch"
[ "$mode" = warm ] && find "$out/mail" -type f -exec cat {} + >/dev/null

export PARLEY_DB=$out/parley.db PARLEY_CONFIG=$out/parley.conf
measure gmime-parse-only "$ceiling" "$out/mail"
measure parley-ingest "$parley" ingest --quiet "$out/mail"
measure parley-rescan "$parley" ingest --quiet "$out/mail"

cat >"$out/notmuch-config" <<NM
[database]
path=$out/mail
[new]
tags=new
[maildir]
synchronize_flags=false
NM
export NOTMUCH_CONFIG=$out/notmuch-config
measure notmuch-new notmuch new --quiet
mkdir -p "$out/mu"
mu init --muhome="$out/mu" --maildir="$out/mail" >/dev/null
measure mu-index mu index --muhome="$out/mu" --quiet
}

rounds=${ROUNDS:-3}
modes="warm"; [ $cold = 1 ] && modes="cold warm"
for round in $(seq "$rounds"); do for mode in $modes; do run_all; done; done
median() { # median MODE NAME: the median seconds and the largest peak RSS of NAME's runs
  awk -v name="$2" '$1 == name { print $2, $3 }' "$out/results.$1" | sort -n |
    awk '{ s[NR] = $1; if ($2 > r) r = $2 } END { print s[int((NR + 1) / 2)], r }'
}
for mode in $modes; do
echo
echo "$mode page cache (median of $rounds runs each):"
for name in gmime-parse-only parley-ingest parley-rescan notmuch-new mu-index; do
  echo "$name $(median "$mode" "$name")"
done | awk -v n="$n" '
  { t[$1] = $2; r[$1] = $3; printf "  %-18s %8.0f msgs/s %8.2f s %8.1f MiB\n", $1, n / $2, $2, $3 / 1024 }
  END {
    printf "parley vs notmuch new: %.1fx msgs/s\n", t["notmuch-new"] / t["parley-ingest"]
    printf "parley vs mu index:    %.1fx msgs/s\n", t["mu-index"] / t["parley-ingest"]
    printf "parley / parse-only:   %.0f%% of the ceiling\n", 100 * t["gmime-parse-only"] / t["parley-ingest"]
    printf "parley peak RSS:       %.1f MiB\n", r["parley-ingest"] / 1024
    printf "unchanged re-scan:     %.2f s for %d files\n", t["parley-rescan"], n
  }'
done
