#!/usr/bin/env python3
"""bench/cdr_gen.py ROWS OUT — a deterministic Asterisk cdr_csv Master.csv of
ROWS rows (21 columns: uniqueid, userfield, peeraccount, linkedid, sequence),
shaped like a small office PBX: inbound calls ringing 1-3 extensions (one row
per Dial leg, sharing the linkedid), outbound calls over a SIP trunk, internal
calls, voicemail and IVR legs, all five dispositions. Same ROWS, same bytes."""
import csv
import random
import sys

rows_wanted, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20261123)
externals = ['1%d%02d555%04d' % (rnd.randint(2, 9), rnd.randint(0, 99), rnd.randint(0, 9999))
             for _ in range(50000)]
exts = [str(1000 + i) for i in range(200)]
names = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi']
t = 1767225600  # 2026-01-01 00:00:00 local


def stamp(s):
    import time
    return time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(s))


stamps = {}


def st(s):
    v = stamps.get(s)
    if v is None:
        if len(stamps) > 100000:
            stamps.clear()
        v = stamps[s] = stamp(s)
    return v


with open(out, 'w', newline='') as f:
    w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator='\n')
    n = seq = call = 0
    while n < rows_wanted:
        t += rnd.randint(1, 20)
        call += 1
        linked = '%d.%d' % (t, call)
        kind = rnd.random()
        if kind < 0.55:  # inbound: ring 1-3 extensions
            src = rnd.choice(externals)
            legs = rnd.randint(1, 3)
            answered_leg = rnd.randrange(legs) if rnd.random() < 0.7 else -1
            ring = rnd.randint(2, 25)
            talk = rnd.randint(10, 900)
            for i in range(legs):
                ext = rnd.choice(exts)
                ans = i == answered_leg
                seq += 1
                w.writerow(['', src, '5550100', 'from-trunk', '"%s" <%s>' % (src, src),
                            'SIP/trunk-%08x' % call, 'SIP/%s-%08x' % (ext, seq), 'Dial',
                            'SIP/%s,30' % ext, st(t), st(t + ring) if ans else '',
                            st(t + ring + (talk if ans else 0)), ring + (talk if ans else 0),
                            talk if ans else 0, 'ANSWERED' if ans else 'NO ANSWER',
                            'DOCUMENTATION', '%d.%d' % (t, seq), '', '', linked, seq])
                n += 1
            if answered_leg < 0 and rnd.random() < 0.5:  # then voicemail
                seq += 1
                w.writerow(['', src, 'vm', 'from-trunk', '"%s" <%s>' % (src, src),
                            'SIP/trunk-%08x' % call, '', 'VoiceMail', '1000,u', st(t + ring),
                            st(t + ring), st(t + ring + 30), 30, 30, 'ANSWERED', 'DOCUMENTATION',
                            '%d.%d' % (t, seq), '', '', linked, seq])
                n += 1
        elif kind < 0.9:  # outbound over the trunk
            ext = rnd.choice(exts)
            dst = rnd.choice(externals)
            r = rnd.random()
            disp = 'ANSWERED' if r < 0.6 else 'NO ANSWER' if r < 0.85 else 'BUSY' if r < 0.95 else 'FAILED'
            ring = rnd.randint(3, 30)
            talk = rnd.randint(5, 1200) if disp == 'ANSWERED' else 0
            clid = '"%s" <%s>' % (rnd.choice(names), ext) if rnd.random() < 0.8 else '"Anonymous" <anonymous>'
            seq += 1
            w.writerow(['', ext, dst, 'internal', clid, 'SIP/%s-%08x' % (ext, seq),
                        'SIP/trunk-%08x' % (seq + 1), 'Dial', 'SIP/trunk/%s,60' % dst, st(t),
                        st(t + ring) if talk else '', st(t + ring + talk), ring + talk, talk, disp,
                        'DOCUMENTATION', '%d.%d' % (t, seq), '', '', linked, seq])
            n += 1
        else:  # internal
            a, b = rnd.sample(exts, 2)
            talk = rnd.randint(0, 300)
            seq += 1
            w.writerow(['', a, b, 'internal', '"%s" <%s>' % (rnd.choice(names), a),
                        'SIP/%s-%08x' % (a, seq), 'SIP/%s-%08x' % (b, seq + 1), 'Dial',
                        'SIP/%s,20' % b, st(t), st(t + 3) if talk else '', st(t + 3 + talk),
                        3 + talk, talk, 'ANSWERED' if talk else 'NO ANSWER', 'DOCUMENTATION',
                        '%d.%d' % (t, seq), '', '', linked, seq])
            n += 1
