#!/usr/bin/python3
"""responsestats.py — independent response-time figures over a Maildir tree,
for T100 to check `parley report response` against. Threads by
Message-ID/References/In-Reply-To (its own union-find), takes the author
after undoing "X via List" rewriting (mailstats.py's reading), and applies
the documented rules: a customer message is a human one from outside the
internal domains; a run of them is timed from its first to the first later
human message from inside; automated messages (RFC 3834 and vendor markers,
auto-reply subjects) are neither. Nothing of parley's is used.

usage: responsestats.py --internal d1,d2 PATH...   -> JSON on stdout
"""
import email
import email.policy
import email.utils
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailstats import author, files, ids  # noqa: E402

AUTO_SUBJECTS = ("out of office", "automatic reply", "auto-reply", "autoreply", "auto reply",
                 "abwesenheitsnotiz", "absence")


def automated(msg):
    a = str(msg.get("Auto-Submitted", "")).strip().lower()
    if a and not a.startswith("no"):
        return True
    if msg.get("X-Autoreply") or msg.get("X-Autorespond"):
        return True
    for h in ("Precedence", "X-Precedence"):
        if str(msg.get(h, "")).strip().lower().startswith("auto_reply"):
            return True
    return str(msg.get("Subject", "")).strip().lower().startswith(AUTO_SUBJECTS)


def main():
    args = sys.argv[1:]
    internal = args[1].split(",")
    args = args[2:]
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    msgs, seen = [], set()
    for i, path in enumerate(files(args)):
        with open(path, "rb") as f:
            raw = f.read()
        if raw.startswith(b"From "):
            raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        mid = ids(msg.get("Message-ID"))
        node = mid[0] if mid else "file:%d" % i
        refs = ids(msg.get("References")) + ids(msg.get("In-Reply-To"))
        find(node)
        for r in refs:
            ra, rb = find(node), find(r)
            if ra != rb:
                parent[ra] = rb
        a = author(msg)
        key = (node, a, str(msg.get("Date", "")), str(msg.get("Subject", "")))
        if key in seen:  # the same message in two files
            continue
        seen.add(key)
        try:
            ts = email.utils.parsedate_to_datetime(str(msg.get("Date"))).timestamp()
        except (TypeError, ValueError, IndexError):
            continue
        dom = a.rsplit("@", 1)[-1]
        staff = any(dom == d or dom.endswith("." + d) for d in internal)
        msgs.append((node, ts, staff, automated(msg)))
    convs = {}
    for node, ts, staff, auto in msgs:
        convs.setdefault(find(node), []).append((ts, staff, auto))
    times, customer, unanswered = [], 0, 0
    for events in convs.values():
        events.sort(key=lambda e: e[0])
        first = None
        for ts, staff, auto in events:
            if auto:
                continue
            if not staff:
                customer += 1
                if first is None:
                    first = ts
            elif first is not None:
                times.append(ts - first)
                first = None
        unanswered += first is not None
    times.sort()
    n = len(times)
    median = (times[(n - 1) // 2] + times[n // 2]) / 2 if n else None
    print(json.dumps({"customer_messages": customer, "answered": n, "median_s": median,
                      "unanswered": unanswered}))


main()
