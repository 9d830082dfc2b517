#!/usr/bin/env bash
# bench/imap.sh — parley sync against a local Dovecot (127.0.0.1, no TLS)
# serving every usrp-users message (3,798) in INBOX, beside parley ingest of
# the very same Maildir, each into an empty store, in one run so the two
# can be compared as a ratio. Dovecot's index is built first (doveadm) so
# neither side pays for it. Then hyperfine times a re-sync that finds
# nothing new (EXAMINE, no SEARCH, no FETCH).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
corpus=${PARLEY_CORPUS:-$root/../shared/corpus}/mail/usrp-users/cur
bash "$root/scripts/deps.sh" bench
bash "$root/scripts/deps.sh" test
[ -d "$root/build-bench" ] || meson setup "$root/build-bench" --buildtype=release >/dev/null
ninja -C "$root/build-bench" >/dev/null
p=$root/build-bench/src/cli/parley
. "$root/tests/tools/dovecot.sh"
out=$(mktemp -d /tmp/parley-bench.XXXXXX); chmod 755 "$out"
trap 'dovecot_stop; rm -rf "$out"' EXIT
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dovecot_prepare "$out/dv" "$port" bench-pw
mkdir -p "$out/dv/mail/jane/Maildir"/{cur,new,tmp}
cp "$corpus"/* "$out/dv/mail/jane/Maildir/cur/"
n=$(ls "$out/dv/mail/jane/Maildir/cur" | wc -l)
dovecot_start "$out/dv"
"${DV_RUN_AS[@]}" doveadm -c "$out/dv/dovecot.conf" index -u jane INBOX
printf 'bench-pw\n' >"$out/pw"; chmod 600 "$out/pw"
printf '[imap]\npassword-file = %s\n' "$out/pw" >"$out/parley.conf"
export PARLEY_CONFIG=$out/parley.conf
echo "$n messages, $(du -sh "$out/dv/mail/jane/Maildir/cur" | cut -f1) in the Maildir"
rate() { /usr/bin/python3 -c 'import sys; n, s = int(sys.argv[1]), float(sys.argv[2]); print("%.0f msg/s" % (n / s))' "$@"; }
# Wall time depends on the machine's load; parley's own CPU time (user +
# sys) is steadier. Dovecot runs on the same cores, so sync's wall time
# includes serving the mail.
cpu() { /usr/bin/python3 -c 'import sys; print("%.2f" % (float(sys.argv[1]) + float(sys.argv[2])))' "$@"; }
for run in 1 2 3; do
    export PARLEY_DB=$out/sync$run.db
    /usr/bin/time -f "%e %M %U %S" -o "$out/t" "$p" sync --quiet "imap://jane@127.0.0.1:$port/INBOX" >/dev/null
    read -r s_sec s_rss s_u s_s <"$out/t"
    export PARLEY_DB=$out/ingest$run.db
    /usr/bin/time -f "%e %M %U %S" -o "$out/t" "$p" ingest --quiet "$out/dv/mail/jane/Maildir/cur" >/dev/null
    read -r i_sec i_rss i_u i_s <"$out/t"
    echo "run $run: sync $s_sec s ($(rate "$n" "$s_sec"), CPU $(cpu "$s_u" "$s_s") s, peak RSS" \
        "$((s_rss / 1024)) MiB); ingest $i_sec s ($(rate "$n" "$i_sec"), CPU $(cpu "$i_u" "$i_s") s," \
        "peak RSS $((i_rss / 1024)) MiB); sync/ingest wall $(/usr/bin/python3 -c "print('%.2f' % ($s_sec / $i_sec))")"
done
echo "same events: $(sqlite3 "$out/sync1.db" 'SELECT count(*) FROM event') synced," \
    "$(sqlite3 "$out/ingest1.db" 'SELECT count(*) FROM event') ingested," \
    "keys identical: $([ "$(sqlite3 "$out/sync1.db" 'SELECT source_key FROM event ORDER BY 1' | md5sum)" = \
        "$(sqlite3 "$out/ingest1.db" 'SELECT source_key FROM event ORDER BY 1' | md5sum)" ] && echo yes || echo NO)"
export PARLEY_DB=$out/sync1.db
hyperfine --warmup 1 --runs 10 -n "re-sync, nothing new" \
    "$p sync --quiet imap://jane@127.0.0.1:$port/INBOX"
