#!/usr/bin/env bash
# bench/detect.sh [BASE_REV] [MAILDIR] — what question and promise detection
# costs at ingest: release builds of BASE_REV (default 7e93565, the commit
# before detection) and of the working tree ingest the same Maildir (default
# ../shared/corpus/mail/usrp-users, staff domains internal) from empty
# stores, alternating, five times each; prints user CPU seconds and wall
# seconds per run and the ratios of the medians. With CALLGRIND=1 it also
# counts instructions of one run of each under valgrind --tool=callgrind
# (stable on a shared machine; slow: minutes).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
base_rev=${1:-7e93565}
maildir=${2:-$root/../shared/corpus/mail/usrp-users}
out=$(mktemp -d /tmp/parley-bench-detect.XXXXXX)
trap 'rm -rf "$out"' EXIT
[ -d "$root/build-bench" ] || meson setup "$root/build-bench" --buildtype=release >/dev/null
ninja -C "$root/build-bench" src/cli/parley >/dev/null
mkdir -p "$out/base"
git -C "$root" archive "$base_rev" | tar -x -C "$out/base"
(cd "$out/base" && meson setup build --buildtype=release >/dev/null)
ninja -C "$out/base/build" src/cli/parley >/dev/null
declare -A bin=([base]=$out/base/build/src/cli/parley [new]=$root/build-bench/src/cli/parley)
find "$maildir" -type f -exec cat {} + >/dev/null # warm page cache for both
n=$(find "$maildir" -type f | wc -l)
echo "messages: $n in $maildir; base $base_rev vs working tree"

one() { # one VERSION [WRAPPER...]: an ingest into a fresh store
  local v=$1; shift
  rm -rf "$out/s"; mkdir -p "$out/s"
  export PARLEY_DB=$out/s/p.db PARLEY_CONFIG=$out/s/p.conf
  "${bin[$v]}" init --internal-domain ettus.com --internal-domain ni.com --internal-domain emerson.com >/dev/null
  "$@" "${bin[$v]}" ingest --quiet "$maildir" >/dev/null
}
TIMEFORMAT='%U %R' # bash's time: user CPU of the children, wall
for r in 1 2 3 4 5; do
  for v in base new; do
    { time one $v; } 2>"$out/t"
    read -r user wall <"$out/t"
    printf '%-4s run %d  user %5.2f s  wall %5.2f s\n' "$v" "$r" "$user" "$wall"
    echo "$v $user $wall" >>"$out/all"
  done
done
awk '
  function median(a, k,   i, j, t, n) { n = k; for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } return a[int((n + 1) / 2)] }
  { if ($1 == "base") { bu[++nb] = $2; bw[nb] = $3 } else { nu[++nn] = $2; nw[nn] = $3 } }
  END {
    mbu = median(bu, nb); mnu = median(nu, nn); mbw = median(bw, nb); mnw = median(nw, nn)
    printf "median user CPU: base %.2f s, new %.2f s, ratio %.2f\n", mbu, mnu, mnu / mbu
    printf "median wall:     base %.2f s, new %.2f s, ratio %.2f\n", mbw, mnw, mnw / mbw
  }' "$out/all"
if [ "${CALLGRIND:-0}" = 1 ]; then
  for v in base new; do
    one $v valgrind --tool=callgrind --callgrind-out-file="$out/cg.$v" 2>"$out/cg.$v.log"
    ir=$(sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' "$out/cg.$v.log" | tr -d ,)
    echo "$v $ir" >>"$out/ir"
    printf '%-4s instructions: %s\n' "$v" "$ir"
  done
  awk '{ ir[$1] = $2 } END { printf "instructions ratio new/base: %.3f\n", ir["new"] / ir["base"] }' "$out/ir"
fi
