#!/usr/bin/env bash
# tests/run.sh BUILD_DIR [T*.sh...] — runs the unit tests (meson test) and the
# shell tests against BUILD_DIR's parley, and ends with "N passed, N failed".
set -u
build=${1:?usage: tests/run.sh BUILD_DIR [tests...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$build" && pwd)
export PARLEY=$build/src/cli/parley
passed=0 failed=0 skipped=0

# Unit tests: each cmocka binary is one meson test; count them individually.
if out=$(meson test -C "$build" --print-errorlogs 2>&1); then :; fi
echo "$out" | grep -E '^ *[0-9]+/[0-9]+ ' || true
u_ok=$(echo "$out" | sed -n 's/^Ok: *\([0-9]*\).*/\1/p')
u_fail=$(echo "$out" | sed -n 's/^Fail: *\([0-9]*\).*/\1/p')
u_to=$(echo "$out" | sed -n 's/^Timeout: *\([0-9]*\).*/\1/p')
passed=$((passed + ${u_ok:-0}))
failed=$((failed + ${u_fail:-0} + ${u_to:-0}))
if [ "${u_fail:-0}" != 0 ] || [ "${u_to:-0}" != 0 ]; then echo "$out" | tail -60; fi

scripts=("$@")
[ ${#scripts[@]} -eq 0 ] && scripts=("$here"/T[0-9]*.sh)
for t in "${scripts[@]}"; do
    name=$(basename "$t")
    log=$(mktemp)
    start=$(date +%s)
    timeout 600 bash "$t" >"$log" 2>&1
    rc=$?
    summary=$(grep -E '^# [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
    p=$(echo "$summary" | sed -n 's/^# \([0-9]*\) passed.*/\1/p')
    f=$(echo "$summary" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
    s=$(echo "$summary" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
    p=${p:-0} f=${f:-0} s=${s:-0}
    if [ -z "$summary" ] || { [ $rc -ne 0 ] && [ "$f" -eq 0 ]; }; then
        f=$((f + 1)) # a script that died without its summary counts as a failure
        echo "not ok - $name exited $rc without finishing"
    fi
    printf '%-32s %3d passed, %d failed, %d skipped (%ds)\n' "$name" "$p" "$f" "$s" $(( $(date +%s) - start ))
    if [ "$f" -ne 0 ]; then grep -E '^(not ok|#   )' "$log" | head -40; tail -5 "$log"; fi
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    rm -f "$log"
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
