/* test_detect.c — detection of questions and promises (detect.c,
 * detect_due.c, items_detect.c's text helper): sentence splitting and what
 * is cut as not the author's, the rules for each kind on made-up sentences
 * (the real labelled ones are in tests/T141-detect-labelled.sh), and due
 * days counted in the writer's zone. */
#include "unit.h"
#include "detect.h"
#include "items_detect.h"

#include <string.h>

/* Splits text and compares with the NULL-terminated expected sentences. */
static void check_split(const char *text, const char *const *want)
{
    GPtrArray *got = pl_sentences_split(text);
    guint n = 0;
    while (want[n])
        n++;
    gboolean same = got->len == n;
    for (guint i = 0; same && i < n; i++)
        same = strcmp(got->pdata[i], want[i]) == 0;
    if (!same) {
        GString *s = g_string_new(NULL);
        for (guint i = 0; i < got->len; i++)
            g_string_append_printf(s, "  [%s]\n", (char *)got->pdata[i]);
        fail_msg("split of:\n%s\ngave %u sentences:\n%s", text, got->len, s->str);
    }
    g_ptr_array_free(got, TRUE);
}

static void test_split(void **state)
{
    (void)state;
    /* Greeting and closing lines end sentences; wrapped lines are joined;
     * the closing and the signature under it are cut. */
    check_split("Hi Marcus,\nI have a B210 and it does not\nwork with UHD 4.0. Can you help?\n\n"
                "Thanks,\nJohn\nAcme Radio Ltd\n",
                (const char *const[]){"Hi Marcus,",
                                      "I have a B210 and it does not work with UHD 4.0.",
                                      "Can you help?", NULL});
    /* Abbreviations, initials and version numbers do not end sentences. */
    check_split("Try e.g. the X310 with J. Smith's image v3.14.1 first. It works.",
                (const char *const[]){"Try e.g. the X310 with J. Smith's image v3.14.1 first.",
                                      "It works.", NULL});
    /* '?' and '!' end a sentence even before a lower-case word. */
    check_split("is it a bug? or a feature! no idea",
                (const char *const[]){"is it a bug?", "or a feature!", "no idea", NULL});
    /* A reply header block without '>' quoting (Outlook) ends the author's text. */
    check_split("Sure, will do.\n\nFrom: Jane Doe <jane@x.example>\nSent: Monday, March 2, 2026\n"
                "To: Bob\nSubject: Quote\n\nCan you send it?\n",
                (const char *const[]){"Sure, will do.", NULL});
    check_split("Yes.\n\nVon: Jane\nGesendet: Montag\nAn: Bob\nBetreff: x\nKönnen Sie?\n",
                (const char *const[]){"Yes.", NULL});
    /* So do an attribution left without quotes and a device signature. */
    check_split("ok\nOn Mon, Mar 2, 2026 at 9:00 AM Jane <jane@x.example> wrote:\nCan you?\n",
                (const char *const[]){"ok", NULL});
    check_split("ok\nOn Mon, Mar 2, 2026 at 9:00 AM Jane via List <\nlist@x.example> wrote:\n"
                "Can you?\n",
                (const char *const[]){"ok", NULL});
    check_split("I'll check.\nSent from my iPhone\nIs it?\n",
                (const char *const[]){"I'll check.", NULL});
    /* A closing followed by a question is not a signature: the P.S. stays. */
    check_split(
        "Thanks,\nJane\n\nP.S. Could you also send the manual?\n",
        (const char *const[]){"Thanks,", "Jane", "P.S. Could you also send the manual?", NULL});
    /* List items are sentences of their own, without their markers. */
    check_split("Two questions:\n- Does the X310 support GPS?\n2) Is 10 GbE needed?\n",
                (const char *const[]){"Two questions:", "Does the X310 support GPS?",
                                      "Is 10 GbE needed?", NULL});
    /* Rules are breaks; runs of spaces collapse. */
    check_split("First   part.\n--------------------\nSecond part",
                (const char *const[]){"First part.", "Second part", NULL});
    check_split("", (const char *const[]){NULL});
    check_split(":-) --- ...", (const char *const[]){NULL}); /* no letters: no sentence */
}

static void test_body_sentences(void **state)
{
    (void)state;
    /* Quoted lines, the attribution and the signature are not the author's;
     * the blank line left by the quote keeps paragraphs apart. */
    const char *body = "Hello\nI'll send the file tomorrow\n\nOn Mon, Jane <j@x.example> wrote:\n"
                       "> Can you send the file?\n> Thanks\nAnd the manual too\n-- \n"
                       "Bob Smith | Is this a signature?\n";
    GPtrArray *s = pl_body_sentences(body);
    assert_int_equal(s->len, 3);
    assert_string_equal(s->pdata[0], "Hello");
    assert_string_equal(s->pdata[1], "I'll send the file tomorrow");
    assert_string_equal(s->pdata[2], "And the manual too");
    g_ptr_array_free(s, TRUE);
}

static void expect_kind(const char *const *sentences, pl_sentence_kind want)
{
    for (const char *const *p = sentences; *p; p++) {
        pl_sentence_kind got = pl_sentence_classify(*p);
        if (got != want)
            fail_msg("\"%s\": %s, want %s", *p, pl_sentence_kind_name(got),
                     pl_sentence_kind_name(want));
    }
}

/* None of the sentences is of kind k (some of them are of another). */
static void expect_not_kind(const char *const *sentences, pl_sentence_kind k)
{
    for (const char *const *p = sentences; *p; p++)
        if (pl_sentence_classify(*p) == k)
            fail_msg("\"%s\" is taken for a %s", *p, pl_sentence_kind_name(k));
}

static void test_questions(void **state)
{
    (void)state;
    expect_kind(
        (const char *const[]){"Can you send me the datasheet?", "Is there a way to disable the LO?",
                              "Do you know whether the N310 supports this?", "Any ideas?",
                              "Thoughts?", "zetok: does it build on Windows?",
                              "Does it work with UHD 4.0 (or 3.15)?", "Can you test #3531 again?)",
                              "What sample rate?",
                              /* asks without a question mark */
                              "I was wondering if anyone has tried the E320 with GNU Radio 3.8.",
                              "Please let me know how to configure the clock source.",
                              "Could someone point me to the FPGA sources.",
                              "Please let me know if you have any ideas why the clock drifts.",
                              "If that fails, let me know.", "Let me know if it works.",
                              "I would appreciate any help with this.", "How can I fix this", NULL},
        PL_SENT_QUESTION);
    expect_kind((const char *const[]){"Why not?",
                                      "Who cares?",
                                      "Huh?",
                                      "Really?",
                                      "Who cares if the user interface is now full of menu items?",
                                      "Click here to unsubscribe?",
                                      "This newsletter is sponsored by: Tired of spam?",
                                      "See https://example.com/faq?id=1",
                                      "sudden6: https://github.com/x/y/pull/2 ?",
                                      "He asked \"is it ready?\"",
                                      "It works with OBS(?)",
                                      "(only for timed commands)?",
                                      "> Can you send the file?",
                                      "Maybe a driver issue?",
                                      "Let me know if you have any questions.",
                                      "Please let me know if I can help.",
                                      "If you want me to send the image, let me know.",
                                      "x = a ? b : c; y = {d?}",
                                      "#5 0x00007fffdb16dbf5 in ??",
                                      "",
                                      NULL},
                PL_SENT_NONE);
}

static void test_promises(void **state)
{
    (void)state;
    expect_kind(
        (const char *const[]){
            "I'll send you the logs tomorrow.", "We will release UHD 4.1 next month.",
            "Let me check with the FPGA team.", "Will do.", "Sure, will do!",
            "I am going to test it on an X310 tonight.", "Next step is for us to reproduce it.",
            "Sure, I'll have a look later.", "I will get back to you by Friday.",
            "Thanks, I’ll try that and report back.",
            "We plan to move to Linux 4.18 for the final release.",
            "I'll see if I can reproduce it.",
            "OK, I'll probably rebuild the image over the weekend.",
            "I will need to try to recreate this issue.", "Will send the patch tonight.", NULL},
        PL_SENT_PROMISE);
    expect_not_kind(
        (const char *const[]){
            "I'll be out of the office next week.", "I would suggest a newer UHD.",
            "I won't be able to attend.", "If you send me the log, I will take a look.",
            "Send me the log and I'll look at it.", "I'll note that the B210 has no GPSDO.",
            "Let me explain how the DDC works.", "It will be fixed in the next release.",
            "We'll see.", "Will you send it?",
            "If we'll have to break the API, we should do it once.",
            "I'd like to test it on an N310.", "I hope I will have time.",
            "We will typically go for 30-minute slots.", "He said he will send it.",
            "> I'll send it tomorrow.", "I'll be happy to help.", NULL},
        PL_SENT_PROMISE);
}

/* Noon of y-m-d in the zone offset (the value pl_due_resolve() gives). */
static gint64 noon(int y, int m, int d, int offset)
{
    GTimeZone *tz = g_time_zone_new_offset(offset);
    GDateTime *t = g_date_time_new(tz, y, m, d, 12, 0, 0);
    gint64 v = g_date_time_to_unix(t);
    g_date_time_unref(t);
    g_time_zone_unref(tz);
    return v;
}

static void expect_due(const char *sentence, gint64 ts, int offset, int y, int m, int d)
{
    gint64 got = pl_due_resolve(sentence, ts, offset);
    gint64 want = y ? noon(y, m, d, offset) : 0;
    if (got != want) {
        GDateTime *g = got ? g_date_time_new_from_unix_utc(got + offset) : NULL;
        char *gs = g ? g_date_time_format(g, "%F %T") : g_strdup("none");
        fail_msg("\"%s\" (offset %d): due %s, want %04d-%02d-%02d", sentence ? sentence : "(null)",
                 offset, gs, y, m, d);
    }
}

static void test_due(void **state)
{
    (void)state;
    /* Thursday 2026-03-05 23:30 in California is Friday 07:30 UTC. */
    const int pst = -8 * 3600;
    GTimeZone *tz = g_time_zone_new_offset(pst);
    GDateTime *t = g_date_time_new(tz, 2026, 3, 5, 23, 30, 0);
    const gint64 ts = g_date_time_to_unix(t);
    g_date_time_unref(t);
    g_time_zone_unref(tz);

    expect_due("I'll send it by Friday.", ts, pst, 2026, 3, 6);
    expect_due("I'll send it by Friday.", ts, 0, 2026, 3, 13); /* Friday already in UTC */
    expect_due("I'll send it tomorrow.", ts, pst, 2026, 3, 6);
    expect_due("I'll send it tomorrow.", ts, 0, 2026, 3, 7);
    expect_due("I'll do it today, EOD at the latest.", ts, pst, 2026, 3, 5);
    expect_due("I'll do it by end of day.", ts, pst, 2026, 3, 5);
    expect_due("Will test it the day after tomorrow.", ts, pst, 2026, 3, 7);
    expect_due("I'll have it on Monday.", ts, pst, 2026, 3, 9);
    expect_due("I'll have it by Thursday.", ts, pst, 2026, 3, 12); /* not the same day */
    expect_due("I'll have it by Thu.", ts, pst, 2026, 3, 12);
    expect_due("I'll sat there and read it.", ts, pst, 0, 0, 0); /* "sat" alone is no day */
    expect_due("I'll call you next Tuesday.", ts, pst, 2026, 3, 10);
    expect_due("We will finish it this week.", ts, pst, 2026, 3, 6);
    expect_due("I'll send it by the end of the week.", ts, pst, 2026, 3, 6);
    expect_due("I'll send it next week.", ts, pst, 2026, 3, 13);
    expect_due("I'll send it early next week.", ts, pst, 2026, 3, 10);
    expect_due("We will release it by end of month.", ts, pst, 2026, 3, 31);
    expect_due("We will release it next month.", ts, pst, 2026, 4, 30);
    expect_due("We will release it early next month.", ts, pst, 2026, 4, 7);
    expect_due("We will release it by the end of the year.", ts, pst, 2026, 12, 31);
    expect_due("I'll post it in 2 days.", ts, pst, 2026, 3, 7);
    expect_due("I'll post it within a week.", ts, pst, 2026, 3, 12);
    expect_due("I'll post it in a couple of weeks.", ts, pst, 2026, 3, 19);
    expect_due("I'll reply within 3 business days.", ts, pst, 2026, 3, 10);
    expect_due("I'll ship it in two months.", ts, pst, 2026, 5, 5);
    expect_due("I'll look in 2 hours.", ts, pst, 2026, 3, 6); /* past midnight */
    expect_due("I'll send it on 12 March.", ts, pst, 2026, 3, 12);
    expect_due("I'll send it on the 12th of March.", ts, pst, 2026, 3, 12);
    expect_due("I'll send it by March 20th, 2026.", ts, pst, 2026, 3, 20);
    expect_due("I'll send it on 2026-04-01.", ts, pst, 2026, 4, 1);
    /* In December, 5 January is next year's. */
    expect_due("I'll send it by 5 January.", ts + 290 * 86400, pst, 2027, 1, 5);
    expect_due("I'll send it by 5 January.", ts, pst, 0, 0, 0); /* 2 months ago: past */
    expect_due("I tested it on 2 March and will send it.", ts, pst, 0, 0, 0); /* a past day */
    expect_due("I'll send it by the 20th.", ts, pst, 2026, 3, 20);
    expect_due("I'll send it by the 2nd.", ts, pst, 2026, 4, 2);
    expect_due("I may send it in May 2026.", ts, pst, 0, 0, 0); /* "may" alone is a verb */
    expect_due("I'll send it on 12/03.", ts, pst, 0, 0, 0);     /* day/month order unknown */
    expect_due("I'll send it soon.", ts, pst, 0, 0, 0);
    expect_due(NULL, ts, pst, 0, 0, 0);
}

static void test_detect_text(void **state)
{
    (void)state;
    const char *body = "Hi Jane,\n\nI'll send the quote by Friday. Can you confirm the "
                       "address?\n\n> Could you send a quote?\n\nBest regards,\nBob\n";
    GArray *p =
        pl_detect_text(body, 1772755200 /* Fri 2026-03-06 00:00 UTC */, 0, PL_WANT_PROMISES);
    assert_int_equal(p->len, 1);
    pl_detected *d = &g_array_index(p, pl_detected, 0);
    assert_int_equal(d->kind, PL_SENT_PROMISE);
    assert_string_equal(d->sentence, "I'll send the quote by Friday.");
    assert_true(d->due_ts == noon(2026, 3, 13, 0));
    pl_detected_free(p);
    GArray *q = pl_detect_text(body, 1772755200, 0, PL_WANT_QUESTIONS);
    assert_int_equal(q->len, 1);
    assert_string_equal(g_array_index(q, pl_detected, 0).sentence, "Can you confirm the address?");
    pl_detected_free(q);
    GArray *none = pl_detect_text(NULL, 1, 0, PL_WANT_QUESTIONS | PL_WANT_PROMISES);
    assert_int_equal(none->len, 0);
    pl_detected_free(none);
}

static void test_item_text(void **state)
{
    (void)state;
    char *s = pl_item_text_of("short", 20);
    assert_string_equal(s, "short");
    g_free(s);
    s = pl_item_text_of("one two three four five six", 14);
    assert_string_equal(s, "one two three…");
    g_free(s);
    s = pl_item_text_of("äöüäöüäöüäöüäöü", 5); /* counted in characters, not bytes */
    assert_string_equal(s, "äöüä…");
    g_free(s);
}

/* Sentences longer than SENTENCE_MAX (pl_sentence_classify takes any; the
 * splitter never yields them) are tokenised on the heap: the same rules,
 * the same answers as for their short form. */
static void test_long_sentences(void **state)
{
    (void)state;
    const char *heads[] = {"I will send you the calibration report tomorrow",
                           "Can you send me the log of the failing run?",
                           "The board boots and the LED blinks"};
    const pl_sentence_kind want[] = {PL_SENT_PROMISE, PL_SENT_QUESTION, PL_SENT_NONE};
    for (size_t i = 0; i < G_N_ELEMENTS(heads); i++) {
        assert_int_equal(pl_sentence_classify(heads[i]), want[i]);
        GString *s = g_string_new(NULL);
        /* The tail between the words and the final mark keeps the kind:
         * "u" and "," are the tokens that grow most ("you", ",\0"). */
        gboolean q = heads[i][strlen(heads[i]) - 1] == '?';
        g_string_append_len(s, heads[i], strlen(heads[i]) - q);
        while (s->len < 3000)
            g_string_append(s, " and the logs, u know");
        if (q)
            g_string_append_c(s, '?');
        pl_sentence_kind got = pl_sentence_classify(s->str);
        if (got != want[i])
            fail_msg("a %zu-byte \"%.40s...\": %s, want %s", s->len, s->str,
                     pl_sentence_kind_name(got), pl_sentence_kind_name(want[i]));
        g_string_free(s, TRUE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),     cmocka_unit_test(test_body_sentences),
        cmocka_unit_test(test_questions), cmocka_unit_test(test_promises),
        cmocka_unit_test(test_due),       cmocka_unit_test(test_detect_text),
        cmocka_unit_test(test_item_text), cmocka_unit_test(test_long_sentences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
