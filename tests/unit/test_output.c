/* test_output.c — the streaming JSON writer of src/cli/output.c (out_jw_*)
 * against json-glib's own generator (out_json): the same values, built as a
 * tree and streamed, must print byte for byte the same, whatever the
 * nesting, the strings (every byte value, invalid UTF-8 too) and the
 * numbers, since `--json` output moved from one to the other. */
#include "unit.h"

#include "output.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

/* Emits one value to both: a tree builder and the stream writer. */
typedef struct {
    JsonBuilder *b;
    out_jw *w;
    GRand *rand;
} both;

static void key(both *x, const char *k)
{
    json_builder_set_member_name(x->b, k);
    out_jw_key(x->w, k);
}

/* Short strings of any bytes, and longer ones of mostly plain text with a
 * few of anything (the writer looks at plain text 8 bytes at a time). */
static char *random_text(GRand *r)
{
    gboolean plain = g_rand_boolean(r);
    int n = g_rand_int_range(r, 0, plain ? 40 : 12);
    char *s = g_malloc(n + 1);
    for (int i = 0; i < n; i++)
        s[i] = plain && g_rand_int_range(r, 0, 10)
                   ? (char)g_rand_int_range(r, 0x20, 0x7f)
                   : (char)g_rand_int_range(r, 1, 256); /* not NUL */
    s[n] = '\0';
    return s;
}

static void value(both *x, int depth)
{
    GRand *r = x->rand;
    int kind = g_rand_int_range(r, 0, depth < 4 ? 8 : 6);
    switch (kind) {
    case 0:
        json_builder_add_null_value(x->b);
        out_jw_null(x->w);
        break;
    case 1: {
        gboolean v = g_rand_boolean(r);
        json_builder_add_boolean_value(x->b, v);
        out_jw_bool(x->w, v);
        break;
    }
    case 2: {
        gint64 v = (gint64)g_rand_int(r) * g_rand_int_range(r, -100000, 100000);
        json_builder_add_int_value(x->b, v);
        out_jw_int(x->w, v);
        break;
    }
    case 3: {
        static const double fixed[] = {0, 1, -1, 0.1, 1e20, 1e21, 1e300, 2.5e-7, 116308, 248770.6};
        double v = g_rand_boolean(r) ? fixed[g_rand_int_range(r, 0, G_N_ELEMENTS(fixed))]
                                     : g_rand_double_range(r, -1e6, 1e6);
        json_builder_add_double_value(x->b, v);
        out_jw_double(x->w, v);
        break;
    }
    case 4:
    case 5: {
        char *s = random_text(r);
        json_builder_add_string_value(x->b, s);
        out_jw_string(x->w, s);
        g_free(s);
        break;
    }
    case 6: {
        int n = g_rand_int_range(r, 0, 4);
        json_builder_begin_array(x->b);
        out_jw_array(x->w);
        for (int i = 0; i < n; i++)
            value(x, depth + 1);
        json_builder_end_array(x->b);
        out_jw_end(x->w);
        break;
    }
    default: {
        int n = g_rand_int_range(r, 0, 4);
        json_builder_begin_object(x->b);
        out_jw_object(x->w);
        for (int i = 0; i < n; i++) {
            char *k = random_text(r);
            char *uk = g_strdup_printf("%d%s", i, k); /* member names distinct */
            key(x, uk);
            value(x, depth + 1);
            g_free(uk);
            g_free(k);
        }
        json_builder_end_object(x->b);
        out_jw_end(x->w);
        break;
    }
    }
}

/* What out_json prints of the builder's tree (stdout redirected to a file). */
static char *tree_text(JsonBuilder *b)
{
    JsonGenerator *g = json_generator_new();
    JsonNode *root = json_builder_get_root(b);
    json_generator_set_root(g, root);
    json_generator_set_pretty(g, TRUE);
    char *s = json_generator_to_data(g, NULL);
    char *line = g_strconcat(s, "\n", NULL); /* out_json ends it with puts */
    g_free(s);
    json_node_unref(root);
    g_object_unref(g);
    return line;
}

static void compare(both *x, char *buf, size_t len)
{
    char *tree = tree_text(x->b);
    size_t tl = strlen(tree), at = 0;
    while (at < len && at < tl && tree[at] == buf[at])
        at++;
    if (tl != len || at != len) {
        size_t from = at > 60 ? at - 60 : 0;
        fail_msg("differ at byte %zu of %zu / %zu: streamed \"%.100s\", json-glib \"%.100s\"", at,
                 len, tl, buf + from, tree + from);
    }
    g_free(tree);
}

static void test_random_documents(void **state)
{
    (void)state;
    GRand *r = g_rand_new_with_seed(20261201);
    for (int doc = 0; doc < 3000; doc++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        both x = {json_builder_new(), out_jw_new(f), r};
        /* A document is an object or an array, as the CLI prints. */
        if (g_rand_boolean(r)) {
            json_builder_begin_object(x.b);
            out_jw_object(x.w);
            for (int i = g_rand_int_range(r, 0, 5); i > 0; i--) {
                char k[16];
                g_snprintf(k, sizeof k, "k%d", i);
                key(&x, k);
                value(&x, 1);
            }
            json_builder_end_object(x.b);
        } else {
            json_builder_begin_array(x.b);
            out_jw_array(x.w);
            for (int i = g_rand_int_range(r, 0, 5); i > 0; i--)
                value(&x, 1);
            json_builder_end_array(x.b);
        }
        out_jw_end(x.w);
        out_jw_finish(x.w);
        fclose(f);
        compare(&x, buf, len);
        g_object_unref(x.b);
        free(buf);
    }
    g_rand_free(r);
}

/* Every byte but NUL in one string and one key; empty containers nested. */
static void test_edges(void **state)
{
    (void)state;
    char all[256];
    for (int c = 1; c < 256; c++)
        all[c - 1] = (char)c;
    all[255] = '\0';
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    both x = {json_builder_new(), out_jw_new(f), NULL};
    json_builder_begin_object(x.b);
    out_jw_object(x.w);
    key(&x, all);
    json_builder_add_string_value(x.b, all);
    out_jw_string(x.w, all);
    key(&x, "empty");
    json_builder_begin_array(x.b);
    out_jw_array(x.w);
    json_builder_begin_object(x.b);
    out_jw_object(x.w);
    key(&x, "o");
    json_builder_begin_object(x.b);
    out_jw_object(x.w);
    json_builder_end_object(x.b);
    out_jw_end(x.w);
    key(&x, "a");
    json_builder_begin_array(x.b);
    out_jw_array(x.w);
    json_builder_end_array(x.b);
    out_jw_end(x.w);
    json_builder_end_object(x.b);
    out_jw_end(x.w);
    json_builder_end_array(x.b);
    out_jw_end(x.w);
    key(&x, "extremes");
    json_builder_begin_array(x.b);
    out_jw_array(x.w);
    json_builder_add_int_value(x.b, G_MININT64);
    out_jw_int(x.w, G_MININT64);
    json_builder_add_int_value(x.b, G_MAXINT64);
    out_jw_int(x.w, G_MAXINT64);
    json_builder_add_double_value(x.b, 1.0 / 3);
    out_jw_double(x.w, 1.0 / 3);
    json_builder_end_array(x.b);
    out_jw_end(x.w);
    json_builder_end_object(x.b);
    out_jw_end(x.w);
    /* A long document crosses the writer's flush threshold many times. */
    out_jw_finish(x.w);
    fclose(f);
    compare(&x, buf, len);
    g_object_unref(x.b);
    free(buf);

    buf = NULL;
    f = open_memstream(&buf, &len);
    x = (both){json_builder_new(), out_jw_new(f), NULL};
    json_builder_begin_array(x.b);
    out_jw_array(x.w);
    for (int i = 0; i < 20000; i++) {
        json_builder_begin_object(x.b);
        out_jw_object(x.w);
        key(&x, "subject");
        json_builder_add_string_value(x.b, "Re: \"quoted\"\tand tabbed");
        out_jw_string(x.w, "Re: \"quoted\"\tand tabbed");
        key(&x, "n");
        json_builder_add_int_value(x.b, i);
        out_jw_int(x.w, i);
        json_builder_end_object(x.b);
        out_jw_end(x.w);
    }
    json_builder_end_array(x.b);
    out_jw_end(x.w);
    out_jw_finish(x.w);
    fclose(f);
    compare(&x, buf, len);
    g_object_unref(x.b);
    free(buf);
}

/* out_date / out_iso_time print what g_date_time_format printed, for
 * random times across GDateTime's range and at its edges. */
static void test_dates(void **state)
{
    (void)state;
    GRand *r = g_rand_new_with_seed(7);
    for (int i = 0; i < 20000; i++) {
        gint64 ts = i < 4 ? (gint64[]){-62135596800, 253402300799, 0, -1}[i]
                          : (gint64)(g_rand_double(r) * 315537897599.0) - 62135596800;
        GDateTime *dt = g_date_time_new_from_unix_utc(ts);
        assert_non_null(dt);
        char *want_day = g_date_time_format(dt, "%Y-%m-%d");
        char *want_time = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
        char *day = out_date(ts), *time = out_iso_time(ts);
        assert_string_equal(day, want_day);
        assert_string_equal(time, want_time);
        g_free(day);
        g_free(time);
        g_free(want_day);
        g_free(want_time);
        g_date_time_unref(dt);
    }
    g_rand_free(r);
    char *s = out_date(253402300800); /* year 10000: no GDateTime either */
    assert_string_equal(s, "?");
    g_free(s);
    s = out_iso_time(-62135596801);
    assert_string_equal(s, "?");
    g_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_documents),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
