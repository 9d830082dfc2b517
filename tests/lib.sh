# tests/lib.sh — sourced by every tests/T*.sh. Each test script runs the real
# CLI ($PARLEY) in a private temporary home, prints TAP-like lines and ends
# with "# N passed, N failed, N skipped" which tests/run.sh adds up.
set -u
: "${PARLEY:?PARLEY must point at the parley binary (run through tests/run.sh)}"
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(dirname "$TESTS_DIR")
CORPUS=${PARLEY_CORPUS:-$PROJECT_DIR/../shared/corpus}
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/parley-test.XXXXXX")
trap 'chmod -R u+rwx "$TEST_TMP" 2>/dev/null; rm -rf "$TEST_TMP"' EXIT
export XDG_DATA_HOME=$TEST_TMP/data XDG_CONFIG_HOME=$TEST_TMP/config XDG_CACHE_HOME=$TEST_TMP/cache
export PARLEY_DB=$TEST_TMP/parley.db PARLEY_CONFIG=$TEST_TMP/parley.conf
unset PARLEY_COLOR
_pass=0 _fail=0 _skip=0

ok()   { echo "ok - $1"; _pass=$((_pass + 1)); }
bad()  { echo "not ok - $1"; shift; [ $# -gt 0 ] && printf '#   %s\n' "$@"; _fail=$((_fail + 1)); }
skip() { echo "ok - $1 # SKIP $2"; _skip=$((_skip + 1)); }

# check DESC CMD...: passes when CMD exits 0.
check() { local d=$1; shift; if "$@"; then ok "$d"; else bad "$d" "command failed: $*"; fi; }
# check_eq DESC EXPECTED ACTUAL
check_eq() {
    if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "expected: $2" "actual:   $3"; fi
}
# check_contains DESC NEEDLE HAYSTACK
check_contains() {
    case "$3" in *"$2"*) ok "$1" ;; *) bad "$1" "missing: $2" "in: $(printf '%s' "$3" | head -c 600)" ;; esac
}
# json QUERY FILE: evaluates a Python expression over the parsed JSON `j`.
json() { /usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[2])); print(eval(sys.argv[1]))' "$1" "$2"; }

need_corpus() {
    if [ ! -d "$CORPUS/$1" ]; then
        skip "$2" "corpus $CORPUS/$1 is absent (clone shared/ beside the project)"
        return 1
    fi
}

# valgrind_usable DESC: TRUE when memcheck can run here; else records DESC
# as skipped with the reason (no valgrind, or the ASan build).
valgrind_usable() {
    if ! command -v valgrind >/dev/null; then skip "$1" "valgrind is not installed"; return 1; fi
    if ldd "$PARLEY" | grep -q libasan; then
        skip "$1" "this is the sanitizer build (ASan and valgrind do not mix)"; return 1
    fi
}
# vg NAME ARGS...: parley ARGS under memcheck, children too (send and sync
# run parley-net, export parley-ics); fails on any error or definite leak. Output in $VG_OUT
# and $VG_ERR. The executables run on mimalloc (meson_options.txt): the
# synonym has memcheck replace that library's malloc, as it does glibc's, so
# every allocation is still seen whatever valgrind's defaults.
vg() {
    local name=$1; shift
    VG_OUT=$TEST_TMP/vg-$name.out VG_ERR=$TEST_TMP/vg-$name.err
    G_SLICE=always-malloc valgrind -q --trace-children=yes --error-exitcode=99 --leak-check=full \
        --soname-synonyms=somalloc='libmimalloc.so*' --errors-for-leak-kinds=definite --show-leak-kinds=definite \
        --suppressions="$TESTS_DIR/valgrind.supp" "$PARLEY" "$@" >"$VG_OUT" 2>"$VG_ERR"
    local rc=$?
    if [ $rc -eq 99 ]; then bad "valgrind: $name" "$(head -30 "$VG_ERR")"; else ok "valgrind: $name (exit $rc)"; fi
}

finish() {
    echo "# $_pass passed, $_fail failed, $_skip skipped"
    [ "$_fail" -eq 0 ]
}
