#!/usr/bin/env bash
# scripts/test.sh — command 2 of the README: installs what is missing, builds
# a normal and an ASan+UBSan build, runs every unit and shell test on both,
# and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh test || { echo "dependency install failed"; echo "0 passed, 1 failed"; exit 1; }
total_p=0 total_f=0
run() { # run NAME BUILD_DIR MESON_ARGS...
  local name=$1 dir=$2; shift 2
  echo "== $name build ($dir)"
  if [ ! -d "$dir" ]; then meson setup "$dir" "$@" >/dev/null || { total_f=$((total_f + 1)); return; }; fi
  if ! ninja -C "$dir" >"$dir.log" 2>&1; then cat "$dir.log"; total_f=$((total_f + 1)); return; fi
  if grep -q "warning:" "$dir.log"; then grep "warning:" "$dir.log"; echo "compiler warnings: failing"; total_f=$((total_f + 1)); fi
  local out; out=$(bash tests/run.sh "$dir" 2>&1); echo "$out"
  local line; line=$(echo "$out" | tail -1)
  total_p=$((total_p + $(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')))
  total_f=$((total_f + $(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')))
}
run plain build-test
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
run "asan+ubsan" build-asan -Db_sanitize=address,undefined -Db_lundef=false
echo
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
