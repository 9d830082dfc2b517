#!/usr/bin/env python3
"""tests/tools/respgen.py DIR [THREADS] — a deterministic store input for the
response-run tests (T180): DIR/Maildir with THREADS (default 300) mail threads
between customers, prospects, vendors, colleagues and jane@acme.example, with
auto-replies on both sides, messages of several authors at once, messages
without an author, list mail and gaps of seconds to weeks; and DIR/chat.jsonl,
support-room chat sessions between the same people. Same arguments, same
bytes."""
import email.utils
import json
import os
import random
import sys

out = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 300
rnd = random.Random(20261201)
md = os.path.join(out, "Maildir")
for s in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(md, s), exist_ok=True)
customers = ["ann@northwind.example", "bob@northwind.example", "cat@contoso.example",
             "dan@initech.example", "eve@freemail.example", "fred@hooli.example",
             "gus@umbrella.example"]
ours = ["jane@acme.example", "carl@acme.example", "support@acme.example"]
others = ["sales@parts.example", "x@random.example"]
t0 = 1735689600  # 2025-01-01
k = 0
for t in range(threads):
    ts = t0 + rnd.randrange(0, 600 * 86400)
    prev = None
    subject = "Question %d" % t
    for m in range(rnd.randrange(1, 9)):
        ts += rnd.choice([30, 600, 3600, 5 * 3600, 86400, 3 * 86400, 20 * 86400])
        r = rnd.random()
        if r < 0.45:
            frm, to = rnd.choice(customers), rnd.choice(ours)
        elif r < 0.8:
            frm, to = rnd.choice(ours), rnd.choice(customers)
        elif r < 0.9:
            frm, to = rnd.choice(ours), rnd.choice(ours)
        else:
            frm, to = rnd.choice(others), rnd.choice(ours + customers)
        h = []
        a = rnd.random()
        if a < 0.03:
            h.append("From: %s, %s" % (frm, rnd.choice(customers + ours)))
        elif a >= 0.05 or m == 0:
            h.append("From: %s" % frm)  # else no author at all
        h.append("To: %s" % to)
        if rnd.random() < 0.1:
            h.append("Cc: %s" % rnd.choice(customers + ours))
        s = ("Re: " if prev else "") + subject
        if rnd.random() < 0.12:
            h.append("Auto-Submitted: auto-replied")
            s = "Out of office: " + subject
        if rnd.random() < 0.03:
            h.append("List-Id: <help.lists.acme.example>")
            h.append("List-Post: <mailto:help@lists.acme.example>")
        h.append("Subject: %s" % s)
        h.append("Date: %s" % email.utils.formatdate(ts, usegmt=True))
        mid = "t%d.%d@respgen" % (t, m)
        h.append("Message-ID: <%s>" % mid)
        if prev and rnd.random() < 0.95:
            h.append("In-Reply-To: <%s>" % prev)
            h.append("References: <%s>" % prev)
        prev = mid
        k += 1
        with open(os.path.join(md, "cur", "%06d:2,S" % k), "w") as f:
            f.write("\n".join(h) + "\n\nSome words of message %d.\n" % k)

# Chat: a support room; sessions end after 30 minutes of silence.
ts = t0
with open(os.path.join(out, "chat.jsonl"), "w") as f:
    for i in range(600):
        ts += rnd.choice([20, 120, 600, 1500, 4000, 86400])
        if rnd.random() < 0.5:
            line = {"from": rnd.choice(customers[:4]), "to": "help@acme.example"}
        else:
            line = {"from": rnd.choice(ours), "direction": "out"}
        line.update({"ts": ts, "channel": "support", "text": "line %d" % i, "id": "c%d" % i})
        f.write(json.dumps(line) + "\n")
