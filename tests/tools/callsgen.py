#!/usr/bin/env python3
"""tests/tools/callsgen.py OUT.csv EXPECT.json — writes an Asterisk cdr_csv
(21 columns, legs tied by linkedid) where every call's truth is chosen here:
outbound calls with a known caller-ID presentation, line, agent and whether
a person answered; inbound calls answered directly after a known ring time,
through an IVR and a queue to a person after a known wait, abandoned in
ringing, in the IVR or the queue, or refused busy. Writes what `parley
report calls` must say, worked out from that truth (not from parley):
counts, answer rates, 95 % Wilson bounds, median / p90 / share over 2 min.
Config the file needs: default-country US, internal-numbers 1000-1999,
ivr-contexts ivr, queue-contexts queues."""
import json
import math
import random
import statistics
import sys
import datetime

out_csv, out_json = sys.argv[1], sys.argv[2]
rnd = random.Random(20261102)
T0 = datetime.datetime(2026, 11, 2, 8, 0, 0)
rows = []
seq = [0]


def ts(t):
    return (T0 + datetime.timedelta(seconds=t)).strftime('%Y-%m-%d %H:%M:%S')


def leg(acct, src, dst, ctx, clid, chan, dchan, app, start, answer, end, disp, link):
    seq[0] += 1
    uid = '%s.%d' % (link, seq[0])
    billsec = end - answer if answer is not None else 0
    rows.append([acct, src, dst, ctx, clid, chan, dchan, app, '', ts(start),
                 ts(answer) if answer is not None else '', ts(end), str(end - start),
                 str(billsec), disp, 'DOCUMENTATION', uid, '', '', link, str(seq[0])])


def wilson(s, n, z=1.959963984540054):
    if n == 0:
        return 0.0, 1.0
    p = s / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z / d * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, c - h), min(1.0, c + h)


t = 0
callid = 0
out = {'named': [0, 0], 'number-only': [0, 0], 'withheld': [0, 0]}
lines, agents = {}, {}
CLID = {'named': '"Acme Sales" <%s>', 'number-only': '"" <%s>', 'withheld': '"Anonymous" <anonymous>'}
for i in range(70):
    callid += 1
    t += rnd.randint(60, 900)
    pres = rnd.choice(['named', 'named', 'number-only', 'withheld'])
    agent = rnd.choice(['1001', '1002', '1003'])
    line = rnd.choice(['lineA', 'lineB']) if pres != 'withheld' or agent != '1003' else 'lineW'
    outcome = rnd.choice(['person', 'person', 'noanswer', 'busy'])
    dst = '212555%04d' % rnd.randint(0, 9999)
    clid = CLID[pres] % agent if '%s' in CLID[pres] else CLID[pres]
    link = 'out%d' % callid
    ring = rnd.randint(3, 40)
    if outcome == 'person':
        leg(line, agent, dst, 'from-internal', clid, 'SIP/%s-%06d' % (agent, callid),
            'SIP/trunk-%06d' % callid, 'Dial', t, t + ring, t + ring + rnd.randint(5, 600),
            'ANSWERED', link)
    elif outcome == 'noanswer':
        leg(line, agent, dst, 'from-internal', clid, 'SIP/%s-%06d' % (agent, callid),
            'SIP/trunk-%06d' % callid, 'Dial', t, None, t + ring, 'NO ANSWER', link)
    else:
        leg(line, agent, dst, 'from-internal', clid, 'SIP/%s-%06d' % (agent, callid),
            '', 'Dial', t, None, t + 1, 'BUSY', link)
    hit = outcome == 'person'
    out[pres][0] += 1
    out[pres][1] += hit
    for table, key in ((lines, line), (agents, 'ext:' + agent)):
        r = table.setdefault(key, [0, 0, 0])
        r[0] += 1
        r[1] += hit
        r[2] += pres == 'withheld'

waits = []
gave_up = {}
gave_up_machine = not_connected = 0
callers = ['2125550101', '2125550102', '2125550103', '3125550104'] + \
          ['415555%04d' % k for k in range(20)]
inbound = 0
for i in range(60):
    callid += 1
    inbound += 1
    t += rnd.randint(60, 900)
    caller = rnd.choice(callers[:4]) if rnd.random() < 0.5 else rnd.choice(callers)
    clid = '"Caller %d" <%s>' % (i, caller)
    link = 'in%d' % callid
    kind = rnd.choice(['direct', 'direct', 'ivrq', 'ivrq', 'ivrq', 'ring', 'ivr-only', 'queue-gone',
                       'busy'])
    talk = rnd.randint(10, 900)
    chan = 'SIP/trunk-%06d' % callid
    if kind == 'direct':
        ring = rnd.randint(1, 200)
        leg('', caller, '5550100', 'from-trunk', clid, chan, 'SIP/1001-%06d' % callid, 'Dial',
            t, t + ring, t + ring + talk, 'ANSWERED', link)
        waits.append(ring)
    elif kind == 'ivrq':
        ivr_answer = rnd.randint(1, 5)
        q_enter = ivr_answer + rnd.randint(5, 60)
        person = q_enter + rnd.randint(0, 400)
        end = t + person + talk
        leg('', caller, '5550100', 'ivr', clid, chan, '', 'BackGround', t, t + ivr_answer, end,
            'ANSWERED', link)
        leg('', caller, '600', 'queues', clid, chan, 'SIP/1002-%06d' % callid, 'Dial',
            t + q_enter, t + person, end, 'ANSWERED', link)
        waits.append(person)
    else:
        if kind == 'ring':
            leg('', caller, '5550100', 'from-trunk', clid, chan, 'SIP/1001-%06d' % callid, 'Dial',
                t, None, t + rnd.randint(5, 60), 'NO ANSWER', link)
        elif kind == 'ivr-only':
            leg('', caller, '5550100', 'ivr', clid, chan, '', 'BackGround', t, t + 2,
                t + rnd.randint(10, 60), 'ANSWERED', link)
            gave_up_machine += 1
        elif kind == 'queue-gone':
            leg('', caller, '5550100', 'ivr', clid, chan, '', 'BackGround', t, t + 2, t + 400,
                'ANSWERED', link)
            leg('', caller, '600', 'queues', clid, chan, '', 'Queue', t + 20, None, t + 400,
                'NO ANSWER', link)
            gave_up_machine += 1
        else:
            leg('', caller, '5550100', 'from-trunk', clid, chan, '', 'Dial', t, None, t + 1,
                'BUSY', link)
            not_connected += 1
            continue
        key = '+1' + caller
        gave_up[key] = gave_up.get(key, 0) + 1

with open(out_csv, 'w', newline='') as f:
    import csv
    w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator='\n')
    for r in rows:
        w.writerow(r)


def rate(n, a, w=None):
    lo, hi = wilson(a, n)
    d = {'calls': n, 'answered': a, 'lo': lo, 'hi': hi}
    if w is not None:
        d['withheld'] = w
    return d


waits.sort()
exp = {
    'outbound': sum(v[0] for v in out.values()),
    'by_presentation': {k: rate(*v) for k, v in out.items()},
    'total': rate(sum(v[0] for v in out.values()), sum(v[1] for v in out.values())),
    'by_line': {k: rate(*v) for k, v in lines.items()},
    'by_agent': {k: rate(*v) for k, v in agents.items()},
    'withheld_lines': sorted(k for k, v in lines.items() if v[2]),
    'withheld_agents': sorted(k for k, v in agents.items() if v[2]),
    'inbound': inbound,
    'reached_person': len(waits),
    'median_s': statistics.median(waits),
    'p90_s': statistics.quantiles(waits, n=10, method='inclusive')[8],
    'over_threshold': sum(1 for w in waits if w > 120),
    'over_threshold_share': sum(1 for w in waits if w > 120) / len(waits),
    'gave_up': sum(gave_up.values()),
    'gave_up_after_machine': gave_up_machine,
    'not_connected': not_connected,
    'gave_up_top': sorted(gave_up.items(), key=lambda kv: (-kv[1], kv[0]))[:5],
}
json.dump(exp, open(out_json, 'w'), indent=1, sort_keys=True)
