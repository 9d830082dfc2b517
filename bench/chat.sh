#!/usr/bin/env bash
# bench/chat.sh [MESSAGES] — chat import speed: generates deterministic ZNC
# style IRC daily logs (default 1,000,000 messages over 40 nicks in 8
# channels, ~20,000 lines a day, some joins and quits, gaps that start new
# sessions), imports them into an empty store with `parley ingest --chat
# irc` under /usr/bin/time -v, and prints msgs/s and peak RSS against the
# target (>= 200,000 msgs/s). A second run with --force (every message
# already known) shows the reader's own cost.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
msgs=${1:-1000000}
[ -d "$root/build-bench" ] || meson setup "$root/build-bench" --buildtype=release >/dev/null
ninja -C "$root/build-bench" >/dev/null
parley=$root/build-bench/src/cli/parley
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
export PARLEY_DB=$out/parley.db PARLEY_CONFIG=$out/parley.conf
printf '[chat]\ntimezone = Europe/London\n' >"$PARLEY_CONFIG"
run() {
    /usr/bin/time -v "$parley" ingest --chat irc --json "$@" "$out/logs" >"$out/r.json" 2>"$out/time.txt"
    python3 - "$1" "$out/r.json" "$out/time.txt" <<'PY'
import json, re, sys
label, r, t = sys.argv[1], json.load(open(sys.argv[2])), open(sys.argv[3]).read()
rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', t).group(1)) / 1024
wall = re.search(r'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)', t).group(1)
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(':'))))
m = r['messages']
print('%-16s %9d msgs %8d new %8d known  %6.1f s  %9.0f msgs/s  peak RSS %5.1f MiB  (target >= 200000 msgs/s: %s)'
      % (label, m, r['added'], r['duplicates'], secs, m / secs, rss, 'met' if m / secs >= 200000 else 'MISSED'))
PY
}
run "import" --quiet
run "re-read (--force)" --quiet --force
