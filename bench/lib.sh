# bench/lib.sh — what the benchmark scripts share. Sourced, not run.
#   bench_build: installs the bench dependencies and builds this tree's
#     release parley in build-bench/; sets $parley.
#   bench_base DIR COMMIT: builds COMMIT's release parley in DIR (a source
#     snapshot from git archive, rebuilt only when COMMIT changes); sets $old.
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

bench_build() {
    bash "$bench_root/scripts/deps.sh" bench
    [ -d "$bench_root/build-bench" ] ||
        meson setup "$bench_root/build-bench" --buildtype=release >/dev/null
    ninja -C "$bench_root/build-bench" >/dev/null
    parley=$bench_root/build-bench/src/cli/parley
}

bench_base() {
    local bb=$1 commit=$2
    if [ "$(cat "$bb/COMMIT" 2>/dev/null)" != "$commit" ]; then
        rm -rf "$bb" && mkdir -p "$bb/src"
        git -C "$bench_root" archive "$commit" | tar -x -C "$bb/src"
        meson setup "$bb/build" "$bb/src" --buildtype=release >/dev/null
        echo "$commit" >"$bb/COMMIT"
    fi
    ninja -C "$bb/build" src/cli/parley >/dev/null
    old=$bb/build/src/cli/parley
}
