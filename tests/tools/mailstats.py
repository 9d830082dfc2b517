#!/usr/bin/python3
"""mailstats.py — independent figures over a Maildir tree, for the shell
tests to check parley against. Uses only Python's email package and its own
union-find, nothing of parley's.

usage: mailstats.py [--internal d1,d2] PATH...   -> JSON on stdout
"""
import email
import email.policy
import email.utils
import json
import os
import re
import sys

ID = re.compile(r"<([^<>\s]+)>")


def ids(value):
    if not value:
        return []
    found = ID.findall(str(value))
    return found if found else str(value).split()


def files(paths):
    for p in paths:
        if os.path.isfile(p):
            yield p
            continue
        for root, dirs, names in os.walk(p):
            dirs[:] = sorted(d for d in dirs if d != "tmp")
            for n in sorted(names):
                yield os.path.join(root, n)


def author(msg):
    """The real author, undoing Mailman's DMARC rewriting."""
    frm = email.utils.getaddresses([str(msg.get("From", ""))])
    name, addr = frm[0] if frm else ("", "")
    rt = email.utils.getaddresses([str(msg.get("Reply-To", ""))])
    post = ID.findall(str(msg.get("List-Post", "")).replace("mailto:", ""))
    rewritten = " via " in name.lower() or (post and post[0].lower() == addr.lower())
    if len(rt) == 1 and rewritten:
        return rt[0][1].lower()
    return addr.lower()


def main():
    args = sys.argv[1:]
    internal = []
    if args and args[0] == "--internal":
        internal = args[1].split(",")
        args = args[2:]
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    n = 0
    msgids = set()
    keyed = set()
    no_ref_replies = 0
    by_author = {"internal": 0, "external": 0}
    for i, path in enumerate(files(args)):
        with open(path, "rb") as f:
            raw = f.read()
        if raw.startswith(b"From "):
            raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        n += 1
        mid = ids(msg.get("Message-ID"))
        node = mid[0] if mid else "file:%d" % i
        if mid:
            msgids.add(mid[0])
        refs = ids(msg.get("References")) + ids(msg.get("In-Reply-To"))
        find(node)
        for r in refs:
            union(node, r)
        subj = str(msg.get("Subject", ""))
        if not refs and re.match(r"\s*(\[[^\]]*\]\s*)*(re|aw|sv)\s*:", subj, re.I):
            no_ref_replies += 1
        a = author(msg)
        dom = a.rsplit("@", 1)[-1]
        inside = any(dom == d or dom.endswith("." + d) for d in internal)
        by_author["internal" if inside else "external"] += 1
        keyed.add((node, a, str(msg.get("Date", "")), subj))
    roots = {find(x) for x in list(parent)}
    # Components that hold at least one real message (ghost-only ones can't exist).
    print(json.dumps({
        "files": n,
        "distinct_message_ids": len(msgids),
        "distinct_messages": len(keyed),
        "components": len(roots),
        "no_ref_replies": no_ref_replies,
        "authors": by_author,
    }))


if __name__ == "__main__":  # responsestats.py imports the helpers
    main()
