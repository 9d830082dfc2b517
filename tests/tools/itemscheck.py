#!/usr/bin/python3
"""itemscheck.py — checks the detected open items parley reports for a
Maildir against an independent reading of the same files (Python's email
package, its own threading and own-text extraction; nothing of parley's),
for T140 to run.

usage: itemscheck.py --internal d1,d2 ITEMS.JSON PATH...   -> JSON on stdout

For every detected item of `parley open --all --json`:
- its source message exists, is human (no RFC 3834 / vendor auto-reply
  marks, no auto-reply subject) and was written from outside the internal
  domains for a question, from inside for a promise;
- its sentence is in what the author wrote (quoted lines, attribution,
  signature and list footer left out), whitespace collapsed;
- a question is about its author, and is done (closed by "reply", on the
  day of that reply) exactly when a later human message from inside is in
  the same thread (Message-ID / References / In-Reply-To components), else
  open. Threads also take in a reply without references whose subject, less
  its "Re:" and "[list]" prefixes, is that of a thread active in the 14 days
  before it (at least 8 characters), as docs/model.md says parley does.
Prints counts and the first disagreements.
"""
import datetime
import email
import email.policy
import email.utils
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailstats import author, files, ids  # noqa: E402

AUTO_SUBJECTS = ("out of office", "out of the office", "automatic reply", "auto-reply",
                 "autoreply", "auto reply", "abwesenheitsnotiz", "absence", "oof:", "ooo:",
                 "automatic response", "auto response", "réponse automatique",
                 "automatische antwort")
REPLY = re.compile(r"^\s*((\[[^\]]*\]\s*)|((re|fwd?|aw|sv|wg)\s*:\s*))+", re.I)


def is_automated(msg):
    """RFC 3834 and the vendor markers docs/model.md lists, auto-reply subjects."""
    a = str(msg.get("Auto-Submitted", "")).strip().lower()
    if a and not a.startswith("no"):
        return True
    for h in ("X-Autoreply", "X-Autorespond", "X-Autoresponder"):
        if msg.get(h):
            return True
    for h in ("Precedence", "X-Precedence"):
        if str(msg.get(h, "")).strip().lower() in ("auto_reply", "auto-reply"):
            return True
    return str(msg.get("Subject", "")).strip().lower().startswith(AUTO_SUBJECTS)


def norm_subject(s):
    return " ".join(REPLY.sub("", s).split()).casefold()


def plain_text(msg):
    """The first text/plain part that is not an attachment, decoded."""
    for part in msg.walk():
        if part.get_content_maintype() == "multipart":
            continue
        if part.get_content_type() == "text/plain" and not part.get_filename():
            data = part.get_payload(decode=True) or b""
            cs = part.get_content_charset() or "utf-8"
            try:
                return data.decode(cs, "replace")
            except LookupError:
                return data.decode("utf-8", "replace")
        if part.get_content_maintype() == "text":
            return None  # HTML first: parley converts it, this reading does not
    return None


def own_text(text):
    out = []
    for line in text.replace("\r", "").split("\n"):
        s = line.strip()
        if s.startswith(">"):
            continue
        if s == "--" or re.fullmatch(r"_{10,}", s) or re.match(
                r"-+ ?(original|forwarded) message", s, re.I) or s.startswith("Begin forwarded"):
            break
        out.append(s)
    return " ".join(" ".join(out).split())


def day(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%d")


def main():
    args = sys.argv[1:]
    internal = args[1].split(",")
    items = json.load(open(args[2], encoding="utf-8"))
    paths = args[3:]
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def inside(addr):
        dom = addr.rsplit("@", 1)[-1]
        return any(dom == d or dom.endswith("." + d) for d in internal)

    by_id, msgs = {}, []
    for i, path in enumerate(files(paths)):
        with open(path, "rb") as f:
            msg = email.message_from_bytes(f.read(), policy=email.policy.compat32)
        mid = ids(msg.get("Message-ID"))
        node = mid[0] if mid else "file:%d" % i
        refs = ids(msg.get("References")) + ids(msg.get("In-Reply-To"))
        find(node)
        for r in refs:
            parent[find(r)] = find(node)
        try:
            ts = email.utils.parsedate_to_datetime(str(msg.get("Date"))).timestamp()
        except (TypeError, ValueError):
            ts = None
        a = author(msg)
        subj = " ".join(str(msg.get("Subject", "")).split())
        m = {"node": node, "ts": ts, "author": a, "staff": inside(a), "auto": is_automated(msg),
             "refs": bool(refs), "text": plain_text(msg), "subject": subj,
             "reply": bool(re.search(r"(re|fwd?|aw|sv|wg)\s*:", (REPLY.match(subj) or
                                                                  re.match("", "")).group(0), re.I))}
        msgs.append(m)
        if mid:
            by_id.setdefault(mid[0], []).append(m)
    last = {}  # normalised subject -> (newest time, node)
    for m in sorted((m for m in msgs if m["ts"]), key=lambda m: m["ts"]):
        ns = norm_subject(m["subject"])
        if not m["refs"] and m["reply"] and len(ns) >= 8 and ns in last and \
                m["ts"] - last[ns][0] <= 14 * 86400:
            parent[find(m["node"])] = find(last[ns][1])
        if len(ns) >= 8:
            last[ns] = (m["ts"], m["node"])
    threads = {}
    for m in msgs:
        threads.setdefault(find(m["node"]), []).append(m)

    res = {"items": 0, "questions": 0, "promises": 0, "answered": 0, "open": 0,
           "sentence_checked": 0, "bad_count": 0, "bad": []}

    def bad(item, why):
        if len(res["bad"]) < 10:
            res["bad"].append({"id": item["id"], "why": why, "sentence": item["source_sentence"]})
        res["bad_count"] += 1

    for it in items:
        if it["origin"] != "detected":
            continue
        res["items"] += 1
        key = it["source_event"] or ""
        mid = key[4:key.rfind(":")] if key.startswith("mid:") else None
        cands = by_id.get(mid, [])
        if not cands:
            bad(it, "source message %s not found" % key)
            continue
        sentence = " ".join(it["source_sentence"].split())
        m = next((c for c in cands if c["text"] is None or sentence in own_text(c["text"])),
                 cands[0])
        if m["auto"]:
            bad(it, "from an automated message")
        if m["text"] is not None:
            res["sentence_checked"] += 1
            if sentence not in own_text(m["text"]):
                bad(it, "sentence not in the author's own text")
        if it["kind"] == "promise":
            res["promises"] += 1
            if not m["staff"]:
                bad(it, "a promise from outside")
            continue
        res["questions"] += 1
        if m["staff"]:
            bad(it, "a question from inside")
        if it["identity"] != m["author"]:
            bad(it, "about %s, not its author %s" % (it["identity"], m["author"]))
        later = sorted(x["ts"] for x in threads[find(m["node"])]
                       if x["staff"] and not x["auto"] and x["ts"] and m["ts"] and x["ts"] > m["ts"])
        if later:
            res["answered"] += 1
            want = ("done", "reply", day(later[0]))
        else:
            res["open"] += 1
            want = ("open", None, None)
        got = (it["status"], it["closed_by"], it["closed"])
        if got != want:
            bad(it, "status %s, expected %s" % (got, want))
    print(json.dumps(res, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
