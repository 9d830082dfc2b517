/* test_mail_text.c — the text helpers of the mail adapter: counting the
 * words a person wrote, normalising subjects for threading, HTML to text. */
#include "unit.h"
#include "mail.h"

#include <string.h>

/* --------------------------------------------------------- word counts */

static void test_count_words(void **state)
{
    (void)state;
    assert_int_equal(pl_text_count_words(NULL), 0);
    assert_int_equal(pl_text_count_words(""), 0);
    assert_int_equal(pl_text_count_words("one two  three\n"), 3);
    assert_int_equal(pl_text_count_words("a - b | c\n"), 3); /* lone punctuation is no word */
    assert_int_equal(pl_text_count_words("Thanks!\n\nOn Mon, Apr 29, 2019 at 2:00 AM Bob "
                                         "<bob@x.example> wrote:\n> quoted one\n> quoted two\n"),
                     1);
    /* Attribution wrapped over two lines, as Gmail does. */
    assert_int_equal(pl_text_count_words("Yes.\nOn Mon, Apr 29, 2019 at 2:00 AM Bob Smith <\n"
                                         "bob@x.example> wrote:\n\n> quoted\n"),
                     1);
    /* Interleaved reply: the answers count, the quotes do not. */
    assert_int_equal(pl_text_count_words("Bob wrote:\n> q1\nanswer one\n> q2\nanswer two\n"), 4);
    assert_int_equal(pl_text_count_words("body words\n-- \nJane Doe\nCEO\n"), 2);
    assert_int_equal(pl_text_count_words("top\n-----Original Message-----\nFrom: x\nold text\n"),
                     1);
    assert_int_equal(pl_text_count_words("reply\n________________________________\nFrom: x\n"), 1);
    assert_int_equal(pl_text_count_words("see below\n---------- Forwarded message ---------\n"
                                         "lots of forwarded words\n"),
                     2);
    assert_int_equal(pl_text_count_words("  > indented quote\nmine\n"), 1);
    assert_int_equal(pl_text_count_words("你好世界 ok\n"), 5); /* each ideograph a word */
    assert_int_equal(pl_text_count_words("Grüße aus Köln\r\n"), 3);
}

static void test_subject_normalise(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"Re: Hello", "hello"},
        {"RE: RE: Fwd: Hello   World", "hello world"},
        {"[USRP-users] Re: [USRP-users] B210 clock", "b210 clock"},
        {"Re: [USRP-users] 回复: 回复:  A problem on 5GHz", "a problem on 5ghz"},
        {"AW: WG: SV: VS: Antw: Fw: x", "x"},
        {"Réf : Devis", "devis"},
        {"答复：N310 problem", "n310 problem"},
        {"Re[2]: counters", "counters"},
        {"  Re:no space ", "no space"},
        {"Reply to all", "reply to all"},
        {"Fwd:", NULL},
        {"[list]", NULL},
        {"", NULL},
        {"   ", NULL},
        {"Straße", "strasse"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *got = pl_subject_normalise(cases[i][0]);
        if (g_strcmp0(got, cases[i][1]) != 0)
            fail_msg("normalise(%s) = %s, want %s", cases[i][0], got ? got : "NULL",
                     cases[i][1] ? cases[i][1] : "NULL");
        g_free(got);
    }
    assert_null(pl_subject_normalise(NULL));
}

static void test_html_to_text(void **state)
{
    (void)state;
    const char *h = "<p>One&amp;two</p><ul><li>a</li><li>b</li></ul>x<br>y";
    char *t = pl_html_to_text(h, strlen(h));
    assert_string_equal(t, "One&two\n\na\nb\n\nx\ny\n");
    g_free(t);
    t = pl_html_to_text("", 0);
    assert_string_equal(t, "");
    g_free(t);
    t = pl_html_to_text("<<<>>>&&&", 9);
    assert_non_null(t);
    g_free(t);
    /* A stale <meta charset> must not re-decode text that is already UTF-8. */
    h = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">"
        "</head><body>Привет</body></html>";
    t = pl_html_to_text(h, strlen(h));
    assert_string_equal(t, "Привет\n");
    g_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_words),
        cmocka_unit_test(test_subject_normalise),
        cmocka_unit_test(test_html_to_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
