#!/usr/bin/env python3
"""tests/tools/cdrexpect.py FORMAT FILE — what parley should make of a call
record file, worked out independently with the csv module from the rules in
docs/config.md ("How calls are read"): rows, calls after leg merging,
exact-duplicate and conflicting rows, calls a person answered, presentation
classes. Prints JSON."""
import csv
import hashlib
import json
import sys

fmt, path = sys.argv[1], sys.argv[2]
raw = open(path, 'rb').read().decode('utf-8', 'replace')
rows = list(csv.reader(raw.splitlines(keepends=True)))
rows = [r for r in rows if r]

AST = ['accountcode', 'src', 'dst', 'dcontext', 'clid', 'channel', 'dstchannel', 'lastapp',
       'lastdata', 'start', 'answer', 'end', 'duration', 'billsec', 'disposition', 'amaflags',
       'uniqueid', 'userfield', 'peeraccount', 'linkedid', 'sequence']
CLID_FIRST = ['clid', 'src', 'dst', 'dcontext', 'channel', 'dstchannel', 'lastapp', 'lastdata',
              'start', 'answer', 'end', 'duration', 'billsec', 'disposition', 'amaflags',
              'accountcode', 'uniqueid', 'userfield', 'sequence']
FS = ['name', 'src', 'dst', 'dcontext', 'start', 'answer', 'end', 'duration', 'billsec',
      'disposition', 'uniqueid', 'bleg', 'accountcode', 'read_codec', 'write_codec']
n = len(rows[0])
if fmt == 'asterisk':
    cols = CLID_FIRST if n == 19 else AST[:n]
else:
    cols = FS
MACHINE = {'voicemail', 'voicemailmain', 'playback', 'background', 'read', 'waitexten',
           'festival', 'flite', 'echo', 'musiconhold', 'saydigits', 'saynumber', 'sayalpha',
           'sayunixtime', 'record', 'milliwatt', 'agi', 'eagi', 'directory', 'authenticate',
           'controlplayback', 'sendfax', 'receivefax', 'disa', 'morsecode', 'zapateller', 'ivr'}
BRIDGE = {'dial', 'queue', 'bridge', 'followme', 'pickup', 'pickupchan', 'confbridge',
          'meetme', 'page', 'retrydial'}
WITHHELD = {'', 'anonymous', 'unknown', 'restricted', 'private', 'blocked', 'withheld',
            'unavailable', 'p', 'o'}
GENERIC = {'outbound call', 'inbound call', 'wireless caller', 'unknown name', 'caller'}


def withheld(v):
    v = v.strip().strip('<>"').strip().lower()
    return v in WITHHELD or (v != '' and set(v) <= {'0', '+'} and '0' in v)


def presentation(name, number):
    if withheld(number):
        return 'withheld'
    n = name.strip()
    if not n or withheld(n) or n.lower() in GENERIC or all(c in '0123456789+-() .' for c in n) \
            or n == number:
        return 'number-only'
    return 'named'


calls = {}
order = []
dups = conflicts = 0
for r in rows:
    f = dict(zip(cols, r))
    key = f.get('linkedid') or f.get('uniqueid') or ''
    rowhash = hashlib.sha1('\x1f'.join(r).encode()).hexdigest()
    if not key:
        key = 'row:' + rowhash
    if fmt == 'asterisk':
        leg = (f['uniqueid'], f['sequence']) if 'sequence' in f else rowhash
    else:
        leg = f['uniqueid']
    c = calls.get(key)
    if c is None:
        c = calls[key] = {'legs': {}, 'first': f}
        order.append(key)
    if leg in c['legs']:
        if c['legs'][leg] == rowhash:
            dups += 1
        else:
            conflicts += 1
        continue
    c['legs'][leg] = rowhash
    if f['start'] < c['first']['start']:
        c['first'] = f
    billsec = int(f['billsec'] or 0)
    if fmt == 'asterisk':
        answered = f['disposition'] == 'ANSWERED'
    else:
        answered = bool(f['answer']) or billsec > 0
    talk = billsec
    app = f.get('lastapp', '')
    human = answered and talk > 0 and app.lower() not in MACHINE and (
        'dstchannel' not in f or app.lower() in BRIDGE or f['dstchannel'] != '')
    c['human'] = c.get('human', False) or human

out = {'rows': len(rows), 'calls': len(calls), 'duplicates': dups, 'conflicts': conflicts,
       'human': sum(1 for c in calls.values() if c.get('human')),
       'named': 0, 'number-only': 0, 'withheld': 0}
for c in calls.values():
    f = c['first']
    if 'clid' in f:
        clid = f['clid']
        if clid.endswith('>') and '<' in clid:
            i = clid.rindex('<')
            name, number = clid[:i].strip().strip('"'), clid[i + 1:-1]
        else:
            name, number = clid, f['src']
        if not number:
            number = f['src']
    else:
        name, number = f['name'], f['src']
    out[presentation(name, number)] += 1
print(json.dumps(out, sort_keys=True))
