#!/usr/bin/env python3
"""tests/tools/cdrlegs.py KIND OUT — small Asterisk Master.csv files (21
columns) shaped to put the bulk call path's boundaries where a test can see
them. Each row stands alone except where said.

straddle: 5000 one-row calls, then call X's first leg, 4998 more one-row
    calls, then X's second leg 4999 rows after its first (inside the 5000-row
    merge window). While X waits, ~5000 older calls are handed on: X's legs
    straddle two batches of the reader.
repeat: call Y (one row), 5002 legs of call Z, then Y's row again: by then Y
    has left the merge window, so the second Y is a new call with a known
    key, handed on in the same batch (and group) as the first.
"""
import csv
import sys

kind, out = sys.argv[1], sys.argv[2]
t0 = 1767225600


def stamp(s):
    import time
    return time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(s))


def row(i, linked, seq, src, answered, ext='1001'):
    t = t0 + i
    talk = 60 if answered else 0
    return ['', src, '5550100', 'from-trunk', '"%s" <%s>' % (src, src), 'SIP/trunk-%08x' % i,
            'SIP/%s-%08x' % (ext, i), 'Dial', 'SIP/%s,30' % ext, stamp(t),
            stamp(t + 5) if answered else '', stamp(t + 5 + talk), 5 + talk, talk,
            'ANSWERED' if answered else 'NO ANSWER', 'DOCUMENTATION', '%d.%d' % (t, seq), '', '',
            linked, seq]


rows = []
if kind == 'straddle':
    for i in range(5000):
        rows.append(row(i, 'a%d' % i, i, '1202555%04d' % i, i % 3 == 0))
    rows.append(row(5000, 'X', 5000, '12025559999', False, '1002'))
    for i in range(5001, 9999):
        rows.append(row(i, 'b%d' % i, i, '1202556%04d' % (i % 10000), i % 2 == 0))
    rows.append(row(9999, 'X', 9999, '12025559999', True, '1003'))
elif kind == 'repeat':
    y = row(0, 'Y', 0, '12025550001', True)
    rows.append(y)
    for i in range(1, 5003):
        rows.append(row(i, 'Z', i, '12025550002', i == 7))
    rows.append(y)
with open(out, 'w', newline='') as f:
    csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator='\n').writerows(rows)
