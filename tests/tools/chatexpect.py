#!/usr/bin/env python3
# chatexpect.py DIR GAP_MINUTES ME_NICK — what `parley ingest --chat irc`
# should make of a folder of ZNC daily logs of several channels, worked out
# independently of it: messages per file ("[HH:MM:SS] <nick> text" and
# "* nick action" lines; the channel is the file name before the date, the
# date from the name, times in Europe/London), distinct senders and rooms,
# and per room the gap-based sessions, each as (first, last, messages, ours)
# where ours are ME_NICK's (outbound: the room is a list), and how many
# sessions run across a local midnight (into the next day's file). Prints
# JSON.
import datetime, json, os, re, sys
from zoneinfo import ZoneInfo

root, gap, me = sys.argv[1], int(sys.argv[2]) * 60, sys.argv[3].lower()
tz = ZoneInfo("Europe/London")
line_re = re.compile(r"^\[(\d\d):(\d\d):(\d\d)\] (?:<([^>]*)>|\* (\S+))")
name_re = re.compile(r"^(.*?)[_\-. ]*(\d{4})(\d\d)(\d\d)")
per_file, senders, rooms, times = {}, set(), set(), {}
for name in sorted(os.listdir(root)):
    m = name_re.match(name)
    if not m or name.startswith("."):
        continue
    room = m.group(1).lower()
    y, mo, d = (int(x) for x in m.group(2, 3, 4))
    path = os.path.join(root, name)
    n = 0
    for line in open(path, encoding="utf-8"):
        r = line_re.match(line)
        if not r:
            continue
        nick = (r.group(4) if r.group(4) is not None else r.group(5)).lstrip("@+%~&").lower()
        h, mi, s = (int(x) for x in r.group(1, 2, 3))
        t = int(datetime.datetime(y, mo, d, h, mi, s, tzinfo=tz).timestamp())
        times.setdefault(room, []).append((t, nick == me))
        senders.add((room, nick))
        rooms.add(room)
        n += 1
    per_file[path] = n
sessions = []
for room, ts in times.items():
    ts.sort()
    cur = None
    for t, ours in ts:
        if cur is None or t - cur[1] >= gap:
            cur = [t, t, 0, 0]
            sessions.append(cur)
        cur[1] = t
        cur[2] += 1
        cur[3] += ours
sessions.sort()
day = lambda t: datetime.datetime.fromtimestamp(t, tz).date()
print(json.dumps({"total": sum(per_file.values()), "per_file": per_file, "senders": len(senders),
                  "rooms": len(rooms), "sessions": sessions,
                  "across_midnight": sum(day(s[0]) != day(s[1]) for s in sessions)}))
