#!/usr/bin/env python3
# chatgen.py DIR MESSAGES [SEED] — deterministic ZNC-style IRC daily logs for
# the bulk chat tests (T111): several channels, one file per channel and day
# ("#chanN_YYYYMMDD.log" from 2017-04-01, times local to Europe/London, so
# no day has its clocks changed), nicks of which
# "jane" is us in the tests' config. Made to meet the import's boundaries:
# a channel's first day holds one session far longer than a reader batch
# (2,048 messages), sessions run across midnight into the next day's file,
# quiet gaps of an hour start new ones, identical lines repeat within one
# second, and there are joins (system lines), actions, questions, our
# answers and our promises.
import datetime, os, random, sys

root, total = sys.argv[1], int(sys.argv[2])
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
nicks = ["jane"] + ["user%02d" % i for i in range(23)] + ["Mixed_Case", "@op"]
theirs = ["can you check the build on arm?", "is there a fix for the crash?",
          "the log says it fails again", "what version do you run?", "thanks",
          "any idea why the tests hang?", "it works for me now", "please look at the patch"]
ours = ["I'll fix it tomorrow.", "will look tonight", "done, try again", "yes, merged",
        "we will send the new build by Friday", "ok", "let me check the log"]
channels = 4
os.makedirs(root, exist_ok=True)

def clock(t):
    return "%02d:%02d:%02d" % (t // 3600, t // 60 % 60, t % 60)

left, day = total, 0
late = [False] * channels  # the channel's last file ran to just before midnight
while left > 0:
    for ch in range(channels):
        if left <= 0:
            break
        # Channel 0's first day: one long session (3,000 messages 2-9 s apart).
        long_day = day == 0 and ch == 0
        n = min(left, 3000 if long_day else rnd.randint(300, 1200))
        # From April on: no change of clocks for half a year.
        date = datetime.date(2017, 4, 1) + datetime.timedelta(days=day)
        path = os.path.join(root, "#chan%d_%s.log" % (ch, date.strftime("%Y%m%d")))
        # Every third file ends just before midnight; the next day's file of
        # that channel goes on a few seconds after it.
        to_midnight = (ch + day) % 3 == 0 and not long_day
        if late[ch]:
            t = 0
        elif to_midnight:
            t = max(0, 86400 - 6 * n - 400)
        else:
            t = rnd.randint(0, 6) * 3600
        with open(path, "w") as f:
            prev = None
            for _ in range(n):
                quiet = not long_day and not to_midnight and rnd.random() < 0.004
                gap = 3600 + rnd.randint(0, 600) if quiet else rnd.randint(2, 9)
                if t + gap >= 86400:
                    break
                t += gap
                if rnd.random() < 0.03:
                    f.write("[%s] *** Joins: %s (~u@host)\n" % (clock(t), rnd.choice(nicks)))
                if prev and rnd.random() < 0.01:
                    f.write(prev)  # the same line again, same second
                    left -= 1
                    continue
                nick = rnd.choice(nicks)
                text = rnd.choice(ours if nick == "jane" else theirs)
                if rnd.random() < 0.02:
                    line = "[%s] * %s waves\n" % (clock(t), nick.lstrip("@"))
                else:
                    line = "[%s] <%s> %s\n" % (clock(t), nick, text)
                f.write(line)
                prev = line
                left -= 1
        late[ch] = to_midnight and t > 86400 - 1200
    day += 1
