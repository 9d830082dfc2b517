#!/usr/bin/env python3
"""signums.py FILE... — the phone numbers in each message author's own
signature, worked out independently of parley (Python's email package and
a few regular expressions) for T170-signature-numbers.sh.

Prints one JSON object: {number: [author address, ...]} for numbers written
internationally after a phone label (Tel, Phone, Mobile, Cell, M, T) in the
author's own text: lines quoted with '>' and everything from an Outlook
header block ("From:" followed by "Sent:") or a forwarded / original message
on are not the author's. Fax lines are not phone numbers. Only meant for the
international numbers of the real messages the test picks, not as a second
implementation of every rule."""
import email
import email.policy
import json
import re
import sys

LABEL = re.compile(r'(?:^|[|]\s*)(?:tel|phone|mobile|cell|m|t)\s*\.?\s*:?\s*'
                   r'(\+\d[\d ()./-]{6,}\d)', re.I)
END = re.compile(r'^(-+ ?(original|forwarded) message|begin forwarded message)', re.I)


def own_lines(text):
    lines = text.splitlines()
    for i, line in enumerate(lines):
        s = line.strip()
        if END.match(s):
            return
        if s.lower().startswith('from:') and any(
                l.strip().lower().startswith(('sent:', 'date:')) for l in lines[i + 1:i + 5]):
            return
        if s.startswith('>'):
            continue
        yield s


def author(msg):
    frm = email.utils.parseaddr(msg.get('From', ''))
    if ' via ' in frm[0] and msg.get('Reply-To'):  # Mailman's DMARC rewriting
        frm = email.utils.parseaddr(msg['Reply-To'])
    return frm[1].lower()


def numbers(path):
    with open(path, 'rb') as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    part = msg.get_body(preferencelist=('plain',))
    if part is None:
        return []
    found = []
    for line in own_lines(part.get_content()):
        if re.match(r'fax\b|f\s*[:.]', line, re.I):
            continue
        for seg in re.split(r'\s\|\s', line):
            if re.match(r'\s*(fax\b|f\s*[:.])', seg, re.I):
                continue
            m = LABEL.search(seg)
            if m:
                n = '+' + re.sub(r'\D', '', m.group(1).replace('(0)', ''))
                if n not in found:
                    found.append(n)
    return found


out = {}
for p in sys.argv[1:]:
    a = author(email.message_from_binary_file(open(p, 'rb'), policy=email.policy.default))
    for n in numbers(p):
        out.setdefault(n, [])
        if a not in out[n]:
            out[n].append(a)
print(json.dumps({k: sorted(v) for k, v in sorted(out.items())}))
