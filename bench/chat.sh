#!/usr/bin/env bash
# bench/chat.sh [MESSAGES] — chat import speed: generates deterministic ZNC
# style IRC daily logs (default 1,000,000 messages asked for, 940,000
# written: 40 nicks in 8 channels, ~20,000 lines a day, some joins, gaps
# that start new sessions), imports them with `parley ingest --chat irc`
# under /usr/bin/time -v and prints msgs/s, seconds, CPU seconds and peak
# RSS against the targets (>= 200,000 msgs/s, <= 64 MiB):
#   1. into an empty store;
#   2. re-read with --force (every message already known).
# With BASE=<commit> (default: the last commit before the bulk chat path)
# that commit is built in build-bench-chat-base/ and runs 1 and 2 as well,
# taking turns with this tree's, and the ratios are printed; then the two
# stores are compared table by table (CHECK=0 skips it): they must hold the
# same rows. Each run is made ROUNDS times (default 3; a noisy moment of the
# machine then falls on one run, not on one build): every run is printed,
# the figures compared are the medians.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
msgs=${1:-1000000}
base=${BASE-6559b74}
source "$here/lib.sh"
bench_build
old=
if [ -n "$base" ]; then bench_base "$root/build-bench-chat-base" "$base"; fi
out=$(mktemp -d /tmp/parley-chat-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
python3 - "$msgs" "$out/logs" <<'PY'
import os, random, sys
n, root = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(42)
words = ("the build fails on arm again please check the log i think it is the new "
         "toolchain patch merged yesterday works for me thanks will look tonight").split()
nicks = ["user%02d" % i for i in range(40)]
per_day, day = 20000, 0
os.makedirs(root)
while n > 0:
    for ch in range(8):
        k = min(n, per_day // 8)
        if k <= 0:
            break
        y, d = 2016 + day // 365, day % 365
        name = "%s/#chan%d_%04d%02d%02d.log" % (root, ch, y, 1 + d // 31 % 12, 1 + d % 28)
        t = 0
        with open(name, "w") as f:
            for _ in range(k):
                t += rnd.choice((1, 2, 3, 5, 8)) if rnd.random() > 0.002 else 3600
                if t >= 86400:
                    break
                if rnd.random() < 0.03:
                    f.write("[%02d:%02d:%02d] *** Joins: %s (~x@host)\n" % (t // 3600, t // 60 % 60, t % 60, rnd.choice(nicks)))
                f.write("[%02d:%02d:%02d] <%s> %s\n" % (t // 3600, t // 60 % 60, t % 60, rnd.choice(nicks),
                        " ".join(rnd.choice(words) for _ in range(rnd.randint(2, 14)))))
                n -= 1
    day += 1
PY
echo "input: $(cat "$out"/logs/* | wc -l) lines in $(ls "$out/logs" | wc -l) files, $(du -sm "$out/logs" | cut -f1) MB"
export PARLEY_CONFIG=$out/parley.conf
printf '[chat]\ntimezone = Europe/London\n' >"$PARLEY_CONFIG"

run() { # run LABEL BINARY ARGS... : prints the figures of one import, adds its msgs/s to $out/rates.LABEL
    local label=$1 bin=$2
    shift 2
    /usr/bin/time -v "$bin" ingest --chat irc --json --quiet "$@" "$out/logs" >"$out/r.json" 2>"$out/time.txt"
    python3 - "$label" "$out/r.json" "$out/time.txt" "$out/rates.$label" <<'PY'
import json, re, sys
label, r, t = sys.argv[1], json.load(open(sys.argv[2])), open(sys.argv[3]).read()
rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', t).group(1)) / 1024
wall = re.search(r'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)', t).group(1)
cpu = float(re.search(r'User time \(seconds\): ([\d.]+)', t).group(1)) + \
    float(re.search(r'System time \(seconds\): ([\d.]+)', t).group(1))
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(':'))))
m = r['messages']
open(sys.argv[4], 'a').write('%f\n' % (m / secs))
print('%-36s %8d msgs %7d new %7d known  %6.1f s (cpu %6.1f s)  %8.0f msgs/s  peak RSS %5.1f MiB'
      % (label, m, r['added'], r['duplicates'], secs, cpu, m / secs, rss))
print('%-36s target >= 200000 msgs/s: %s; <= 64 MiB: %s'
      % ('', 'met' if m / secs >= 200000 else 'MISSED', 'met' if rss <= 64 else 'MISSED'))
PY
}
ratio() { python3 -c 'import sys; print("%-36s %.2fx the base commit (medians)" % (sys.argv[1], float(sys.argv[2]) / float(sys.argv[3])))' "$@"; }
median() { # median LABEL: the median msgs/s of LABEL's runs, and the target
    python3 - "$1" "$out/rates.$1" <<'PY'
import statistics, sys
r = [float(x) for x in open(sys.argv[2])]
m = statistics.median(r)
print("%-36s median %8.0f msgs/s of %d runs (%s): target >= 200000 %s"
      % (sys.argv[1], m, len(r), ", ".join("%.0f" % x for x in r), "met" if m >= 200000 else "MISSED"),
      file=sys.stderr)
print("%f" % m)
PY
}
# Every table, rows sorted; item ids aside (items are numbered in the order
# sessions finish, which the bulk path does not keep).
dump() {
    python3 - "$1" <<'PY'
import hashlib, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for (t,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"):
    cols = [r[1] for r in c.execute("PRAGMA table_info(%s)" % t) if (t, r[1]) != ("item", "id")]
    h, n = hashlib.sha1(), 0
    for r in c.execute("SELECT %s FROM %s ORDER BY %s" % (",".join(cols), t, ",".join(cols))):
        h.update(repr(r).encode())
        n += 1
    print("%-22s %9d rows  %s" % (t, n, h.hexdigest()[:16]))
PY
}

for round in $(seq "${ROUNDS:-3}"); do
    rm -f "$out"/new.db* "$out"/old.db*
    PARLEY_DB=$out/new.db run "import (empty store)" "$parley"
    if [ -n "$old" ]; then PARLEY_DB=$out/old.db run "base $base: import (empty store)" "$old"; fi
    PARLEY_DB=$out/new.db run "re-read (--force)" "$parley" --force
    if [ -n "$old" ]; then PARLEY_DB=$out/old.db run "base $base: re-read (--force)" "$old" --force; fi
done
new_import=$(median "import (empty store)")
new_reread=$(median "re-read (--force)")
if [ -n "$old" ]; then
    old_import=$(median "base $base: import (empty store)")
    old_reread=$(median "base $base: re-read (--force)")
    ratio "import (empty store)" "$new_import" "$old_import"
    ratio "re-read (--force)" "$new_reread" "$old_reread"
    if [ "${CHECK:-1}" != 0 ]; then
        dump "$out/new.db" >"$out/new.dump"
        dump "$out/old.db" >"$out/old.dump"
        if cmp -s "$out/new.dump" "$out/old.dump"; then
            echo "stores: identical, table by table ($(wc -l <"$out/new.dump") tables)"
        else
            echo "stores DIFFER:"
            diff "$out/old.dump" "$out/new.dump" || true
            exit 1
        fi
    fi
fi
