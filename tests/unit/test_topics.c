/* test_topics.c — keywords of own words (src/lib/topics.c): tokens, what
 * is dropped (short, numeric, stop-words, addresses, URLs), Snowball stems
 * and their first word, pronouns, a stop-word file, languages. */
#include "unit.h"

#include "topics.h"

#include <string.h>

static pl_keywords *keywords_for(const char *language, const char *stop_file)
{
    pl_config *cfg = unit_config();
    g_free(cfg->topics_language);
    cfg->topics_language = g_strdup(language);
    cfg->topics_stop_words = g_strdup(stop_file);
    GError *err = NULL;
    pl_keywords *k = pl_keywords_new(cfg, &err);
    if (!k)
        fail_msg("keywords: %s", err->message);
    pl_config_free(cfg);
    return k;
}

/* "stem:word:count stem:word:count ..." in order of first appearance. */
static char *listing(const pl_text_keywords *t)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < t->keywords->len; i++) {
        const pl_keyword *w = &g_array_index(t->keywords, pl_keyword, i);
        g_string_append_printf(s, "%s%s:%s:%u", i ? " " : "", w->stem, w->word, w->count);
    }
    return g_string_free(s, FALSE);
}

static void test_scan(void **state)
{
    pl_keywords *k = keywords_for("english", NULL);
    pl_text_keywords t;
    pl_text_keywords_init(&t);
    pl_keywords_scan(k,
                     "I'm sure you're right: your X310 Boards, our FPGA-image.\n"
                     "Mail me at jane@acme.example or see https://acme.example/x310; "
                     "the boards! 1234 ab Café",
                     &t);
    char *got = listing(&t);
    assert_string_equal(got, "sure:sure:1 right:right:1 x310:x310:1 board:boards:2 fpga:fpga:1 "
                             "imag:image:1 mail:mail:1 see:see:1 café:café:1");
    g_free(got);
    assert_int_equal(t.first_person, 3);  /* I('m), our, me */
    assert_int_equal(t.second_person, 2); /* you('re), your */
    /* Every token counts, kept or not; the address and the URL give none. */
    assert_int_equal(t.tokens, 22);
    /* A second text adds to the first. */
    pl_keywords_scan(k, "More boards, please.", &t);
    got = listing(&t);
    assert_non_null(strstr(got, "board:boards:3"));
    g_free(got);
    pl_text_keywords_clear(&t);
    pl_keywords_free(k);
}

static void test_stop_file(void **state)
{
    char *dir = g_dir_make_tmp("parley-topics-XXXXXX", NULL);
    char *path = g_build_filename(dir, "stop.txt", NULL);
    assert_true(g_file_set_contents(path, "# ours\nBoards\n  quote  \n", -1, NULL));
    pl_keywords *k = keywords_for("english", path);
    pl_text_keywords t;
    pl_text_keywords_init(&t);
    pl_keywords_scan(k, "The boards and the quote", &t);
    char *got = listing(&t);
    /* The file replaces the built-in list: "the" and "and" are keywords now. */
    assert_string_equal(got, "the:the:2 and:and:1");
    g_free(got);
    pl_keywords_free(k);
    pl_keywords *plain = keywords_for("english", NULL);
    k = keywords_for("english", path);
    assert_string_not_equal(pl_keywords_fingerprint(plain), pl_keywords_fingerprint(k));
    pl_keywords_free(plain);
    pl_keywords_free(k);
    pl_text_keywords_clear(&t);
    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);

    pl_config *cfg = unit_config();
    cfg->topics_stop_words = g_strdup("/nonexistent/stop.txt");
    GError *err = NULL;
    assert_null(pl_keywords_new(cfg, &err));
    assert_true(g_error_matches(err, PARLEY_ERROR, PL_ERR_CONFIG));
    assert_non_null(strstr(err->message, "stop-words"));
    g_error_free(err);
    pl_config_free(cfg);
}

static void test_languages(void **state)
{
    pl_keywords *en = keywords_for("english", NULL), *de = keywords_for("german", NULL);
    assert_true(pl_keywords_counts_pronouns(en));
    assert_false(pl_keywords_counts_pronouns(de));
    assert_string_not_equal(pl_keywords_fingerprint(en), pl_keywords_fingerprint(de));
    pl_keywords *en2 = keywords_for("english", NULL);
    assert_string_equal(pl_keywords_fingerprint(en), pl_keywords_fingerprint(en2));
    pl_text_keywords t;
    pl_text_keywords_init(&t);
    pl_keywords_scan(de, "Die Lieferungen der Platinen", &t);
    char *got = listing(&t);
    /* No German stop list built in: idf weighs "die" and "der" down. */
    assert_string_equal(got, "die:die:1 liefer:lieferungen:1 der:der:1 platin:platinen:1");
    g_free(got);
    assert_int_equal(t.first_person + t.second_person, 0);
    pl_text_keywords_clear(&t);
    pl_keywords_free(en);
    pl_keywords_free(en2);
    pl_keywords_free(de);

    pl_config *cfg = unit_config();
    g_free(cfg->topics_language);
    cfg->topics_language = g_strdup("klingon");
    GError *err = NULL;
    assert_null(pl_keywords_new(cfg, &err));
    assert_true(g_error_matches(err, PARLEY_ERROR, PL_ERR_CONFIG));
    assert_non_null(strstr(err->message, "english"));
    g_error_free(err);
    pl_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan),
        cmocka_unit_test(test_stop_file),
        cmocka_unit_test(test_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
