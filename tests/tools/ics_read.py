#!/usr/bin/env python3
"""tests/tools/ics_read.py FILE.ics — reads an iCalendar file the way RFC
5545 describes it, independently of libical, and prints it as JSON:
{"calendar": {NAME: [value, ...]}, "todos": [{NAME: [{"value": ..,
"params": {..}}, ...]}, ...], "problems": [...]}.

Checked on the way and listed in "problems" (an empty list = a valid file
as far as this reader goes): every line ends in CRLF; no physical line is
longer than 75 octets; every physical line is valid UTF-8 on its own (a
fold never splits a character); BEGIN/END nest and the file is one
VCALENDAR with VERSION 2.0 and PRODID; each VTODO has exactly one UID and
one DTSTAMP; TEXT values (SUMMARY, DESCRIPTION, CATEGORIES) hold no bare
control characters and only the escapes \\\\ \\; \\, \\n \\N.
TEXT values come back unescaped; CATEGORIES as a list."""
import json
import re
import sys

TEXT = {"SUMMARY", "DESCRIPTION", "CATEGORIES", "COMMENT", "LOCATION", "CONTACT"}
data = open(sys.argv[1], "rb").read()
problems = []

if data and not data.endswith(b"\r\n"):
    problems.append("the file does not end in CRLF")
raw_lines = data.split(b"\r\n")
if raw_lines and raw_lines[-1] == b"":
    raw_lines.pop()
for n, line in enumerate(raw_lines, 1):
    if b"\n" in line or b"\r" in line:
        problems.append("line %d: a bare LF or CR" % n)
    if len(line) > 75:
        problems.append("line %d: %d octets (more than 75)" % (n, len(line)))
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        problems.append("line %d: not valid UTF-8 on its own (a fold split a character)" % n)

# Unfold: a line starting with a space or tab continues the one before.
logical = []
for line in raw_lines:
    if line[:1] in (b" ", b"\t") and logical:
        logical[-1] += line[1:]
    else:
        logical.append(line)


def split_unquoted(s, sep):
    out, cur, quoted = [], "", False
    for ch in s:
        if ch == '"':
            quoted = not quoted
        if ch == sep and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def unescape_text(v, where):
    out, i = [], 0
    while i < len(v):
        c = v[i]
        if c == "\\":
            nxt = v[i + 1:i + 2]
            if nxt in ("\\", ";", ","):
                out.append(nxt)
            elif nxt in ("n", "N"):
                out.append("\n")
            else:
                problems.append("%s: a bad escape \\%s" % (where, nxt))
            i += 2
            continue
        if c in ";," and where.split(":")[0] != "CATEGORIES":
            problems.append("%s: an unescaped %r" % (where, c))
        if ord(c) < 0x20 and c != "\t" or ord(c) == 0x7F:
            problems.append("%s: a control character %r" % (where, c))
        out.append(c)
        i += 1
    return "".join(out)


def split_list(v):
    """CATEGORIES: a comma-separated list of TEXT; an escaped comma stays."""
    parts, cur, i = [], "", 0
    while i < len(v):
        if v[i] == "\\" and i + 1 < len(v):
            cur += v[i:i + 2]
            i += 2
            continue
        if v[i] == ",":
            parts.append(cur)
            cur = ""
        else:
            cur += v[i]
        i += 1
    parts.append(cur)
    return parts


stack, calendar, todos, cur = [], {}, [], None
for n, bline in enumerate(logical, 1):
    line = bline.decode("utf-8", "replace")
    m = re.match(r"^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$", line)
    if not m:
        problems.append("logical line %d: not NAME[;PARAMS]:VALUE: %r" % (n, line[:60]))
        continue
    name, params_s, value = m.group(1).upper(), m.group(2), m.group(3)
    params = {}
    for p in split_unquoted(params_s, ";")[1:]:
        k, _, v = p.partition("=")
        params[k.upper()] = v.strip('"')
    if name == "BEGIN":
        stack.append(value.upper())
        if value.upper() == "VTODO":
            cur = {}
        continue
    if name == "END":
        if not stack or stack[-1] != value.upper():
            problems.append("END:%s does not close %s" % (value, stack[-1] if stack else "anything"))
        else:
            stack.pop()
        if value.upper() == "VTODO" and cur is not None:
            todos.append(cur)
            cur = None
        continue
    if not stack:
        problems.append("%s outside any component" % name)
        continue
    if name in TEXT:
        if name == "CATEGORIES":
            value = [unescape_text(x, name) for x in split_list(value)]
        else:
            value = unescape_text(value, name + ":" + str(n))
    entry = {"value": value, "params": params}
    if cur is not None and stack[-1] == "VTODO":
        cur.setdefault(name, []).append(entry)
    elif stack == ["VCALENDAR"]:
        calendar.setdefault(name, []).append(value)

if stack:
    problems.append("unclosed: %s" % ", ".join(stack))
if not logical or logical[0] != b"BEGIN:VCALENDAR":
    problems.append("the file does not begin with BEGIN:VCALENDAR")
if calendar.get("VERSION") != ["2.0"]:
    problems.append("VERSION is not 2.0: %r" % calendar.get("VERSION"))
if len(calendar.get("PRODID", [])) != 1:
    problems.append("not exactly one PRODID")
for i, t in enumerate(todos):
    for req in ("UID", "DTSTAMP"):
        if len(t.get(req, [])) != 1:
            problems.append("VTODO %d: %d %s" % (i, len(t.get(req, [])), req))

json.dump({"calendar": calendar, "todos": todos, "problems": problems}, sys.stdout,
          ensure_ascii=False, indent=1)
print()
