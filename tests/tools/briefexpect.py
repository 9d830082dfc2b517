#!/usr/bin/python3
"""briefexpect.py — what `parley brief` should say, worked out independently
of parley for tests/T160-brief.sh: Python's email package (or a plain reading
of IRC logs), its own threading, its own reading of the author's own words,
and PyStemmer (Snowball, the same algorithms libstemmer has) for stems. The
rules are those of docs/model.md, "Briefs" and "Topics".

usage:
  briefexpect.py mail --internal D1,D2 --stop FILE MAILDIR
      picks a customer whose threads this reading can follow exactly (plain
      text, ASCII, RFC 5322 dates, nothing automated, no Message-ID twice,
      no thread that parley could join by subject) and prints the brief
  briefexpect.py irc --stop FILE --us NICK --gap MIN --since YYYY-MM-DD DIR
      the brief of the most active nick of the sessions NICK took part in,
      with NICK as us
Both print JSON.
"""
import collections
import datetime
import email
import email.header
import email.policy
import email.utils
import json
import os
import re
import sys
import unicodedata
from zoneinfo import ZoneInfo

import Stemmer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailstats import author as mail_author  # noqa: E402  (undoes Mailman's rewriting)
from mailstats import files, ids  # noqa: E402

FIRST = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}
SECOND = {"you", "your", "yours", "yourself", "yourselves"}
STEM = Stemmer.Stemmer("english")

# ------------------------------------------------------- own words (text)


def is_space(c):
    if c < "\x80":
        return c in " \t\n\v\f\r"
    return unicodedata.category(c) in ("Zs", "Zl", "Zp")


def is_alnum(c):
    if c < "\x80":
        return c.isalnum()
    return unicodedata.category(c) in ("Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No")


def is_cjk(c):
    o = ord(c)
    return (0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF)


def line_words(s):
    """Runs of non-space holding a letter or digit; each CJK character is one."""
    n, inside, alnum = 0, False, False
    for c in s:
        space, cjk = is_space(c), is_cjk(c)
        if space or cjk:
            if inside and alnum:
                n += 1
            inside = alnum = False
            if cjk:
                n += 1
        else:
            inside = True
            alnum = alnum or is_alnum(c)
    return n + (1 if inside and alnum else 0)


def is_stop_line(s):
    low = s.lower()
    return (s == "--" or (len(s) >= 10 and set(s) == {"_"})
            or (len(s) >= 3 and s.startswith("--")
                and ("original message" in low or "forwarded message" in low))
            or low.startswith("begin forwarded message"))


def own_text(text):
    """The author's own lines: no quoted ('>') lines, no attribution line
    before a quote (nor its first half when it wrapped), nothing after a
    signature separator or a forwarded/original-message marker. Returns
    (own text, words)."""
    lines = text.split("\n")
    own, total, prev_words, prev_on = [], 0, 0, False
    for i, raw in enumerate(lines):
        s = raw.lstrip(" \t").rstrip(" \t\r")
        if not s:
            prev_on, prev_words = False, 0
            continue
        if s[0] == ">":
            continue
        if is_stop_line(s):
            break
        if s.endswith(":") and quote_follows(lines, i):
            if prev_on:
                total -= prev_words
                own.pop()
            prev_on, prev_words = False, 0
            continue
        prev_words = line_words(s)
        prev_on = s[:3].lower() in ("on ", "am ", "le ")
        total += prev_words
        own.append(s)
    return "".join(l + "\n" for l in own), total


def quote_follows(lines, i):
    for raw in lines[i + 1:]:
        s = raw.lstrip(" \t\r")
        if s.startswith(">"):
            return True
        if s:
            return False
    return False


# --------------------------------------------------------------- keywords


def load_stop(path):
    stop = set()
    for line in open(path, encoding="utf-8"):
        w = line.split("#", 1)[0].strip().lower()
        if w:
            stop.add(w)
    return stop


def tokens(text):
    """Runs of letters and digits, lower-cased, from the whitespace-separated
    chunks that hold no '@' and no '://'."""
    out, chunk = [], []

    def flush_chunk():
        c = "".join(chunk)
        chunk.clear()
        if not c or "@" in c or "://" in c:
            return
        tok = []
        for ch in c + " ":
            if is_alnum(ch):
                tok.append(ch.lower())
            elif tok:
                out.append("".join(tok))
                tok = []

    for c in text:
        if is_space(c):
            flush_chunk()
        else:
            chunk.append(c)
    flush_chunk()
    return out


def keywords(text, stop):
    """stem -> [count, first word], first / second person pronouns."""
    kw, first, second = {}, 0, 0
    for t in tokens(text):
        first += t in FIRST
        second += t in SECOND
        if not (3 <= len(t) <= 32) or not any(unicodedata.category(c).startswith("L") for c in t):
            continue
        if t in stop:
            continue
        s = STEM.stemWord(t)
        if len(s.encode()) < 2:
            continue
        if s in kw:
            kw[s][0] += 1
        else:
            kw[s] = [1, t]
    return kw, first, second


def name_stems(names, stop):
    out = set()
    for n in names:
        out.update(keywords(n or "", stop)[0])
    return out


# ----------------------------------------------------------------- briefs


def brief(events, is_theirs, stop):
    """events: dicts with conv, ts, seq, author, ours (bool), words, text.
    The figures of docs/model.md "Briefs" over the scope given."""
    side_of = lambda e: "theirs" if is_theirs(e) else "ours" if e["ours"] else "other"
    bal = {s: {"messages": 0, "words": 0, "turns": 0, "first_person": 0, "second_person": 0}
           for s in ("theirs", "ours", "other")}
    topics = {}
    by_conv = collections.defaultdict(list)
    for e in events:
        by_conv[e["conv"]].append(e)
    last = None
    for conv, evs in by_conv.items():
        evs.sort(key=lambda e: (e["ts"], e["seq"]))
        prev = None
        for e in evs:
            s = side_of(e)
            b = bal[s]
            kw, first, second = keywords(e["text"], stop)
            b["messages"] += 1
            b["words"] += e["words"]
            b["first_person"] += first
            b["second_person"] += second
            if s != "other":
                if s != prev:
                    b["turns"] += 1
                    prev = s
                if last is None or (e["ts"], e["seq"]) > (last["ts"], last["seq"]):
                    last = dict(e, side=s)
                for stem, (n, word) in kw.items():
                    t = topics.setdefault(stem, {"theirs": 0, "ours": 0, "messages": 0,
                                                 "first": e["ts"], "last": e["ts"]})
                    t[s] += n
                    t["messages"] += 1
                    t["first"] = min(t["first"], e["ts"])
                    t["last"] = max(t["last"], e["ts"])
    out = {"balance": bal, "conversations": len(by_conv), "events": len(events),
           "topics": {k: v for k, v in topics.items() if v["messages"] >= 2}}
    us = bal["ours"]
    pron = us["first_person"] + us["second_person"]
    out["you_focus"] = us["second_person"] / pron if pron else None
    if last:
        conv = sorted(by_conv[last["conv"]], key=lambda e: (e["ts"], e["seq"]))
        out["last_touch"] = {"ts": last["ts"], "by": last["side"], "identity": last["author"]}
        out["last_conversation"] = {"messages": len(conv), "last_author": conv[-1]["author"],
                                    "last_ts": conv[-1]["ts"], "last_by": side_of(conv[-1])}
    return out


# ------------------------------------------------------------------- mail

DATE_OK = re.compile(r"^\s*(\w{3},\s+)?\d{1,2}\s+\w{3}\s+\d{4}\s+\d\d:\d\d(:\d\d)?\s+[+-]\d{4}\s*(\(.*\))?\s*$")
TAG = re.compile(r"^\s*\[[^\]]*\]\s*")
PREFIX = re.compile(r"^\s*(re|fwd?|aw|wg|sv|vs|antw|tr)\s*(\[\d+\])?\s*:\s*", re.I)


def norm_subject(s):
    """Without list tags and reply prefixes, folded: what threading by
    subject compares (more is stripped here than parley may: safer)."""
    s = s or ""
    while True:
        t = PREFIX.sub("", TAG.sub("", s, count=1), count=1)
        if t == s:
            break
        s = t
    return " ".join(s.lower().split())


def has_reply_prefix(s):
    s = s or ""
    while TAG.match(s):
        s = TAG.sub("", s, count=1)
    return bool(PREFIX.match(s))


def plain_part(msg):
    """The first text/plain part that is no attachment, depth first, never
    inside an attached message; None when there is none."""
    if msg.get_content_maintype() == "multipart":
        if msg.get_content_subtype() == "encrypted":
            return None
        for p in msg.get_payload():
            r = plain_part(p)
            if r is not None:
                return r
        return None
    if msg.get_content_maintype() != "text":
        return None
    if (msg.get("Content-Disposition") or "").strip().lower().startswith("attachment"):
        return None
    return msg if msg.get_content_subtype() == "plain" else None


def automated(msg, addr):
    h = lambda k: (msg.get(k) or "").strip().lower()
    return (h("Auto-Submitted") not in ("", "no") or h("X-Autoreply") or h("X-Autorespond")
            or h("Precedence") in ("bulk", "junk", "auto_reply")
            or (msg.get("List-Unsubscribe") and not msg.get("List-Post"))
            or re.search(r"no-?reply|mailer-daemon|notification", addr or "")
            or h("Return-Path") == "<>" or msg.get_content_type() == "multipart/report"
            or msg.get("Feedback-ID") or msg.get("X-Campaign")
            or re.search(r"out of (the )?office|auto(matic)? ?reply|abwesen", h("Subject")))


def decoded(value):
    try:
        return str(email.header.make_header(email.header.decode_header(str(value or ""))))
    except (LookupError, ValueError, UnicodeDecodeError):
        return str(value or "")


def addrs(msg, *keys):
    return {a.lower() for k in keys for _, a in email.utils.getaddresses([str(v) for v in msg.get_all(k, [])]) if a}


def mail(args):
    internal = args.internal.split(",")
    stop = load_stop(args.stop)
    parent, msgs, mid_count = {}, [], collections.Counter()

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for seq, path in enumerate(files([args.path])):
        with open(path, "rb") as f:
            raw = f.read()
        m = email.message_from_bytes(raw, policy=email.policy.compat32)
        mid = (ids(m.get("Message-ID")) or [None])[0]
        refs = ids(m.get("References")) + ids(m.get("In-Reply-To"))
        mid_count[mid] += 1
        node = mid or "file:" + path
        for r in refs:
            parent[find(r)] = find(node)
        find(node)
        a = mail_author(m)
        post = ids(str(m.get("List-Post", "")).replace("mailto:", ""))
        lst = post[0].lower() if post else None
        parts = (addrs(m, "From", "To", "Cc", "Bcc", "Reply-To") | {a}) - {lst}
        clean, text, ts = True, "", None
        part = plain_part(m)
        date = str(m.get("Date") or "")
        if part is None or not DATE_OK.match(date) or automated(m, a) or a == lst:
            clean = False
        else:
            payload = part.get_payload(decode=True) or b""
            charset = (part.get_content_charset() or "us-ascii").lower()
            ascii = not any(b >= 0x80 or b in (0, 0x1B) for b in payload)
            # Plain ASCII, or UTF-8 said and meant: text both readings agree on.
            try:
                if ascii or charset in ("utf-8", "utf8"):
                    text = payload.decode("utf-8").replace("\r\n", "\n")
                else:
                    clean = False
            except UnicodeDecodeError:
                clean = False
            if b"\x00" in payload:
                clean = False
            ts = int(email.utils.parsedate_to_datetime(date).timestamp())
        subj = str(m.get("Subject") or "")
        risky = not refs and has_reply_prefix(subj)
        own, words = own_text(text)
        names = {n.split(" via ")[0].strip().strip("'\"") for n, x in
                 email.utils.getaddresses([decoded(m.get("From")), decoded(m.get("Reply-To"))]) if n}
        msgs.append({"seq": seq, "node": node, "author": a, "parts": parts, "clean": clean,
                     "ts": ts, "words": words, "text": own, "subject": subj, "risky": risky,
                     "mid": mid, "names": names,
                     "ours": any(a.endswith("@" + d) or a.endswith("." + d) for d in internal)})
    comps = collections.defaultdict(list)
    for m in msgs:
        m["conv"] = find(m["node"])
        comps[m["conv"]].append(m)
    risky_subjects = {norm_subject(m["subject"]) for m in msgs if m["risky"]}
    authors = collections.Counter(m["author"] for m in msgs if not m["ours"])
    for who, _ in authors.most_common():
        convs = {m["conv"] for m in msgs if who in m["parts"]}
        scope = [m for c in convs for m in comps[c]]
        if len(convs) < 3 or sum(m["ours"] for m in scope) < 2:
            continue
        if not all(m["clean"] and mid_count[m["mid"]] == 1 and not m["risky"] for m in scope):
            continue
        if any(norm_subject(m["subject"]) in risky_subjects for m in scope):
            continue
        if any(len({m["ts"] for m in comps[c]}) != len(comps[c]) for c in convs):
            continue
        out = brief(scope, lambda e: e["author"] == who, stop)
        out["target"] = who
        out["name_stems"] = sorted(name_stems({n for m in scope for n in m["names"]}, stop))
        print(json.dumps(out, sort_keys=True))
        return
    sys.exit("no customer whose threads can be followed exactly")


# -------------------------------------------------------------------- irc

IRC = re.compile(r"^\[(\d\d):(\d\d):(\d\d)\] (?:<([^>]*)> ?|\* (\S+))")


def irc(args):
    tz = ZoneInfo("Europe/London")
    stop = load_stop(args.stop)
    since = int(datetime.datetime.strptime(args.since, "%Y-%m-%d").replace(
        tzinfo=datetime.timezone.utc).timestamp())
    msgs = []
    for dirpath, dirs, names in os.walk(args.path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            d = re.search(r"(\d{4})(\d\d)(\d\d)", name)
            if not d or name.startswith("."):
                continue
            y, mo, dd = map(int, d.groups())
            for raw in open(os.path.join(dirpath, name), "rb"):
                line = raw.rstrip(b"\r\n").decode("utf-8", "replace")
                r = IRC.match(line)
                if not r:
                    continue
                nick = (r.group(4) if r.group(4) is not None else r.group(5)).lstrip("@+%~&")
                # A message is what follows "<nick> "; an action reads "nick waves".
                text = line[r.end():] if r.group(4) is not None else line[r.start(5):]
                h, mi, s = (int(x) for x in r.group(1, 2, 3))
                ts = int(datetime.datetime(y, mo, dd, h, mi, min(s, 59), tzinfo=tz).timestamp())
                msgs.append({"ts": ts, "nick": nick.lower(), "text": text, "seq": len(msgs)})
    msgs.sort(key=lambda m: (m["ts"], m["seq"]))
    conv, prev = 0, None
    for m in msgs:
        if prev is None or m["ts"] - prev >= args.gap * 60:
            conv += 1
        prev = m["ts"]
        m["conv"] = conv
        own, m["words"] = own_text(m["text"])
        m["text"] = own
        m["author"] = m["nick"]
        m["ours"] = m["nick"] == args.us
    inrange = [m for m in msgs if m["ts"] >= since]
    us_convs = {m["conv"] for m in inrange if m["ours"]}
    count = collections.Counter(m["nick"] for m in inrange if m["conv"] in us_convs and not m["ours"])
    who = count.most_common(1)[0][0]
    convs = {m["conv"] for m in msgs if m["nick"] == who}
    scope = [m for m in inrange if m["conv"] in convs]
    out = brief(scope, lambda e: e["nick"] == who, stop)
    out["target"] = who
    out["name_stems"] = sorted(name_stems({m["nick"] for m in scope}, stop))
    print(json.dumps(out, sort_keys=True))


def main():
    import argparse
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="mode", required=True)
    a = sub.add_parser("mail")
    a.add_argument("--internal", required=True)
    a.add_argument("--stop", required=True)
    a.add_argument("path")
    b = sub.add_parser("irc")
    b.add_argument("--stop", required=True)
    b.add_argument("--us", required=True)
    b.add_argument("--gap", type=int, default=30)
    b.add_argument("--since", required=True)
    b.add_argument("path")
    args = ap.parse_args()
    mail(args) if args.mode == "mail" else irc(args)


if __name__ == "__main__":
    main()
