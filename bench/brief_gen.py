#!/usr/bin/python3
"""brief_gen.py — a deterministic mbox for bench/brief.sh: one customer
(ada@bigcustomer.example, her colleague bob@ in copy now and then) with
CUSTOMER messages in threads with us (jane@ and sam@acme.example), and
OTHERS messages between us and 500 other counterparts at 100 domains, all
with text: sentences drawn from one vocabulary (Zipf-weighted, each
counterpart with pet subjects of its own) so that document frequencies
mean something, replies quoting the previous message and signatures, as
real mail has. Same arguments, same bytes.

usage: brief_gen.py CUSTOMER OTHERS OUT.mbox
"""
import email.utils
import random
import sys

COMMON = """able account action add address advice agree answer april area arrive
ask august available back bad balance bank based basis begin believe best better
bill board book box break bring budget build business buy call cancel card care
carry case cause central chance change charge check choose claim clear close code
colour come comment company complete confirm contact contract copy correct cost
count course cover create credit current customer cut data date day deal decide
deliver demand department design detail develop device direct discount discuss
document draft early easy effect email end engineer enough entry error estimate
event exact example expect explain extra fact fail fair fast feature february
figure file final find fine finish firm fix follow form forward free friday full
future general give glad good group guess half hand happy hard head hear help
high hold hope hour idea important include increase info install invoice issue
item january job join july june keep key kind know last late later lead learn
least leave left level light likely limit line list little live local long look
lose lot low main make manage march market matter may mean meet meeting member
mention method minute miss model moment monday money month move need network new
news next nice note number offer office open option order original part partner
pay payment people percent period person phone place plan please point policy
possible post price print priority problem process product project proposal
provide purchase quality quarter question quick quote range rate reach read ready
real reason receive recent record reduce region release remember reply report
request require result return review right risk room rule run safe sale sample
saturday schedule second section see send september service set share ship short
show side sign simple site size small software solution soon sorry sort speak
special spend staff standard start state status step still stock store strong
suggest summary sunday supply support sure system table take talk team term test
thank thanks thing think thursday ticket time today tomorrow total track trade
train transfer travel trial try tuesday turn update upgrade use user value vendor
version view visit wait want warranty way website wednesday week welcome whole
window wish work world worry write year yesterday""".split()
TOPICS = """antenna amplifier battery bracket cable calibration chassis chipset clock
connector controller converter daughterboard decoder diode driver enclosure
encoder ethernet fiber filter firmware fpga gateway gps harness heatsink inverter
kernel laser lens mainboard manifold modem module motor mount oscillator panel
plug processor pump radio receiver regulator relay resistor router sensor server
shield spectrum splitter switch synthesizer terminal thermostat transceiver
transformer transmitter tuner turbine valve voltage waveguide""".split()
GLUE = ["the", "a", "and", "to", "of", "for", "in", "on", "with", "is", "it", "that", "this"]
ME = ["i", "we", "our", "my", "us", "me"]
YOU = ["you", "your", "you", "yours"]


def zipf_pick(rnd, words, s=1.1):
    # Precomputed cumulative weights per list, deterministic.
    key = id(words)
    if key not in zipf_pick.cache:
        acc, cum = 0.0, []
        for i in range(len(words)):
            acc += 1.0 / (i + 1) ** s
            cum.append(acc)
        zipf_pick.cache[key] = cum
    cum = zipf_pick.cache[key]
    x = rnd.random() * cum[-1]
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return words[lo]


zipf_pick.cache = {}


def sentence(rnd, pets):
    n = 6 + rnd.randrange(10)
    out = []
    for _ in range(n):
        r = rnd.random()
        if r < 0.35:
            out.append(rnd.choice(GLUE))
        elif r < 0.42:
            out.append(rnd.choice(ME))
        elif r < 0.48:
            out.append(rnd.choice(YOU))
        elif r < 0.60:
            out.append(rnd.choice(pets))
        else:
            out.append(zipf_pick(rnd, COMMON))
    out[0] = out[0].capitalize()
    return " ".join(out) + rnd.choice([".", ".", "?", "!"])


def body(rnd, pets, who, prev):
    paras = []
    for _ in range(1 + rnd.randrange(3)):
        paras.append(" ".join(sentence(rnd, pets) for _ in range(1 + rnd.randrange(4))))
    text = "\n\n".join(paras) + "\n\nRegards,\n" + who.split("@")[0].capitalize() + "\n"
    if prev:
        text += "\nOn %s, %s wrote:\n" % (prev[0], prev[1])
        text += "".join("> " + l + "\n" for l in prev[2].split("\n")[:12])
    text += "\n-- \n%s | Example Systems | +1 555 0100\n" % who
    return text


def main():
    customer, others, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rnd = random.Random(20261201)
    us = ["jane@acme.example", "sam@acme.example"]
    domains = ["client%02d.example" % i for i in range(100)]
    people = ["%s@%s" % (n, d) for d in domains for n in ("kim", "lee", "max", "ola", "pat")]
    pets = {p: rnd.sample(TOPICS, 4) for p in people}
    ada_pets = ["fpga", "firmware", "calibration", "oscillator", "transceiver"]
    t0 = 1767225600  # 2026-01-01 UTC
    span = 320 * 86400
    th = 0
    with open(out, "w") as f:
        def thread(them, cc, pets_of, n_max, budget):
            nonlocal th
            th += 1
            n = min(budget, 1 + rnd.randrange(n_max))
            ts = t0 + rnd.randrange(span)
            subj = "%s %s" % (rnd.choice(pets_of).capitalize(), zipf_pick(rnd, COMMON))
            ids, prev = [], None
            for i in range(n):
                mine = i % 2 == 1
                frm = rnd.choice(us) if mine else them
                to = them if mine else us[0]
                mid = "<b%d.%d@brief.bench>" % (th, i)
                date = email.utils.formatdate(ts)
                text = body(rnd, pets_of, frm, prev)
                f.write("From bench@brief %s\n" % "Thu Jan  1 00:00:00 1970")
                f.write("From: %s\nTo: %s\n" % (frm, to))
                if cc and rnd.random() < 0.2:
                    f.write("Cc: %s\n" % cc)
                f.write("Subject: %s%s\nDate: %s\nMessage-ID: %s\n" % ("Re: " if i else "", subj, date, mid))
                if ids:
                    f.write("In-Reply-To: %s\nReferences: %s\n" % (ids[-1], " ".join(ids)))
                f.write("\n" + text.replace("\nFrom ", "\n>From ") + "\n")
                ids.append(mid)
                prev = (date, frm, text.split("\n-- \n")[0])
                ts += 600 + rnd.randrange(2 * 86400)
            return n

        made = 0
        while made < customer:
            made += thread("ada@bigcustomer.example", "bob@bigcustomer.example", ada_pets, 8,
                           customer - made)
        made = 0
        while made < others:
            p = rnd.choice(people)
            made += thread(p, None, pets[p], 6, others - made)


if __name__ == "__main__":
    main()
