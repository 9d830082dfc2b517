#!/usr/bin/env python3
# ircexpect.py DIR GAP_MINUTES — what `parley ingest --chat irc` should find in
# a folder of ZNC daily logs, worked out independently: messages per file
# ("[HH:MM:SS] <nick> text" and "* nick action" lines), distinct nicks, and
# gap-based sessions over the UTC times (date from the file name, times in
# Europe/London). Prints JSON.
import json, os, re, sys, datetime
from zoneinfo import ZoneInfo

root, gap = sys.argv[1], int(sys.argv[2]) * 60
tz = ZoneInfo("Europe/London")
msg = re.compile(rb"^\[(\d\d):(\d\d):(\d\d)\] (?:<([^>]*)>|\* (\S+))")
per_file, nicks, times, says, actions = {}, set(), [], 0, 0
for dirpath, dirs, files in os.walk(root):
    dirs[:] = [d for d in dirs if not d.startswith(".")]
    for name in files:
        m = re.search(r"(\d{4})(\d\d)(\d\d)", name)
        if not m or name.startswith("."):
            continue
        y, mo, d = map(int, m.groups())
        path = os.path.join(dirpath, name)
        n = 0
        for line in open(path, "rb"):
            r = msg.match(line)
            if not r:
                continue
            nick = (r.group(4) if r.group(4) is not None else r.group(5)).lstrip(b"@+%~&")
            says += r.group(4) is not None
            actions += r.group(4) is None
            nicks.add(nick.decode("utf-8", "replace").lower())
            h, mi, s = (int(x) for x in r.group(1, 2, 3))
            t = datetime.datetime(y, mo, d, h, mi, s, tzinfo=tz)
            times.append(int(t.timestamp()))
            n += 1
        per_file[path] = n
times.sort()
sessions = sum(1 for i, t in enumerate(times) if i == 0 or t - times[i - 1] >= gap)
print(json.dumps({"first": times[0], "last": times[-1], "total": sum(per_file.values()), "says": says, "actions": actions,
                  "nicks": len(nicks), "sessions": sessions, "per_file": per_file}))
